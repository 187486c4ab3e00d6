"""Typed answers kept with each attendee and read again: event topics across imports, event
synonyms changed on an existing event, walk-ins read again at the next plan (CLI and
console), played rounds frozen, and files from before answers were kept (schema 5 -> 6)."""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventrunner.cli import cli
from eventrunner.importing import reread
from eventrunner.model import Answers, Attendee, Event, EventSettings
from eventrunner.printing.cards import itinerary
from eventrunner.printing.context import PrintContext
from eventrunner.scheduling import plan
from eventrunner.store import EventStore, StoreError
from eventrunner.store.schema import connect_existing

FIRST = (
    "Name,Email Address,What are your interests?,What are you looking for?\n"
    'Ana,ana@example.org,"Into hiking, also a big fan of Gwent","looking for investors"\n'
    'Ben,ben@example.org,"Wandern und Fotografie, go Caps!",\n'
    'Cy,cy@example.org,"computer vision; knitting circles",\n'
    'Di,di@example.org,"hockey and marketing",\n'
)
LATER = (
    "Name,Email Address,What are your interests?\n"
    'Eve,eve@example.org,"I play Gwent every week, and love photography"\n'
)


def write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: object) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def make_event(tmp_path: Path, rounds: int = 3) -> Path:
    event = tmp_path / "m.event"
    run("new", "Meetup", "--attendees", write(tmp_path, FIRST, "first.csv"), "-o", event,
        "--rounds", rounds)  # fmt: skip
    return event


def people(event: Path) -> dict[str, Attendee]:
    with EventStore.open(event, readonly=True) as store:
        return {a.name: a for a in store.attendees()}


def test_the_answers_are_kept_as_typed(tmp_path: Path) -> None:
    found = people(make_event(tmp_path))
    assert found["Ana"].answers == Answers(
        interests="Into hiking, also a big fan of Gwent", seeks="looking for investors"
    )
    assert found["Di"].answers.interests == "hockey and marketing"


def test_a_topic_shared_across_two_imports_reaches_both(tmp_path: Path) -> None:
    event = make_event(tmp_path)
    assert "gwent" not in people(event)["Ana"].interests  # only one person said it so far
    output = run("import", event, write(tmp_path, LATER, "later.csv"))
    found = people(event)
    assert "gwent" in found["Ana"].interests and "gwent" in found["Eve"].interests
    assert "gwent" not in found["Cy"].interests
    assert "Ana: interests hiking -> hiking, gwent" in output
    # What info shows is the reading of the whole event, topics included.
    info = run("info", event)
    assert "(Ana): 'Into hiking, also a big fan of Gwent' -> hiking, gwent" in info


def test_a_walk_in_shares_a_topic_from_the_next_plan_on(tmp_path: Path) -> None:
    event = make_event(tmp_path)
    with EventStore.open(event) as store:
        # As the console's form adds one: the tags it read, and the words as typed.
        walk_in = Attendee("eve", "Eve", interests=("gwent",), answers=Answers("Gwent"))
        store.add_attendee(walk_in)
        assert store.answers_stale()
    output = run("plan", event, "--time-limit", 0.5)
    assert "Answers read again (walk-ins, edits, event synonyms): tags of 1 attendee" in output
    found = people(event)
    assert "gwent" in found["Ana"].interests
    with EventStore.open(event, readonly=True) as store:
        assert not store.answers_stale()
    again = run("plan", event, "--time-limit", 0.5)
    assert "read again" not in again  # nothing changed since: nothing read


def test_changing_the_synonyms_of_an_event_reads_every_answer_again(tmp_path: Path) -> None:
    event = make_event(tmp_path)
    assert people(event)["Cy"].interests == ("computer vision", "knitting circles")
    synonyms = write(tmp_path, '[synonyms]\n"knitting circles" = "crafts"\n', "syn.toml")
    output = run("import", event, "--synonyms", synonyms)
    assert "Event synonyms (1): knitting circles -> crafts" in output
    assert "tags of 1 attendee changed" in output
    assert "Cy: interests computer vision, knitting circles -> computer vision, crafts" in output
    found = people(event)
    assert found["Cy"].interests == ("computer vision", "crafts")
    assert found["Di"].interests == ("hockey", "marketing")
    assert found["Cy"].answers.interests == "computer vision; knitting circles"  # as typed
    with EventStore.open(event, readonly=True) as store:
        assert store.journal()[-1].action == "tags"
        assert store.interest_reading()[0] == {"knitting circles": "crafts"}
    # The next plan and the cards use the new tag.
    run("import", event, write(tmp_path, "Name,Interests\nJo,crafts\n", "jo.csv"))
    run("plan", event, "--time-limit", 0.5)
    with EventStore.open(event, readonly=True) as store:
        ctx = PrintContext.from_store(store)
        cy = store.attendee("cy@example.org")
    assert cy is not None and ctx.plan is not None
    shared = {p[0]: p[2] for stop in itinerary(ctx, cy) for p in stop.partners}
    assert shared.get("Jo") == ("crafts",)


def test_played_rounds_stay_as_they_were_when_the_synonyms_change(tmp_path: Path) -> None:
    event = make_event(tmp_path)
    run("plan", event, "--time-limit", 0.5)
    run("play", event, "--through", 1)
    with EventStore.open(event, readonly=True) as store:
        played = store.played_rounds()
    change = write(tmp_path, '"knitting circles" = "crafts"\n', "syn.toml")
    assert "tags of 1 attendee changed" in run("import", event, "--synonyms", change)
    run("plan", event, "--time-limit", 0.5)
    with EventStore.open(event, readonly=True) as store:
        assert store.played_rounds() == played
        plan = store.current_plan()
        assert plan is not None and plan.rounds[:1] == played


