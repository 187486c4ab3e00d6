"""The mail outbox in the event file: claimed before a send, settled after, final once sent."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from eventrunner.model import Attendee, Event, EventSettings
from eventrunner.store import EventStore, MailServer, StoreError


@pytest.fixture
def store(tmp_path: Path) -> EventStore:
    people = (Attendee("ana", "Ana", email="ana@example.org"), Attendee("bo", "Bo"))
    return EventStore.create(tmp_path / "e.event", Event(EventSettings(name="E"), people))


def test_claim_then_settle_then_nothing_more(store: EventStore) -> None:
    first = store.claim_mail("ana", "ana@example.org", "<1@example.org>")
    assert first is not None and first.status == "sending" and first.attempts == 1
    store.settle_mail("ana", "<1@example.org>", None)
    assert store.mail_log()["ana"].status == "sent"
    assert store.claim_mail("ana", "ana@example.org", "<2@example.org>") is None
    journal = [e.detail for e in store.journal() if e.action == "mail"]
    assert journal == ["follow-up mail to ana: sent"]


def test_an_unsettled_or_failed_claim_keeps_its_message_id(store: EventStore) -> None:
    store.claim_mail("ana", "ana@example.org", "<1@example.org>")
    # The program died here: the next run claims it again and gets the same Message-ID.
    again = store.claim_mail("ana", "ana@example.org", "<2@example.org>")
    assert again is not None and again.message_id == "<1@example.org>" and again.attempts == 2
    store.settle_mail("ana", "<1@example.org>", "550 mailbox unavailable")
    failed = store.mail_log()["ana"]
    assert failed.status == "failed" and failed.error == "550 mailbox unavailable"
    third = store.claim_mail("ana", "ana@example.org", "<3@example.org>")
    assert third is not None and third.message_id == "<1@example.org>" and third.attempts == 3


def test_a_sent_message_is_final_whatever_writes_the_file(store: EventStore) -> None:
    store.claim_mail("ana", "ana@example.org", "<1@example.org>")
    store.settle_mail("ana", "<1@example.org>", None)
    raw = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="a sent message is final"):
        raw.execute("UPDATE mail SET status = 'failed'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM mail")
    raw.close()


def test_unknown_attendees_and_claims_are_refused(store: EventStore) -> None:
    with pytest.raises(StoreError, match="no attendee 'zed'"):
        store.claim_mail("zed", "z@example.org", "<1@example.org>")
    with pytest.raises(StoreError, match="was claimed"):
        store.settle_mail("bo", "<9@example.org>", None)
    assert store.mail_log() == {}


def test_server_settings_and_no_email_are_stored(store: EventStore) -> None:
    assert store.mail_server() == MailServer()
    server = MailServer(host="smtp.example.org", port=587, user="me", sender="me@example.org")
    store.set_mail_server(server)
    assert store.mail_server() == server
    assert store.set_mail_consent("ana", False) is True
    assert store.set_mail_consent("ana", False) is False  # unchanged: nothing written
    ana = store.attendee("ana")
    assert ana is not None and not ana.consent.mail
    assert ana.consent.fields == Attendee("x", "x").consent.fields  # the rest of consent kept
