"""What a follow-up mail says and carries, without a server: dry runs, templates, escaping."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import attrs
import pytest
from smtpkit import make_evening, run

from eventrunner.contacts.followup import followups
from eventrunner.mailing import Sender, default_template, load_template
from eventrunner.mailing.compose import compose
from eventrunner.model import Attendee, Event, EventSettings, Presence, Round, Table
from eventrunner.store import EventStore

FROM = "Autumn Team <team@example.org>"


def test_dry_run_writes_one_eml_per_recipient_and_records_nothing(tmp_path: Path) -> None:
    event = make_evening(tmp_path)
    out = tmp_path / "drafts"
    result = run("mail", event, "--from", FROM, "--dry-run", out)
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.eml"))
    assert len(files) == 5
    for f in files:
        msg = message_from_bytes(f.read_bytes(), policy=policy.default)
        assert msg["Message-ID"] and msg["Subject"] == "Your follow-up from Autumn Evening"
        assert msg.get_body(("plain",)) is not None and msg.get_body(("html",)) is not None
        names = [p.get_filename() for p in msg.iter_attachments()]  # type: ignore[attr-defined]
        assert "autumn-evening-follow-up.pdf" in names
    with EventStore.open(event) as store:
        assert store.mail_log() == {}
    refused = run("mail", event, "--from", FROM, "--dry-run", event)  # a file, the event's
    assert refused.exit_code != 0 and "is a file" in refused.output


def test_no_email_and_missing_addresses_get_nothing(tmp_path: Path) -> None:
    event = make_evening(tmp_path)
    out = tmp_path / "drafts"
    result = run("mail", event, "--from", FROM, "--dry-run", out)
    tos = {
        message_from_bytes(f.read_bytes(), policy=policy.default)["To"].addresses[0].addr_spec
        for f in out.glob("*.eml")
    }
    assert "pia@example.org" not in tos  # asked for no email on the form
    assert "1 asked not to be emailed" in result.output
    assert "1 no email address" in result.output


def _event(name: str) -> Event:
    people = (
        Attendee(id="a", name=name, email="a@example.org", interests=("chess",),
                 presence=Presence.PRESENT),
        Attendee(id="b", name="Bo", email="b@example.org", interests=("chess",),
                 presence=Presence.PRESENT),
    )  # fmt: skip
    return Event(settings=EventSettings(name="Night <b>1</b>"), attendees=people)


def test_hostile_names_are_escaped_in_html_and_cannot_inject_headers() -> None:
    hostile = '<script>alert("x")</script> & \r\nBcc: thief@example.org'
    event = _event(hostile)
    played = [Round(number=1, tables=(Table(number=1, attendees=("a", "b")),))]
    packs = followups(event, played, [])
    for me in ("a", "b"):
        msg = compose(
            packs[me], event, template=default_template(), sender=Sender.parse(FROM),
            message_id="<x@example.org>", pdf=None,
        )  # fmt: skip
        raw = msg.as_bytes(policy=policy.SMTP)
        parsed = message_from_bytes(raw, policy=policy.default)
        assert parsed["Bcc"] is None and b"\nBcc:" not in raw
        html = parsed.get_body(("html",)).get_content()
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert "<b>1</b>" not in html  # the event name is attendee-level text too
        text = parsed.get_body(("plain",)).get_content()
        assert "<script>" in text  # plain text shows it as typed: it cannot run there


def test_templates_are_checked_before_anything_is_sent(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('subject = "Hi {{ nmae }}"\ntext = "x"\nhtml = "x"\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"bad.toml: subject: .*nmae"):
        load_template(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text('subject = "x"\ntext = """\nok\n{% if %}\n"""\nhtml = "x"\n')
    with pytest.raises(Exception, match=r"broken.toml: text, line 2"):
        load_template(broken)
    event = make_evening(tmp_path)
    result = run("mail", event, "--from", FROM, "--dry-run", tmp_path / "d", "--template", bad)
    assert result.exit_code == 1 and "nmae" in result.output
    assert not (tmp_path / "d").exists()


def test_save_template_writes_the_default_to_edit(tmp_path: Path) -> None:
    event = make_evening(tmp_path)
    mine = tmp_path / "mine.toml"
    assert run("mail", event, "--save-template", mine).exit_code == 0
    text = mine.read_text(encoding="utf-8").replace("Thank you for coming.", "Merci !")
    mine.write_text(text, encoding="utf-8")
    assert load_template(mine).note.startswith("Merci !")
    assert run("mail", event, "--save-template", mine).exit_code == 1  # never overwritten
    out = tmp_path / "d"
    assert run("mail", event, "--from", FROM, "--template", mine, "--dry-run", out).exit_code == 0
    body = message_from_bytes(next(out.glob("*.eml")).read_bytes(), policy=policy.default)
    assert "Merci !" in body.get_body(("plain",)).get_content()


def test_a_password_option_does_not_exist(tmp_path: Path) -> None:
    event = make_evening(tmp_path)
    result = run("mail", event, "--from", FROM, "--password", "x", "--dry-run", tmp_path / "d")
    assert result.exit_code == 2 and "No such option" in result.output


def test_no_email_column_imports_and_exports(tmp_path: Path) -> None:
    event = make_evening(tmp_path)
    with EventStore.open(event) as store:
        pia = store.attendee("pia")
        assert pia is not None and not pia.consent.mail
        assert all(p.consent.mail for p in store.attendees() if p.id != "pia")
    out = tmp_path / "people-out.csv"
    assert run("export", event, "--attendees", out).exit_code == 0
    header, *_rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert header.endswith(",no_email")
    again = tmp_path / "again.event"
    assert run("new", "Again", "--attendees", out, "-o", again).exit_code == 0
    with EventStore.open(again) as store:
        assert {p.id for p in store.attendees() if not p.consent.mail} == {"pia"}
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email,no_email\nAl,al@example.org,maybe\n", encoding="utf-8")
    result = run("new", "Bad", "--attendees", bad, "-o", tmp_path / "bad.event")
    assert "no_email" in result.output and "not yes or no" in result.output


def test_yes_and_no_in_the_seven_languages(tmp_path: Path) -> None:
    rows = [("ja", False), ("Oui", False), ("sí", False), ("sim", False), ("nee", True),
            ("nein", True), ("", True), ("no", True), ("X", False)]  # fmt: skip
    src = tmp_path / "p.csv"
    src.write_text(
        "name,email,do not email\n"
        + "".join(f"P{i},p{i}@example.org,{v}\n" for i, (v, _) in enumerate(rows)),
        encoding="utf-8",
    )
    event = tmp_path / "p.event"
    assert run("new", "P", "--attendees", src, "-o", event).exit_code == 0
    with EventStore.open(event) as store:
        got = [store.attendee(f"p{i}@example.org") for i in range(len(rows))]
    assert [p.consent.mail for p in got if p] == [ok for _, ok in rows]


def test_sender_addresses_are_checked() -> None:
    with pytest.raises(ValueError, match="--from"):
        Sender.parse("not an address")
    s = Sender.parse("Équipe Automne <equipe@example.org>", "replies@example.org")
    assert s.name == "Équipe Automne" and s.reply_to is not None
    assert attrs.evolve(s, reply_to=None).reply_to is None
