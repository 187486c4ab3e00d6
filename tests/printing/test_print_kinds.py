"""Maps, find-your-table, cards, follow-up packs, slips: everyone appears, tables are right."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from printkit import (
    context,
    decode_page,
    page_count,
    page_texts,
    round_robin,
    squares,
    squash,
    unhyphenated,
)

from eventrunner.contacts import followup
from eventrunner.importing import read_event_toml
from eventrunner.model import Attendee, Event, EventSettings, Plan, ReleasePolicy, Round, Table
from eventrunner.printing import PrintContext, PrintError, render_to_file
from eventrunner.printing.fonts import needs_shaping
from eventrunner.printing.identity import zone
from eventrunner.printing.slips import changes
from eventrunner.resources import data_dir


def _print(kind: str, ctx: PrintContext, tmp_path: Path, **kw: object) -> tuple[Path, list[str]]:
    out = tmp_path / f"{kind}.pdf"
    kw.setdefault("warn", lambda _: None)
    render_to_file(kind, ctx, out, **kw)  # type: ignore[arg-type]
    return out, page_texts(out)


def _round_pages(texts: list[str], title: str) -> dict[int, str]:
    """Page texts joined per round, from the 'Round N · title' headings."""
    pages: dict[int, str] = {}
    for text in texts:
        found = re.search(rf"Round (\d+) · {title}", text)
        assert found, "a page without its round heading"
        number = int(found.group(1))
        pages[number] = pages.get(number, "") + "\n" + text
    return pages


def test_lookup_lists_everyone_with_the_right_table(small: PrintContext, tmp_path: Path) -> None:
    _, texts = _print("lookup", small, tmp_path)
    pages = _round_pages(texts, "Find your table")
    assert small.plan is not None
    upcoming = [r for r in small.plan.rounds if r.number > small.played_through]
    assert sorted(pages) == [r.number for r in upcoming]
    for rnd in upcoming:
        lines = [squash(line) for line in pages[rnd.number].replace("\r", "").split("\n")]
        flat = unhyphenated(pages[rnd.number])
        for table in rnd.tables:
            for person in table.attendees:
                name = unhyphenated(small.name(person))
                assert f"{name}{table.number}" in flat, f"{name} should be at {table.number}"
        for person in rnd.byes:
            assert f"{squash(small.name(person))}–" in flat
        assert lines  # the page has rows


def test_lookup_is_alphabetical(tmp_path: Path) -> None:
    ctx = context(30, rounds=1)
    _, texts = _print("lookup", ctx, tmp_path)
    rows = re.findall(r"Person (\d{4}) Example", texts[0])
    assert rows == sorted(rows) and len(rows) == 30 - 11


def _shown(name: str, warnings: list[str]) -> str:
    """A name as the map prints it: whole, or (warned about) at least its first word."""
    if any(repr(name) in w and "shortened" in w for w in warnings):
        return unhyphenated(name.split()[0])
    return unhyphenated(name)


def test_maps_show_every_table_and_who_sits_there(small: PrintContext, tmp_path: Path) -> None:
    warnings: list[str] = []
    _, texts = _print("maps", small, tmp_path, warn=warnings.append)
    pages = _round_pages(texts, "Table map")
    assert small.plan is not None
    for rnd in small.plan.rounds[small.played_through :]:
        flat = unhyphenated(pages[rnd.number])
        for table in rnd.tables:
            names = [_shown(small.name(p), warnings) for p in table.attendees]
            # The number, its zone's colour named under it, then who sits there.
            start = flat.find(f"{table.number}{zone(table.number)[0]}{names[0]}")
            assert start >= 0
            assert all(name in flat[start : start + 300] for name in names)
            if table.shared:
                assert squash("share: " + table.shared[0]) in flat


def test_a_big_room_spills_onto_more_pages(tmp_path: Path) -> None:
    ctx = context(301, rounds=1)
    warnings: list[str] = []
    out, texts = _print("maps", ctx, tmp_path, warn=warnings.append)
    assert page_count(out) > 1
    assert all("Round 1 · Table map" in t for t in texts)
    assert ctx.plan is not None
    flat = unhyphenated("\n".join(texts))
    for table in ctx.plan.rounds[0].tables:
        names = [_shown(ctx.name(p), warnings) for p in table.attendees]
        start = flat.find(f"{table.number}{zone(table.number)[0]}{names[0]}")
        assert start >= 0
        assert all(name in flat[start : start + 300] for name in names)


@pytest.mark.parametrize("size", [2, 3])
def test_cards_give_each_round_table_partners_and_tick_boxes(tmp_path: Path, size: int) -> None:
    ctx = context(13, rounds=4, size=size)
    out, texts = _print("cards", ctx, tmp_path)
    labelled = squash("\n".join(texts))
    # The tick-box label sits on the first line of a partner's name; read the names without it.
    flat = labelled.replace(squash("I'd like to follow up"), "")
    assert ctx.plan is not None
    for person in ctx.event.attendees:
        start = flat.find(squash(person.name) + squash("Spring Mixer"))
        assert start >= 0, f"no card for {person.name}"
        card = flat[start : start + 3000]
        for number, table in ctx.plan.itinerary(person.id):
            if table is None:
                assert f"Round{number}·yousitthisroundout" in card
                continue
            assert f"Round{number}·Table{table.number}" in card
            for other in table.attendees:
                if other != person.id:
                    assert squash(ctx.name(other)) in card
    partners = sum(
        len(t.attendees) - 1 for r in ctx.plan.rounds for t in r.tables for _ in t.attendees
    )
    # One 4 mm tick box per partner on every card, whatever form the card took.
    assert squares(out, 4.0) == partners


def test_cards_carry_an_icebreaker_for_what_the_table_shares(tmp_path: Path) -> None:
    ctx = context(11, rounds=3)
    _, texts = _print("cards", ctx, tmp_path)
    text = "\n".join(texts)
    assert text.count("Ask: “") >= 11
    assert "You share: hockey" in text
    # Every hockey table gets a hockey question from seeds/icebreakers.toml.
    from eventrunner.printing.icebreakers import load_openers

    hockey = load_openers().interests["hockey"]
    assert any(squash(q) in squash(text) for q in hockey)


def test_followup_packs_decode_to_what_each_may_keep(tmp_path: Path) -> None:
    ctx = context(11, rounds=4, played=3)
    out, texts = _print("followups", ctx, tmp_path)
    packs = followup.followups(ctx.event, ctx.played_rounds, ctx.wishes)
    takers = [p for p in ctx.event.attendees if packs[p.id].met]
    assert len(texts) >= len(takers)
    expected = sorted(
        c.text for p in takers for c in followup.contact_cards(packs[p.id], ctx.event)
    )
    decoded = sorted(
        code.text for page in range(len(texts)) for code in decode_page(out, page, 200)
    )
    assert decoded == expected and expected
    for person in takers:
        assert any(squash(f"{ctx.name(person.id)}: your follow-up") in squash(t) for t in texts)


def _decoded(out: Path, pages: int) -> list[str]:
    return sorted(code.text for page in range(pages) for code in decode_page(out, page, 200))


def test_mutual_release_keeps_one_sided_contacts_off_the_page(tmp_path: Path) -> None:
    ctx = context(11, rounds=4, played=3)
    settings = attrs.evolve(ctx.event.settings, release=ReleasePolicy.MUTUAL)
    mutual = attrs.evolve(ctx, event=attrs.evolve(ctx.event, settings=settings))
    out, texts = _print("followups", mutual, tmp_path)
    packs = followup.followups(mutual.event, mutual.played_rounds, mutual.wishes)
    matched = {
        c.text
        for f in packs.values()
        if set(f.contacts) <= set(f.matches)
        for c in followup.contact_cards(f, mutual.event)
    }
    decoded = _decoded(out, len(texts))
    assert decoded and set(decoded) <= matched
    consent_out, consent_texts = _print("followups", ctx, tmp_path / ".." / tmp_path.name)
    assert len(_decoded(consent_out, len(consent_texts))) > len(decoded)


def test_followups_need_played_rounds(small: PrintContext, tmp_path: Path) -> None:
    with pytest.raises(PrintError, match="play"):
        render_to_file("followups", attrs.evolve(small, played_rounds=()), tmp_path / "f.pdf")


def _replanned(ctx: PrintContext) -> PrintContext:
    """Swap two people between tables 1 and 2 of round 3."""
    assert ctx.plan is not None
    rnd = ctx.plan.rounds[2]
    tables = list(rnd.tables)
    a, b = tables[0], tables[1]
    tables[0] = attrs.evolve(a, attendees=(a.attendees[0], b.attendees[1]))
    tables[1] = attrs.evolve(b, attendees=(b.attendees[0], a.attendees[1]))
    rounds = list(ctx.plan.rounds)
    rounds[2] = attrs.evolve(rnd, tables=tuple(tables))
    return attrs.evolve(ctx, plan=Plan(tuple(rounds)), previous_plan=ctx.plan)


def test_slips_list_only_people_whose_future_changed(tmp_path: Path) -> None:
    ctx = _replanned(context(11, rounds=5, played=2))
    changed = changes(ctx)
    assert len(changed) == 4 and all(rounds == [3] for rounds in changed.values())
    _, texts = _print("slips", ctx, tmp_path)
    flat = squash("\n".join(texts))
    for person in ctx.event.attendees:
        assert (squash(person.name) in flat) == (person.id in changed)
    assert ctx.plan is not None
    for person in changed:
        table = ctx.plan.rounds[2].table_of(person)
        assert table is not None
        partner = next(p for p in table.attendees if p != person)
        # Where they sit now (after the old table when it moved), and with whom.
        assert f"Table{table.number}·nowwith{squash(ctx.name(partner))}" in flat
    # Only changed rounds are listed: nobody's slip mentions round 4 or 5.
    assert "Round4" not in flat and "Round5" not in flat


def test_slips_say_old_and_new_table(tmp_path: Path) -> None:
    ctx = context(11, rounds=5, played=2)
    assert ctx.plan is not None
    rnd = ctx.plan.rounds[3]
    moved = attrs.evolve(rnd.tables[0], number=99)
    rounds = list(ctx.plan.rounds)
    rounds[3] = attrs.evolve(rnd, tables=(moved, *rnd.tables[1:]))
    ctx = attrs.evolve(ctx, plan=Plan(tuple(rounds)), previous_plan=ctx.plan)
    assert set(changes(ctx)) == set(moved.attendees)
    _, texts = _print("slips", ctx, tmp_path)
    flat = squash("\n".join(texts))
    assert flat.count(f"Round4·Table{rnd.tables[0].number}→Table99·samepartner") == 2


def test_no_slips_without_a_replan(small: PrintContext, tmp_path: Path) -> None:
    with pytest.raises(PrintError, match="re-plan"):
        render_to_file("slips", small, tmp_path / "s.pdf")
    same = attrs.evolve(small, previous_plan=small.plan)
    with pytest.raises(PrintError, match="changed nobody"):
        render_to_file("slips", same, tmp_path / "s.pdf")


@pytest.fixture(scope="module")
def conference() -> PrintContext:
    """The 150-person sample conference (names in many scripts), tables of four."""
    settings, report = read_event_toml(data_dir("sample_events") / "conference-session.toml")
    assert settings is not None
    people = list(report.attendees)
    return PrintContext(Event(settings, tuple(people)), round_robin(people, 2, size=4))


@pytest.mark.parametrize("kind", ["maps", "lookup", "cards", "badges"])
def test_every_sample_name_reads_back_from_every_kind(
    conference: PrintContext, tmp_path: Path, kind: str
) -> None:
    # A CJK name first in a cell once left the next line in the wrong font (fpdf2 set the
    # font inside q/Q): the text layer then read garbage instead of the next name.
    _, texts = _print(kind, conference, tmp_path)
    flat = squash("\n".join(texts)).replace(squash("I'd like to follow up"), "")
    # Shaped Arabic reads back from the text layer as presentation forms, not as typed.
    readable = [p for p in conference.event.attendees if not needs_shaping(p.name)]
    assert len(readable) > 140
    missing = [p.name for p in readable if squash(p.name) not in flat]
    assert not missing


def test_a_cjk_name_does_not_garble_the_next_line(tmp_path: Path) -> None:
    # fpdf2 set the body font inside the q/Q of a cell starting with a fallback (CJK) glyph,
    # lost it at Q, and drew the next name in the table number's 48 pt font with the wrong
    # glyphs. These three tables reproduced it before `pdfkit.put` re-asserted the font.
    tables = [
        (
            2,
            ["Dana Lewis", "Weronika Lewandowska", "周子轩", "Andrew Bennett"],
            ("human resources", "fitness"),
        ),
        (5, ["小林 結衣", "杨婉婷", "Felix Müller", "يوسف عبد الله"], ("angel investing",)),
        (
            6,
            ["王静怡", "Ben Davis", "James Sullivan", "Kevin Wilson"],
            ("human resources", "employee engagement"),
        ),
    ]
    people = [
        Attendee(id=f"a{t}{i}", name=n) for t, names, _ in tables for i, n in enumerate(names)
    ]
    rnd = Round(
        1,
        tuple(Table(t, tuple(f"a{t}{i}" for i in range(4)), 1, shared) for t, _, shared in tables),
    )
    ctx = PrintContext(
        Event(EventSettings("Mixer", rounds=1, table_size=4), tuple(people)), Plan((rnd,))
    )
    _, texts = _print("maps", ctx, tmp_path)
    flat = squash(texts[0])
    for name in ("Ben Davis", "James Sullivan", "Andrew Bennett", "Felix Müller"):
        assert squash(name) in flat


def test_a_walk_in_card_says_when_they_arrived(tmp_path: Path) -> None:
    ctx = context(10, rounds=4, played=2)
    assert ctx.plan is not None
    late = ctx.event.attendees[0].id
    # The walk-in is in no played round: neither at a table nor on a bye.
    early = [
        attrs.evolve(
            r,
            tables=tuple(
                attrs.evolve(t, attendees=tuple(p for p in t.attendees if p != late))
                for t in r.tables
                if len([p for p in t.attendees if p != late]) >= 2
            ),
            byes=tuple(
                p
                for t in r.tables
                for p in t.attendees
                if late in t.attendees and p != late and len(t.attendees) == 2
            ),
        )
        for r in ctx.plan.rounds[:2]
    ]
    ctx = attrs.evolve(ctx, plan=Plan((*early, *ctx.plan.rounds[2:])))
    _, texts = _print("cards", ctx, tmp_path, only=[late])
    flat = squash("\n".join(texts))
    assert "Round1·arrivedafterround2" in flat and "Round2·arrivedafterround2" in flat
    assert "sitthisroundout" not in flat
