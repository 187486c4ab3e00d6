"""Ticket codes: read from every registration export, stored per attendee, found when scanned."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventrunner.cli import cli as main
from eventrunner.importing import read_attendees
from eventrunner.model import Attendee, Event, EventSettings, Presence, ticket_keys
from eventrunner.store import EventStore
from eventrunner.store.schema import connect_existing

EXPORTS = Path(__file__).parent / "data" / "exports"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        # Eventbrite: order, attendee and barcode numbers are all codes a scanner may read.
        (
            "Order #,First Name,Last Name,Email,Attendee #,Barcode #,Attendee Status",
            "1204518833,Zoë,Martin,z@example.org,1600012345,12045188331600012345001,Attending",
            ("1204518833", "1600012345", "12045188331600012345001"),
        ),
        # Luma: the guest id, and the QR code URL that carries the guest key.
        (
            "api_id,name,email,qr_code_url,approval_status",
            "gst-8f2k1,Ζωή Παππά,zoi@example.org,https://lu.ma/check-in/evt-1?pk=g-Abc123,approved",
            ("gst-8f2k1", "https://lu.ma/check-in/evt-1?pk=g-Abc123"),
        ),
        (
            "guest_id,name,email",
            "g-77,Ana,ana@example.org",
            ("g-77",),
        ),
        # Tito: ticket reference and the unique ticket URL.
        (
            "Ticket Reference,Name,Email,Unique Ticket URL",
            "QX4B-1,Kofi,k@example.org,https://ti.to/tickets/tt_9F3kQ",
            ("QX4B-1", "https://ti.to/tickets/tt_9F3kQ"),
        ),
        # Meetup: the member's user id.
        ("Name,User ID,RSVP", "John Smith,user 20934871,Yes", ("user 20934871",)),
        # Our own CSV: a `ticket` column, several codes separated like tags.
        ("name,ticket", "Ana,A-1; A-2", ("A-1", "A-2")),
    ],
)
def test_every_export_gives_ticket_codes(
    tmp_path: Path, header: str, row: str, expected: tuple[str, ...]
) -> None:
    report = read_attendees(write(tmp_path, f"{header}\n{row}\n"))
    assert report.attendees[0].tickets == expected
    assert all(
        field == "ticket" for h, field in report.mapping if h in header and "ticket" in field
    )


def test_the_eventbrite_sample_keeps_order_and_attendee_numbers() -> None:
    zoe = read_attendees(EXPORTS / "eventbrite.csv").attendees[0]
    assert zoe.tickets == ("1204518833", "1600012345")


def test_scanned_urls_are_known_by_their_key() -> None:
    assert ticket_keys(" https://lu.ma/check-in/evt-1?pk=g-Abc123 ") == (
        "https://lu.ma/check-in/evt-1?pk=g-abc123",
        "g-abc123",
        "evt-1",
    )
    assert ticket_keys("https://ti.to/tickets/tt_9F3kQ")[-1] == "tt_9f3kq"
    assert ticket_keys("  ") == ()


def _store(tmp_path: Path) -> EventStore:
    people = [
        Attendee(id="ana", name="Ana", tickets=("A-1", "ORDER-7")),
        Attendee(id="bo", name="Bo", tickets=("https://lu.ma/check-in/e?pk=g-BO42", "ORDER-7")),
        Attendee(id="cy", name="Cy"),
    ]
    return EventStore.create(tmp_path / "t.event", Event(EventSettings(name="T"), tuple(people)))


def test_codes_find_their_attendee_in_any_form(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        assert [a.id for a in store.find_ticket("a-1")] == ["ana"]
        # The guest key alone, or the whole URL with other letters' case.
        assert [a.id for a in store.find_ticket("g-bo42")] == ["bo"]
        assert [a.id for a in store.find_ticket("HTTPS://LU.MA/check-in/e?pk=g-BO42")] == ["bo"]
        # An order number shared by two tickets names both: the caller must ask.
        assert [a.id for a in store.find_ticket("ORDER-7")] == ["ana", "bo"]
        # An attendee id is a code too (our badges' contact QR names nobody else).
        assert [a.id for a in store.find_ticket("cy")] == ["cy"]
        assert store.find_ticket("nope") == ()


def test_check_in_says_when_someone_was_already_in(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        first = store.check_in("ana")
        assert not first.already and first.attendee.presence is Presence.PRESENT and first.at
        again = store.check_in("ana")
        assert again.already and again.at == first.at
        assert store.checked_in_at("ana") == first.at
        assert [e.action for e in store.journal()].count("presence") == 1


def test_tickets_survive_the_file_and_old_files_open(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        assert store.attendee("bo").tickets[1] == "ORDER-7"  # type: ignore[union-attr]
    # A file from before tickets (version 4): the new columns appear, present people keep
    # a date.
    path = tmp_path / "old.event"
    with EventStore.create(path, Event(EventSettings(name="Old"), (Attendee("x", "X"),))) as s:
        s.set_presence("x", Presence.PRESENT)
    raw = sqlite3.connect(path)
    raw.executescript(
        "DROP TABLE door_keys; ALTER TABLE attendees DROP COLUMN tickets;"
        "UPDATE attendees SET checked_in_at = NULL;"
        "ALTER TABLE attendees DROP COLUMN checked_in_at;"
        "ALTER TABLE attendees DROP COLUMN answers;"
        "PRAGMA user_version = 4;"
    )
    raw.close()
    with EventStore.open(path) as store:
        assert store.attendee("x").tickets == ()  # type: ignore[union-attr]
        assert store.checked_in_at("x").startswith("20")
        assert store.door_keys() == ()
    connect_existing(path, readonly=True).close()


def test_info_counts_attendees_with_a_ticket(tmp_path: Path) -> None:
    with _store(tmp_path):
        pass
    result = CliRunner().invoke(main, ["info", str(tmp_path / "t.event")])
    assert result.exit_code == 0, result.output
    assert "Tickets: 2 of 3 have a ticket code" in result.output


def test_exported_csv_reads_back_with_its_tickets(tmp_path: Path) -> None:
    with _store(tmp_path):
        pass
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        main, ["export", str(tmp_path / "t.event"), "--attendees", str(out)]
    )
    assert result.exit_code == 0, result.output
    back = {a.id: a.tickets for a in read_attendees(out).attendees}
    assert back["bo"] == ("https://lu.ma/check-in/e?pk=g-BO42", "ORDER-7")


def test_an_event_toml_gives_tickets_and_the_chime(tmp_path: Path) -> None:
    from eventrunner.importing import ImportFailed, read_event_toml

    toml = tmp_path / "e.toml"
    toml.write_text(
        '[event]\nname = "C"\nchime_seconds = 30\n\n[[attendee]]\nname = "A"\n'
        'ticket = ["X-1", "X-2"]\n',
        encoding="utf-8",
    )
    settings, report = read_event_toml(toml)
    assert settings is not None and settings.chime_seconds == 30
    assert report.attendees[0].tickets == ("X-1", "X-2")
    toml.write_text('[event]\nname = "C"\nchime_seconds = -5\n', encoding="utf-8")
    with pytest.raises(ImportFailed, match="chime_seconds"):
        read_event_toml(toml)
