"""`play`, `followup`, `qr` and the follow-up exports, as an organizer runs them after an
evening run from paper. What we write is read back like a phone or a mail client would."""

from __future__ import annotations

import csv
from pathlib import Path

import attrs
import pytest
import vobject
import zxingcpp
from click.testing import CliRunner, Result
from PIL import Image

from eventrunner.cli import cli
from eventrunner.model import ReleasePolicy
from eventrunner.store import EventStore


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def evening(tmp_path: Path) -> Path:
    """Four people, two rounds planned and played. Ada shares everything, Bo nothing."""
    src = tmp_path / "people.csv"
    src.write_text(
        "id,name,email,phone,company,linkedin,interests,share\n"
        'ada,"Lovelace, Ada",ada@example.org,+44 1,Engines,adal,math;poetry,all\n'
        "bo,Bo Chen,bo@example.org,+44 2,Mills,boc,math;design,none\n"
        "zoe,Zoë Martin,zoe@example.org,+44 3,Atelier,zoem,poetry;design,email\n"
        "wang,王小明,wang@example.org,+44 4,Engines,wxm,design;math,\n",
        encoding="utf-8",
    )
    event = tmp_path / "e.event"
    assert run("new", "Evening", "--attendees", src, "-o", event, "--rounds", "3").exit_code == 0
    assert run("plan", event, "--time-limit", "1").exit_code == 0
    assert run("play", event, "--through", "2").exit_code == 0
    return event


def partners_of(event: Path, who: str) -> list[str]:
    with EventStore.open(event) as store:
        return [
            p
            for rnd in store.played_rounds()
            for t in rnd.tables
            if who in t.attendees
            for p in t.attendees
            if p != who
        ]


def test_play_records_rounds_and_refuses_beyond_the_plan(evening: Path) -> None:
    with EventStore.open(evening) as store:
        assert store.played_through() == 2
    result = CliRunner().invoke(cli, ["play", str(evening), "--through", "4"])
    assert result.exit_code == 1
    assert "only 3 rounds" in result.output


def test_followup_records_wishes_by_id_or_email(evening: Path) -> None:
    partner = partners_of(evening, "ada")[0]
    result = run("followup", evening, "ADA@example.org", partner)
    assert result.exit_code == 0, result.output
    assert "recorded" in result.output
    again = run("followup", evening, "ada", partner)
    assert "already recorded" in again.output
    with EventStore.open(evening) as store:
        assert [(w.who, w.partner) for w in store.followups()] == [("ada", partner)]


def test_followup_refuses_unknown_people_in_one_line(evening: Path) -> None:
    result = CliRunner().invoke(cli, ["followup", str(evening), "ada", "nobody@example.org"])
    assert result.exit_code == 1
    assert "no attendee with id or email 'nobody@example.org'" in result.output


def test_qr_svg_and_png_decode_to_the_consented_card(evening: Path, tmp_path: Path) -> None:
    png = tmp_path / "bo.png"
    assert run("qr", evening, "bo", "--png", png).exit_code == 0
    (code,) = zxingcpp.read_barcodes(Image.open(png))
    card = vobject.readOne(code.text)
    assert card.fn.value == "Bo Chen"
    # Bo shares nothing: no email, no phone, no LinkedIn in his code.
    assert "EMAIL" not in code.text and "TEL" not in code.text and "boc" not in code.text
    svg = tmp_path / "ada.svg"
    assert run("qr", evening, "ada", "--svg", svg).exit_code == 0
    assert svg.read_text(encoding="utf-8").startswith("<")
    terminal = run("qr", evening, "wang")
    assert terminal.exit_code == 0
    assert "▀" in terminal.output or "▄" in terminal.output


def test_vcf_export_holds_only_what_partners_share(evening: Path, tmp_path: Path) -> None:
    folder = tmp_path / "vcf"
    result = run("export", evening, "--vcf", folder)
    assert result.exit_code == 0, result.output
    with EventStore.open(evening) as store:
        people = {a.id: a for a in store.attendees()}
    for path in folder.glob("*.vcf"):
        for card in vobject.readComponents(path.read_text(encoding="utf-8")):
            (giver,) = [a for a in people.values() if a.name == card.fn.value]
            emails = [e.value for e in card.contents.get("email", [])]
            phones = [t.value for t in card.contents.get("tel", [])]
            assert not emails or "email" in giver.consent.fields
            assert not phones or "phone" in giver.consent.fields
    ada_partners = partners_of(evening, "ada")
    # Everyone who met Ada may keep her card (she shares all) with her email in it.
    for pid in ada_partners:
        text = (folder / f"{pid}.vcf").read_text(encoding="utf-8")
        assert "ada@example.org" in text


def test_mutual_release_needs_both_wishes(evening: Path, tmp_path: Path) -> None:
    with EventStore.open(evening) as store:
        store.update_settings(attrs.evolve(store.settings(), release=ReleasePolicy.MUTUAL))
    partner = partners_of(evening, "ada")[0]
    run("followup", evening, partner, "ada")
    one_way = tmp_path / "one"
    run("export", evening, "--vcf", one_way)
    assert not (one_way / f"{partner}.vcf").exists()
    run("followup", evening, "ada", partner)
    both = tmp_path / "both"
    run("export", evening, "--vcf", both)
    assert "ada@example.org" in (both / f"{partner}.vcf").read_text(encoding="utf-8")


def test_mail_merge_has_a_row_per_attendee_and_is_formula_safe(
    evening: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mm.csv"
    assert run("export", evening, "--mail-merge", out).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["email"] for r in rows) == sorted(
        ["ada@example.org", "bo@example.org", "zoe@example.org", "wang@example.org"]
    )
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert row["summary"]
