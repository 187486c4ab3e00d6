"""`eventrunner mail` against a real SMTP server on localhost: once, with consent, over TLS.

Every message is parsed back with `email`, its vCards with vobject and its PDF page with
pypdfium2, the way a mail client and a phone would read them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import vobject
from smtpkit import PASSWORD, USER, make_evening, run, smtp_server

from eventrunner.contacts.followup import followups
from eventrunner.model import ReleasePolicy
from eventrunner.store import EventStore

FROM = "Autumn Team <team@example.org>"
FAST = ("--per-minute", "10000")
#: Who should get a message in make_evening: everyone with an email who took part, minus
#: Pia (no email) and Nina (no address).
EXPECTED = {"ada@example.org", "bo@example.org", "zoe@example.org", "wang@example.org",
            "omar@example.org"}  # fmt: skip


def attachments(msg: object) -> dict[str, bytes]:
    """Attachments by file name, as bytes (a mail client saves them so)."""
    out = {}
    for part in msg.iter_attachments():  # type: ignore[attr-defined]
        out[part.get_filename()] = part.get_payload(decode=True)
    return out


def test_sends_each_attendee_one_message_and_a_second_run_sends_nothing(tmp_path: Path) -> None:
    event = make_evening(tmp_path)
    with smtp_server(tmp_path) as server:
        first = run(
            "mail", event, "--smtp", server.address, "--from", FROM, "--per-minute", "10000"
        )
        assert first.exit_code == 0, first.output
        got = server.recorder.by_recipient()
        assert set(got) == EXPECTED
        assert all(len(v) == 1 for v in got.values())
        assert "5 sent" in first.output and "asked not to be emailed" in first.output
        again = run("mail", event, "--per-minute", "10000")  # server and sender remembered
        assert again.exit_code == 0, again.output
        assert len(server.recorder.received) == len(EXPECTED)
        assert "5 already sent" in again.output
    with EventStore.open(event) as store:
        log = store.mail_log()
    ids = {r.message.get("Message-ID") for r in server.recorder.received}
    assert {rec.message_id for rec in log.values()} == ids
    assert all(rec.status == "sent" for rec in log.values())


def test_message_has_both_bodies_the_pdf_page_and_the_contacts_it_may_carry(
    tmp_path: Path,
) -> None:
    event = make_evening(tmp_path)
    with smtp_server(tmp_path) as server:
        assert run("mail", event, "--smtp", server.address, "--from", FROM,
                   "--per-minute", "10000").exit_code == 0  # fmt: skip
    with EventStore.open(event) as store:
        ev, played, wishes = store.event(), store.played_rounds(), store.followups()
    packs = followups(ev, played, wishes)
    people = ev.by_id()
    by_email = {p.email: p for p in ev.attendees if p.email}
    for received in server.recorder.received:
        msg = received.message
        person = by_email[received.rcpt_tos[0]]
        assert msg["From"].addresses[0].addr_spec == "team@example.org"
        assert msg["To"].addresses[0].display_name == " ".join(person.name.split())
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        for m in packs[person.id].met:
            for partner in m.partners:
                name = " ".join(people[partner].name.split())
                assert name in text and name in html.replace("&#39;", "'")
        files = attachments(msg)
        pdf = pdfium.PdfDocument(files["autumn-evening-follow-up.pdf"])
        assert len(pdf) >= 1
        page_text = pdf[0].get_textpage().get_text_range()
        assert "your follow-up" in page_text
        if person.name.isascii():  # other scripts come back shaped, not as typed
            assert person.name in page_text
        allowed = set(packs[person.id].contacts)
        if "contacts.vcf" not in files:
            assert not allowed
            continue
        cards = list(vobject.readComponents(files["contacts.vcf"].decode("utf-8")))
        assert len(cards) == len(allowed)
        for vc in cards:
            other = next(p for p in ev.attendees if " ".join(p.name.split()) == vc.fn.value)
            assert other.id in allowed
            shared = other.consent.fields
            assert ("email" in shared and bool(other.email)) == hasattr(vc, "email")
            assert ("phone" in shared and bool(other.phone)) == hasattr(vc, "tel")
            assert ("company" in shared and bool(other.company)) == hasattr(vc, "org")


def test_mutual_release_sends_contacts_only_on_a_mutual_wish(tmp_path: Path) -> None:
    event = make_evening(tmp_path, release="mutual")
    with EventStore.open(event) as store:
        wishes = {(w.who, w.partner) for w in store.followups()}
        people = store.event().by_id()
    mutual = {(a, b) for a, b in wishes if (b, a) in wishes}
    with smtp_server(tmp_path) as server:
        assert run("mail", event, "--smtp", server.address, "--from", FROM,
                   "--per-minute", "10000").exit_code == 0  # fmt: skip
    seen = 0
    for received in server.recorder.received:
        me = next(p for p in people.values() if p.email == received.rcpt_tos[0])
        files = attachments(received.message)
        names = set()
        if "contacts.vcf" in files:
            names = {c.fn.value for c in vobject.readComponents(files["contacts.vcf"].decode())}
        for other in people.values():
            if " ".join(other.name.split()) in names:
                assert (me.id, other.id) in mutual
                seen += 1
        # A one-way wish stays private under `mutual`: nobody is told about it.
        assert (
            "would like to keep in touch" not in received.message.get_body(("plain",)).get_content()
        )
    assert seen <= len(mutual)
    with EventStore.open(event) as store:
        assert store.settings().release is ReleasePolicy.MUTUAL


def test_starttls_and_login(tmp_path: Path) -> None:
    event = make_evening(tmp_path)
    env = {"EVENTRUNNER_SMTP_PASSWORD": PASSWORD}
    with smtp_server(tmp_path, "starttls") as server:
        result = run("mail", event, "--smtp", server.address, "--user", USER, "--from", FROM,
                     "--cafile", server.cafile, "--per-minute", "10000", env=env)  # fmt: skip
        assert result.exit_code == 0, result.output
        assert server.recorder.received
        assert all(r.encrypted and r.logged_in for r in server.recorder.received)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("evening.event*"))
    assert PASSWORD.encode() not in raw  # never stored, not even in the WAL


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls(tmp_path: Path) -> None:
    event = make_evening(tmp_path)
    env = {"EVENTRUNNER_SMTP_PASSWORD": PASSWORD}
    with smtp_server(tmp_path, "ssl") as server:
        result = run("mail", event, "--smtp", server.address, "--ssl", "--user", USER,
                     "--from", FROM, "--cafile", server.cafile, "--per-minute", "10000",
                     env=env)  # fmt: skip
        assert result.exit_code == 0, result.output
        assert len(server.recorder.received) == len(EXPECTED)


def test_a_login_over_an_unencrypted_connection_is_refused_before_it_is_tried(
    tmp_path: Path,
) -> None:
    event = make_evening(tmp_path)
    env = {"EVENTRUNNER_SMTP_PASSWORD": PASSWORD}
    with smtp_server(tmp_path) as server:
        result = run("mail", event, "--smtp", server.address, "--user", USER, "--from", FROM,
                     env=env)  # fmt: skip
        assert result.exit_code == 1
        assert "would travel in clear" in result.output
        assert server.recorder.auth_tries == 0 and not server.recorder.received
    with EventStore.open(event) as store:
        assert store.mail_log() == {}  # nothing claimed: the run stopped before the first


@pytest.mark.parametrize(
    ("mode", "extra", "says"),
    [
        ("starttls", ["--user", USER], "refused the login"),  # wrong password
        ("starttls", ["--user", USER, "--no-cafile"], "not trusted"),
        ("plain", ["--ssl"], "TLS with"),
        ("plain", ["--starttls"], "does not offer STARTTLS"),
        ("closed", [], "refused the connection"),
    ],
)
def test_server_port_login_and_tls_mistakes_are_one_line(
    tmp_path: Path, mode: str, extra: list[str], says: str
) -> None:
    event = make_evening(tmp_path)
    env = {"EVENTRUNNER_SMTP_PASSWORD": "wrong" if says == "refused the login" else PASSWORD}
    server_mode = "plain" if mode == "closed" else mode
    with smtp_server(tmp_path, server_mode) as server:
        address = "127.0.0.1:1" if mode == "closed" else server.address
        args = ["mail", event, "--smtp", address, "--from", FROM]
        if "--no-cafile" in extra:
            extra = [e for e in extra if e != "--no-cafile"]
        elif server.cafile is not None:
            args += ["--cafile", server.cafile]
        result = run(*args, *extra, env=env)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    error = [line for line in lines if line.startswith("eventrunner:")]
    assert len(error) == 1 and says in error[0], result.output
    assert "Traceback" not in result.output


def test_a_refused_recipient_fails_alone_and_is_retried_next_run(tmp_path: Path) -> None:
    event = make_evening(tmp_path)
    with smtp_server(tmp_path) as server:
        server.recorder.refuse = {"bo@example.org"}
        first = run(
            "mail", event, "--smtp", server.address, "--from", FROM, "--per-minute", "10000"
        )
        assert first.exit_code == 1
        assert "failed: Bo Chen: 550" in first.output
        assert set(server.recorder.by_recipient()) == EXPECTED - {"bo@example.org"}
        server.recorder.refuse = set()
        second = run("mail", event, "--per-minute", "10000")
        assert second.exit_code == 0, second.output
        assert [r.rcpt_tos for r in server.recorder.received[-1:]] == [["bo@example.org"]]
        assert len(server.recorder.received) == len(EXPECTED)


def test_only_and_a_test_send_to_yourself(tmp_path: Path) -> None:
    event = make_evening(tmp_path)
    with smtp_server(tmp_path) as server:
        test = run("mail", event, "--smtp", server.address, "--from", FROM,
                   "--only", "Zoë Martin", "--test-to", "me@example.org")  # fmt: skip
        assert test.exit_code == 0, test.output
        [received] = server.recorder.received
        assert received.rcpt_tos == ["me@example.org"]
        assert received.message["Subject"].startswith("[test] ")
        assert "Hello Zoë" in received.message.get_body(("plain",)).get_content()
        with EventStore.open(event) as store:
            assert store.mail_log() == {}  # a test is recorded nowhere
        only = run("mail", event, "--only", "zoe@example.org")
        assert only.exit_code == 0, only.output
        assert server.recorder.received[-1].rcpt_tos == ["zoe@example.org"]
        with EventStore.open(event) as store:
            assert set(store.mail_log()) == {"zoe"}


def test_a_run_killed_mid_way_then_rerun_gives_everyone_exactly_one_message(
    tmp_path: Path,
) -> None:
    """kill -9 while sending; the rerun sends the rest and at most the in-flight one again,
    with the same Message-ID."""
    extra = "".join(
        f"p{i},Person {i},p{i}@example.org,,Co{i},,math;design,all,\n" for i in range(12)
    )
    event = make_evening(tmp_path, extra_csv=extra)
    with smtp_server(tmp_path) as server:
        env = {**os.environ, "EVENTRUNNER_DEBUG": "1"}
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "eventrunner",
                "mail",
                str(event),
                "--smtp",
                server.address,
                "--from",
                FROM,
                "--per-minute",
                "120",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while len(server.recorder.received) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait()
        before = len(server.recorder.received)
        assert 4 <= before < 17
        rerun = run("mail", event, "--per-minute", "10000")
        assert rerun.exit_code == 0, rerun.output
        got = server.recorder.by_recipient()
    with EventStore.open(event) as store:
        wanted = {p.email for p in store.attendees() if p.email and p.consent.mail}
    assert set(got) == wanted
    twice = {to: msgs for to, msgs in got.items() if len(msgs) > 1}
    assert len(twice) <= 1
    for msgs in twice.values():
        assert len(msgs) == 2
        assert msgs[0].message["Message-ID"] == msgs[1].message["Message-ID"]