def test_import_without_a_file_needs_synonyms(tmp_path: Path) -> None:
    event = make_event(tmp_path)
    result = CliRunner().invoke(cli, ["import", str(event)])
    assert result.exit_code != 0
    assert "give an attendees FILE to import, or --synonyms FILE" in result.output
    mapped = CliRunner().invoke(cli, ["import", str(event), "--map", "interests=Hobbies"])
    assert mapped.exit_code != 0
    assert "--map applies to an attendees FILE" in mapped.output


def test_a_reading_that_fails_changes_nothing(tmp_path: Path) -> None:
    event = make_event(tmp_path)
    before = people(event)

    def broken(attendees, spellings):  # type: ignore[no-untyped-def]
        raise StoreError("reading failed")

    with EventStore.open(event) as store:
        with pytest.raises(StoreError):
            store.reread_answers(broken, reason="test", synonyms={"caps": "hockey"})
        assert store.interest_reading()[0] == {}  # the synonyms were not stored either
    assert people(event) == before


def test_reading_again_with_the_same_synonyms_changes_nothing(tmp_path: Path) -> None:
    event = make_event(tmp_path)
    before = people(event)
    with EventStore.open(event) as store:
        read = functools.partial(reread, source=str(event))
        assert store.reread_answers(read, reason="test") == ()
        assert [e.action for e in store.journal()] == ["create"]
    assert people(event) == before


def test_an_edit_in_the_console_form_keeps_the_new_words() -> None:
    from eventrunner.tui.screens.attendee_form import build

    ana = Attendee("ana", "Ana", interests=("hiking", "gwent"), answers=Answers("Gwent, hikes"))
    values = {"name": "Ana", "company": "", "email": "", "share": ""}
    same = build({**values, "interests": "hiking; gwent"}, ana, ())
    assert same.interests == ana.interests and same.answers == ana.answers
    edited = build({**values, "interests": "Gwent and photography"}, ana, ())
    assert edited.answers.interests == "Gwent and photography"
    assert "photography" in edited.interests
    walk_in = build({**values, "name": "Eve", "interests": "Into Gwent"}, None, ())
    assert walk_in.answers == Answers(interests="Into Gwent")


def _version_5_file(path: Path) -> None:
    """An event file as eventrunner wrote it before typed answers were kept."""
    tagged = (
        Attendee("ana", "Ana", interests=("hiking", "gwent")),
        Attendee("ben", "Ben", interests=("caps",)),
    )
    with EventStore.create(path, Event(EventSettings(name="Old"), tagged)) as store:
        store.save_plan(
            plan(list(tagged), EventSettings(name="Old", rounds=1), time_limit=0.5),
            reason="plan",
        )
    raw = sqlite3.connect(path)
    raw.executescript("ALTER TABLE attendees DROP COLUMN answers; PRAGMA user_version = 5;")
    raw.close()


def test_a_version_5_file_opens_and_keeps_its_tags(tmp_path: Path) -> None:
    path = tmp_path / "old.event"
    _version_5_file(path)
    with EventStore.open(path) as store:
        found = {a.id: a for a in store.attendees()}
        assert found["ana"].interests == ("hiking", "gwent")
        assert found["ana"].answers == Answers()
        assert store.journal()[-1].detail == "event file upgraded from version 5 to 6"
        assert not store.answers_stale()
    # New synonyms cannot change tags that have no typed answer behind them: kept, and said.
    output = run("import", path, "--synonyms", write(tmp_path, '"caps" = "hockey"\n', "s.toml"))
    assert "No typed answers are stored" in output
    assert people(path)["Ben"].interests == ("caps",)
    connect_existing(path, readonly=True).close()


def test_two_registrations_of_one_person_keep_both_answers(tmp_path: Path) -> None:
    form = (
        "Name,Email Address,What are your interests?\n"
        'Ana,ana@example.org,"Gwent"\n'
        'Ana,ana@example.org,"hiking in the Alps"\n'
        'Bo,bo@example.org,"gwent, chess"\n'
    )
    event = tmp_path / "d.event"
    run("new", "D", "--attendees", write(tmp_path, form, "d.csv"), "-o", event)
    ana = people(event)["Ana"]
    assert ana.answers.interests == "Gwent\n\nhiking in the Alps"  # a paragraph each
    assert ana.interests == ("gwent", "hiking")
    with EventStore.open(event) as store:
        assert store.reread_answers(functools.partial(reread), reason="test") == ()
    assert people(event)["Ana"].interests == ana.interests


def test_reread_keeps_order_and_leaves_everything_but_tags() -> None:
    tagged = Attendee("x", "X", company="Acme", interests=("knitting",))
    typed = Attendee("y", "Y", company="Beta", answers=Answers(interests="Into ML & hiking"))
    new, notes = reread([tagged, typed], {"ml": "machine learning"}, source="e.event")
    assert [a.id for a in new] == ["x", "y"]
    assert new[0] == tagged
    assert new[1].company == "Beta" and set(new[1].interests) == {"machine learning", "hiking"}
    assert any("(Y): 'Into ML & hiking' ->" in n for n in notes)
