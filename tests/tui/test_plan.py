"""Pilot tests of the Plan screen: the solver in a worker thread, progress, cancel, browsing."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled
from tuikit import FakeClock, make_event, notes, screen_text

from eventrunner.model import Answers, Attendee, Presence
from eventrunner.store import EventStore
from eventrunner.tui import make_app, solving
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.screens.confirm import ConfirmModal
from eventrunner.tui.screens.itinerary import ItineraryModal
from eventrunner.tui.screens.picker import AttendeePicker
from eventrunner.tui.text import clean


async def wait_for_solver(pilot: Pilot[None], app: ConsoleApp) -> None:
    """Until the solver's result (posted from its thread) has been handled."""
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()
    for _ in range(300):
        await pilot.pause(0.1)
        if not app.solving:
            return
    raise AssertionError("the solver never answered")


@pytest.fixture(autouse=True)
def quick_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solving, "PLAN_SECONDS", 1.0)


async def test_make_plan_for_the_present_attendees(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        assert "No plan yet" in screen_text(app)
        assert "10 present attendees" in screen_text(app)
        await pilot.press("m")
        await wait_for_solver(pilot, app)
        assert "New plan saved" in notes(app)
        assert "Plan v1" in screen_text(app)
        shown = screen_text(app)
    with EventStore.open(path, readonly=True) as s:
        plan = s.current_plan()
        assert plan is not None and len(plan.rounds) == 4
        # A plan at its bound with every rule kept is called so; any other shows the gap.
        assert ("proven optimal" if plan.stats.proven_optimal else "% of bound") in shown
        seated = {a for r in plan.rounds for t in r.tables for a in t.attendees}
        present = {a.id for a in s.attendees() if a.presence.value == "present"}
        assert seated == present
        assert plan.stats.repeats == 0
        assert [v.reason for v in s.plan_history()] == ["plan for 10 present attendees"]


async def test_a_plan_in_the_console_reads_the_answers_of_walk_ins_again(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(plan=False)
    with EventStore.open(path) as s:
        first = next(a for a in s.attendees() if a.presence.value == "present")
        s.update_attendee(attrs.evolve(first, answers=Answers("Into hiking, big fan of Gwent")))
        walk_in = Attendee("ines", "Ines", interests=("gwent",), answers=Answers("Gwent"))
        s.add_attendee(attrs.evolve(walk_in, presence=Presence.PRESENT))
        assert s.answers_stale()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4", "m")
        await wait_for_solver(pilot, app)
        assert "New plan saved" in notes(app)
        # The cache the screens and cards read has the tags read again.
        assert "gwent" in app.people[first.id].interests
    with EventStore.open(path, readonly=True) as s:
        assert not s.answers_stale()
        again = s.attendee(first.id)
        assert again is not None and again.interests == ("hiking", "gwent")
        assert "tags" in [e.action for e in s.journal()]


@pytest.fixture
def big_event(tmp_path: Path) -> Path:
    """The 150-person sample at tables of 4, all checked in: the solver works until its time
    limit (no early proof of optimality), so keys can be pressed while it runs."""
    path = make_event(tmp_path, "conference-session", plan=False)
    with EventStore.open(path) as store:
        store.update_settings(attrs.evolve(store.settings(), table_size=4))
    return path


async def test_keys_are_answered_while_the_solver_runs_and_escape_cancels(
    big_event: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solving, "PLAN_SECONDS", 60.0)
    app = make_app(big_event, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4", "m")
        assert app.solving
        assert "Esc cancel" in screen_text(app)
        await pilot.press("f3", *"zoe", "f4")  # the UI keeps working meanwhile
        assert app.current_mode == "plan"
        assert app.solving, notes(app)
        await pilot.press("escape")
        await wait_for_solver(pilot, app)
        assert not app.solving
        assert "Planning cancelled" in notes(app)
    with EventStore.open(big_event, readonly=True) as s:
        assert s.current_plan() is None


async def test_stop_keeps_the_best_plan_so_far(
    big_event: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solving, "PLAN_SECONDS", 60.0)
    app = make_app(big_event, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4", "m")
        for _ in range(100):  # until the solver has a plan to keep
            await pilot.pause(0.1)
            if app.progress is not None and app.progress.stats is not None:
                break
        assert app.solving
        await pilot.press("c")
        await wait_for_solver(pilot, app)
        assert not app.solving
    with EventStore.open(big_event, readonly=True) as s:
        versions = s.plan_history()
        assert len(versions) == 1
        assert versions[0].reason.endswith("(stopped early)")
        assert versions[0].stats.solve_seconds < 30
        plan = s.current_plan()
        assert plan is not None and plan.stats.repeats == 0


async def test_remake_asks_first_and_keeps_played_rounds(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        before = app.plan
        assert before is not None
        await pilot.press("space")  # round 1 runs: it must not change
        await pilot.press("f4", "m")
        assert isinstance(app.screen, ConfirmModal)
        assert "Rounds 1–1 stay" in screen_text(app)
        await pilot.press("y")
        await wait_for_solver(pilot, app)
    with EventStore.open(path, readonly=True) as s:
        after = s.current_plan()
        assert after is not None and len(s.plan_history()) == 2
        assert after.rounds[0] == before.rounds[0]


async def test_browse_rounds_and_an_itinerary(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        assert "Round 1 of 4" in screen_text(app)
        await pilot.press("right", "right")
        assert "Round 3 of 4 · not played yet" in screen_text(app)
        await pilot.press("i")
        assert isinstance(app.screen, AttendeePicker)
        await pilot.press(*"bob", "enter")
        assert isinstance(app.screen, ItineraryModal)
        text = screen_text(app)
        assert "Itinerary of Bob [/]" in text
        plan = app.plan
        assert plan is not None
        bob = next(a.id for a in app.attendees if a.name == "Bob [/]")
        partners = {
            clean(app.people[p].name) for _, t in plan.itinerary(bob) if t for p in t.attendees
        } - {"Bob [/]"}
        assert partners
        assert all(name in text for name in partners)
        await pilot.press("escape")
        assert not isinstance(app.screen, ItineraryModal)
