"""The console's side of the door: station keys made and revoked, the warning chime."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import attrs
from textual.widgets import DataTable
from tuikit import FakeClock, notes

from eventrunner.model import EventSettings
from eventrunner.store import EventStore
from eventrunner.tui import live, make_app
from eventrunner.tui.screens.door_keys import DoorKeysModal


async def test_station_keys_are_shown_made_and_revoked(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    with EventStore.open(path) as store:
        first = store.add_door_key("station 1")
        store.set_door_address("http://192.168.1.20:8080")
    app = make_app(path, clock=clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("f3", "ctrl+g")
        assert isinstance(app.screen, DoorKeysModal)
        link = str(app.screen.query_one("#door-link").render())
        assert f"http://192.168.1.20:8080/s/{first.key}/" in link
        code = str(app.screen.query_one("#door-code").render())
        assert "█" in code or "▀" in code  # the QR code of that link
        await pilot.press("n")
        with EventStore.open(path, readonly=True) as s:
            assert len([k for k in s.door_keys() if k.revoked_at is None]) == 2
        app.screen.query_one(DataTable).move_cursor(row=0)
        await pilot.press("delete")
        with EventStore.open(path, readonly=True) as s:
            assert not s.key_opens(first.key)
            assert len([k for k in s.door_keys() if k.revoked_at is None]) == 1
        assert "can no longer open the door page" in notes(app)


def test_the_chime_falls_once_a_minute_before_the_end() -> None:
    settings = EventSettings(name="x", minutes=5, chime_seconds=60)
    state = live.start_meeting(1, 1000.0)
    ticks = [1000.0 + t * 0.2 for t in range(0, 1600)]  # 0 .. 320 s, the console's pace
    due = [b for a, b in itertools.pairwise(ticks) if live.chime_due(state, settings, a, b)]
    assert len(due) == 1 and 239.9 <= due[0] - 1000.0 <= 240.2
    off = attrs.evolve(settings, chime_seconds=0)
    assert not any(live.chime_due(state, off, a, b) for a, b in itertools.pairwise(ticks))
    # Paused, nothing chimes however the clock moves.
    paused = live.pause(state, 1100.0)
    assert not live.chime_due(paused, settings, 1239.0, 1241.0)
    assert live.chime_words(settings) == "1 minute"
    assert live.chime_words(attrs.evolve(settings, chime_seconds=30)) == "30 seconds"


async def test_the_console_chimes_and_says_so(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock, tick=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")  # round 1 starts (5 minutes)
        app.tick()
        clock.advance(239)
        app.tick()
        assert "left in this round" not in notes(app)
        clock.advance(2)
        app.tick()
        await pilot.pause()
        assert "1 minute left in this round." in notes(app)
