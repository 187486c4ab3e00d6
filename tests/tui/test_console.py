"""Pilot tests of the console screen: keys pressed, state asserted on screen and in the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Digits
from tuikit import FakeClock, notes, screen_text

from eventrunner.store import EventStore
from eventrunner.tui import make_app
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.screens.confirm import ConfirmModal
from eventrunner.tui.widgets.countdown import Countdown


def stored(path: Path) -> EventStore:
    return EventStore.open(path, readonly=True)


def digits(app: ConsoleApp) -> str:
    return app.screen.query_one(Countdown).query_one(Digits).value


async def test_space_starts_pauses_and_resumes_the_round(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "not started" in screen_text(app)
        await pilot.press("space")
        with stored(path) as s:
            assert (s.timer().round, s.timer().phase) == (1, "meeting")
        clock.advance(90)
        await pilot.pause(0.3)
        assert digits(app) == "03:30"
        await pilot.press("space")
        with stored(path) as s:
            assert s.timer().phase == "paused"
        clock.advance(600)
        await pilot.pause(0.3)
        assert digits(app) == "03:30"
        assert "paused" in screen_text(app)
        await pilot.press("space")
        clock.advance(30)
        await pilot.pause(0.3)
        assert digits(app) == "03:00"
        with stored(path) as s:
            assert s.timer().phase == "meeting"
            assert s.timer().paused_seconds == pytest.approx(600)


async def test_plus_adds_a_minute_and_it_is_stored(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "plus")
        await pilot.pause(0.3)
        assert digits(app) == "06:00"
        with stored(path) as s:
            assert s.timer().extra_seconds == 60


async def test_end_of_meeting_rings_flashes_marks_played_and_starts_the_switch(
    small_event: Callable[..., Path], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    bells: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        clock.advance(5 * 60 + 1)
        app.tick()
        await pilot.pause()
        assert bells == [1]
        assert app.screen.query_one(Countdown).has_class("-flash")
        assert "switch tables" in screen_text(app)
        assert "Round 2 — find your table" in screen_text(app)
        with stored(path) as s:
            assert s.played_through() == 1
            assert (s.timer().round, s.timer().phase) == (1, "switch")
        clock.advance(60)
        app.tick()
        await pilot.pause()
        with stored(path) as s:
            assert (s.timer().round, s.timer().phase) == (2, "meeting")
        assert "Round 2 of 4" in screen_text(app)


async def test_waiting_mode_needs_space_for_the_next_round(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "space")
        with stored(path) as s:
            assert s.settings().auto_advance is False
        clock.advance(10 * 60)
        app.tick()
        await pilot.pause()
        with stored(path) as s:
            assert (s.timer().round, s.timer().phase) == (1, "switch")
        assert "space starts round 2" in screen_text(app)
        await pilot.press("space")
        with stored(path) as s:
            assert (s.timer().round, s.timer().phase) == (2, "meeting")


async def test_ending_a_round_early_asks_first(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "e")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        with stored(path) as s:
            assert s.played_through() == 0
        await pilot.press("e", "y")
        with stored(path) as s:
            assert s.played_through() == 1
            assert s.timer().phase == "switch"


async def test_the_whole_evening_runs_to_finished(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        for _ in range(4):
            clock.advance(6 * 60)
            app.tick()
        await pilot.pause()
        with stored(path) as s:
            assert s.played_through() == 4
            assert s.timer().phase == "finished"
        assert "All 4 rounds played" in screen_text(app)


async def test_quitting_while_a_round_runs_asks_first(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "q")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        assert app.is_running and not isinstance(app.screen, ConfirmModal)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_quitting_before_the_first_round_does_not_ask(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    app = make_app(small_event(), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_without_a_plan_space_says_what_to_do(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert "make one on the Plan screen" in notes(app)
        with stored(path) as s:
            assert s.timer().phase == "idle"
