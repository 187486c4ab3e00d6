"""Pilot tests of the Plan screen: the solver in a worker thread, progress, cancel, browsing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from tuikit import FakeClock, notes, screen_text

from eventrunner.store import EventStore
from eventrunner.tui import make_app, solving
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.screens.confirm import ConfirmModal
from eventrunner.tui.screens.itinerary import ItineraryModal
from eventrunner.tui.screens.picker import AttendeePicker
from eventrunner.tui.text import clean


async def wait_for_solver(pilot: object, app: ConsoleApp) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


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
        assert "% of bound" in screen_text(app)
    with EventStore.open(path, readonly=True) as s:
        plan = s.current_plan()
        assert plan is not None and len(plan.rounds) == 4
        seated = {a for r in plan.rounds for t in r.tables for a in t.attendees}
        present = {a.id for a in s.attendees() if a.presence.value == "present"}
        assert seated == present
        assert plan.stats.repeats == 0
        assert [v.reason for v in s.plan_history()] == ["plan for 10 present attendees"]


async def test_keys_are_answered_while_the_solver_runs_and_escape_cancels(
    small_event: Callable[..., Path], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The solver is held in its thread until the test has pressed keys on the UI thread."""
    release = threading.Event()
    started = threading.Event()
    from eventrunner import scheduling

    real_plan = scheduling.plan

    def slow_plan(*args: object, **kwargs: object) -> object:
        started.set()
        cancel = kwargs["cancel"]
        assert callable(cancel)
        while not cancel() and not release.is_set():
            release.wait(0.01)
        return real_plan(*args, **{**kwargs, "time_limit": 0.2})  # type: ignore[arg-type]

    monkeypatch.setattr(scheduling, "plan", slow_plan)
    path = small_event(plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4", "m")
        assert started.wait(5)
        assert app.solving
        assert "Esc cancel" in screen_text(app)
        await pilot.press("right", "f3", *"zoe", "f4")  # the UI keeps working meanwhile
        assert app.current_mode == "plan"
        await pilot.press("escape")
        await wait_for_solver(pilot, app)
        assert not app.solving
        assert "Planning cancelled" in notes(app)
    with EventStore.open(path, readonly=True) as s:
        assert s.current_plan() is None


async def test_stop_keeps_the_best_plan_so_far(
    small_event: Callable[..., Path], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solving, "PLAN_SECONDS", 30.0)
    path = small_event(plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4", "m")
        await pilot.pause(0.5)
        await pilot.press("c")
        await wait_for_solver(pilot, app)
    with EventStore.open(path, readonly=True) as s:
        versions = s.plan_history()
        assert len(versions) == 1
        assert "stopped early" in versions[0].reason or versions[0].stats.solve_seconds < 30


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
