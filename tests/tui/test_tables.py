"""Pilot tests of "a table is unusable": t on the console asks how many tables work from the next
round on, the rounds not started are re-planned with that many through the solver's child
process, and the usual review shows what changes before anything is stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input
from tuikit import FakeClock, make_event, notes, people, screen_text

from eventrunner.model import Plan, Presence
from eventrunner.store import EventStore
from eventrunner.tui import make_app, solving
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.screens.replan import ReplanModal
from eventrunner.tui.screens.tables_modal import TablesModal


@pytest.fixture(autouse=True)
def quick_replan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solving, "PROPOSAL_DELAY", 0.05)
    monkeypatch.setattr(solving, "REPLAN_SECONDS", 0.5)


async def review_open(pilot: object, app: ConsoleApp) -> None:
    for _ in range(100):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        if isinstance(app.screen, ReplanModal):
            await pilot.pause()  # type: ignore[attr-defined]
            return
    raise AssertionError("the re-plan review never opened")


async def ask_tables(pilot: object, app: ConsoleApp, count: str) -> None:
    await pilot.press("t")  # type: ignore[attr-defined]
    assert isinstance(app.screen, TablesModal)
    app.screen.query_one("#tables-count", Input).value = count
    await pilot.press("enter")  # type: ignore[attr-defined]


def stored_plan(path: Path) -> tuple[Plan, list[str]]:
    with EventStore.open(path, readonly=True) as s:
        plan = s.current_plan()
        assert plan is not None
        return plan, [v.reason for v in s.plan_history()]


async def test_fewer_tables_from_the_next_round(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()  # 10 present: 5 tables a round
    app = make_app(path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        before = app.plan
        assert before is not None
        await pilot.press("space")  # round 1 at the tables: it must not change
        await pilot.press("t")
        assert isinstance(app.screen, TablesModal)
        assert "from round 2 on" in screen_text(app)
        assert "The rounds need 5 tables" in screen_text(app)
        await pilot.press("escape")
        await ask_tables(pilot, app, "4")
        await review_open(pilot, app)
        text = screen_text(app)
        assert "Re-plan rounds 2–4? only 4 tables usable" in text
        assert "announced meetings change" in text
        proposal = app.pending
        assert proposal is not None and proposal.frozen == 1
        await pilot.press("y")
        await pilot.pause()
        assert app.pending is None
        assert "Re-plan applied" in notes(app)
    plan, reasons = stored_plan(path)
    assert plan.rounds[0] == before.rounds[0]
    for rnd in plan.rounds[1:]:
        assert len(rnd.tables) <= 4
        assert len(rnd.byes) == 2  # 10 people, 8 seats: two sit out
    # Nobody sits out twice while someone has not sat out yet (3 rounds x 2 byes, 10 people).
    byes = [b for rnd in plan.rounds[1:] for b in rnd.byes]
    assert len(set(byes)) == len(byes)
    assert reasons[-1] == "re-plan: only 4 tables usable"


async def test_the_count_is_validated(small_event: Callable[..., Path], clock: FakeClock) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        for bad in ("0", "6", ""):
            await ask_tables(pilot, app, bad)
            assert isinstance(app.screen, TablesModal)
            assert "whole number of tables from 1 to 5" in screen_text(app)
            await pilot.press("escape")
        assert app.usable_tables is None
        await pilot.pause(0.2)
        assert app.pending is None
    _, reasons = stored_plan(path)
    assert reasons == ["test plan"]


async def test_declining_keeps_the_plan_and_all_tables_again_needs_no_replan(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await ask_tables(pilot, app, "5")  # every table works: nothing to do
        assert "All 5 tables are usable; the plan stays." in notes(app)
        assert not isinstance(app.screen, ReplanModal)
        await ask_tables(pilot, app, "3")
        await review_open(pilot, app)
        await pilot.press("n")
        assert app.pending is None
    _, reasons = stored_plan(path)
    assert reasons == ["test plan"]


async def test_the_limit_holds_after_a_restart_and_for_late_arrivals(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await ask_tables(pilot, app, "3")
        await review_open(pilot, app)
        await pilot.press("y")
    # Reopened: a late arrival's re-plan still uses at most 3 tables.
    app = make_app(path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.usable_tables == 3
        late = next(a for a in app.attendees if a.presence is Presence.REGISTERED)
        await pilot.press("f3", *late.email, "enter")
        for _ in range(100):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if app.pending is not None:
                break
        proposal = app.pending
        assert proposal is not None
        assert "arrived" in proposal.reason and "3 tables usable" in proposal.reason
        assert all(len(r.tables) <= 3 for r in proposal.plan.rounds)
        assert any(late.id in r.byes or r.table_of(late.id) for r in proposal.plan.rounds)
        # All tables work again: the review offers a plan with every table.
        await pilot.press("f2")
        await ask_tables(pilot, app, "5")
        await review_open(pilot, app)
        assert "all tables usable again" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    plan, reasons = stored_plan(path)
    assert reasons[-1].startswith("re-plan: all tables usable again")
    assert max(len(r.tables) for r in plan.rounds) > 3


async def test_remaking_the_plan_keeps_the_limit(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await ask_tables(pilot, app, "3")
        await review_open(pilot, app)
        await pilot.press("y")
        await ask_tables(pilot, app, "3")  # the same again: nothing to re-plan
        assert "use at most 3 tables already" in notes(app)
        assert not isinstance(app.screen, ReplanModal)
        await pilot.press("f4", "m", "y")  # remake, confirmed
        for _ in range(100):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if not app.solving:
                break
        assert "New plan saved" in notes(app)
    plan, reasons = stored_plan(path)
    assert reasons[-1] == "plan for 10 present attendees (3 tables usable)"
    assert all(len(r.tables) <= 3 for r in plan.rounds)


async def test_no_plan_or_nothing_left_to_replan(
    small_event: Callable[..., Path], clock: FakeClock, tmp_path: Path
) -> None:
    app = make_app(small_event(plan=False), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        assert not isinstance(app.screen, TablesModal)
        assert "No plan yet" in notes(app)
    app = make_app(make_event(tmp_path, "tiny", attendees=people(4), rounds=1), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "t")  # the only round is running
        assert not isinstance(app.screen, TablesModal)
        assert "Every round has been played or is running" in notes(app)


async def test_palette_reaches_the_tables_action(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    app = make_app(small_event(), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "ctrl+p", *"table is unusable")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, TablesModal)
