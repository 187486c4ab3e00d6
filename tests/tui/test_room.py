"""Pilot tests of the room as it really is: broken tables by number, the limit restored when
the organizer declines, the start-of-round check of who is here, the review's per-round
changes and the trade between keeping meetings and plan quality."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Input
from tuikit import FakeClock, make_event, notes, people, round_robin, screen_text

from eventrunner.cli.console_cmds import demo_door
from eventrunner.model import EventSettings, Plan, Presence
from eventrunner.store import EventStore
from eventrunner.tui import live, make_app, proposals, solving
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.screens.absent_modal import AbsentModal
from eventrunner.tui.screens.replan import ReplanModal
from eventrunner.tui.screens.tables_modal import TablesModal


@pytest.fixture(autouse=True)
def quick_replan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solving, "PROPOSAL_DELAY", 0.05)
    monkeypatch.setattr(solving, "REPLAN_SECONDS", 0.5)


async def review_open(pilot: object, app: ConsoleApp) -> None:
    for _ in range(200):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        if isinstance(app.screen, ReplanModal):
            await pilot.pause()  # type: ignore[attr-defined]
            return
    raise AssertionError("the re-plan review never opened")


async def answer_tables(pilot: object, app: ConsoleApp, text: str) -> None:
    await pilot.press("t")  # type: ignore[attr-defined]
    assert isinstance(app.screen, TablesModal)
    app.screen.query_one("#tables-count", Input).value = text
    await pilot.press("enter")  # type: ignore[attr-defined]


def stored(path: Path) -> tuple[Plan, list[str]]:
    with EventStore.open(path, readonly=True) as s:
        plan = s.current_plan()
        assert plan is not None
        return plan, [v.reason for v in s.plan_history()]


async def test_a_broken_table_by_number(small_event: Callable[..., Path], clock: FakeClock) -> None:
    path = small_event()  # 10 present: tables 1-5
    app = make_app(path, clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        before = app.plan
        assert before is not None
        await pilot.press("space")  # round 1 runs
        await answer_tables(pilot, app, "2")
        # A single number is a count: ask again with the table's number.
        await review_open(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        assert app.usable_tables is None  # declined: back to no limit
        assert "table limit is back to all tables usable" in notes(app)
        await answer_tables(pilot, app, "#2")
        await review_open(pilot, app)
        text = screen_text(app)
        assert "table 2 broken" in text and "only 4 tables usable" in text
        assert "→" in text  # who changes, old table -> new
        await pilot.press("y")
        await pilot.pause()
    plan, reasons = stored(path)
    assert "table 2 broken" in reasons[-1]
    assert plan.rounds[0] == before.rounds[0]
    old = {(r.number, frozenset(t.attendees)): t.number for r in before.rounds for t in r.tables}
    for rnd in plan.rounds[1:]:
        assert 2 not in {t.number for t in rnd.tables}
        for table in rnd.tables:
            was = old.get((rnd.number, frozenset(table.attendees)))
            assert was in (None, 2, table.number)  # kept meetings keep their table
    # Reopened, the console knows table 2 is still broken.
    app = make_app(path, clock=clock)
    async with app.run_test(size=(110, 32)):
        assert app.broken_tables == frozenset({2})


async def test_declining_restores_the_previous_limit(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        await answer_tables(pilot, app, "4")
        await review_open(pilot, app)
        await pilot.press("y")
        await pilot.pause()
        assert app.usable_tables == 4
        await answer_tables(pilot, app, "2")
        await review_open(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        assert app.usable_tables == 4
        assert "back to 4 tables usable" in notes(app)
        # A remake says which limit it plans under.
        app.start_planning(time_limit=0.5)
        await pilot.pause()
        assert "Planning for 10 present attendees: 4 tables usable" in notes(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.plan is not None
        assert all(len(r.tables) <= 4 for r in app.plan.rounds)


async def test_bad_table_answers_are_one_line(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    app = make_app(small_event(), clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        await answer_tables(pilot, app, "seven")
        assert isinstance(app.screen, TablesModal)
        assert "numbers of the broken tables, like 7, 12" in screen_text(app)
        app.screen.query_one("#tables-count", Input).value = "9, 12"
        await pilot.press("enter")
        await pilot.pause()
        assert "There is no table 9" in notes(app)
        assert app.broken_tables == frozenset()


def _seated_absentees(tmp_path: Path) -> Path:
    """12 registered, 10 checked in, but the plan seats all 12."""
    path = make_event(tmp_path, "absent", attendees=people(12), present=10, plan=False)
    with EventStore.open(path) as store:
        settings = store.settings()
        store.save_plan(round_robin(store.attendees(), settings), reason="made the day before")
    return path


async def test_start_warns_about_seated_people_not_checked_in(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = _seated_absentees(tmp_path)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("space")
        assert isinstance(app.screen, AbsentModal)
        assert "Round 1: 2 people seated in it are not checked in" in screen_text(app)
        await pilot.press("escape")
        assert app.timer_state.phase == live.IDLE
        await pilot.press("space", "s")  # start anyway
        await pilot.pause()
        assert app.timer_state.phase == live.MEETING and app.timer_state.round == 1


async def test_start_offers_the_replan_for_those_present(tmp_path: Path, clock: FakeClock) -> None:
    path = _seated_absentees(tmp_path)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("space", "r")
        await review_open(pilot, app)
        assert "2 seated people not checked in" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        here = {a.id for a in app.attendees if a.presence is Presence.PRESENT}
        assert app.plan is not None
        assert live.seated(app.plan, 0) == here
        await pilot.press("space")  # now consistent: the round starts at once
        await pilot.pause()
        assert app.timer_state.phase == live.MEETING


async def test_the_review_scrolls_and_offers_the_trade(
    small_event: Callable[..., Path], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Offer the other plan whatever it gains, so the test does not hang on the instance.
    monkeypatch.setattr(proposals, "TRADE_POINTS", -1000.0)
    path = small_event(n=40, present=38)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(110, 24)) as pilot:
        await answer_tables(pilot, app, "1, 2, 3")
        await review_open(pilot, app)
        modal = app.screen
        assert isinstance(modal, ReplanModal)
        text = screen_text(app)
        assert "y " in text and "b " in text and "quality" in text
        scroll = modal.query_one("#changes-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0
        await pilot.press("down", "down", "pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0
        proposal = app.pending
        assert proposal is not None and proposal.alternative is not None
        await pilot.press("b")
        await pilot.pause()
        assert "better plan" in notes(app)
    plan, _ = stored(path)
    assert plan.rounds == proposal.alternative.rounds


def test_the_demo_door_is_consistent() -> None:
    crowd = people(24, tricky=False)
    door = demo_door(crowd)
    here = [a for a in door if a.presence is Presence.PRESENT]
    assert 0 < len(door) - len(here) <= len(door) // 6
    evening = round_robin(here, EventSettings(name="demo", rounds=3))
    assert live.absent_seated(door, evening, 1) == ()
