"""How every screen looks, at 80x24 and 120x40, built from a bundled sample event through
the real app factory. The clock is frozen and the plan is a round-robin, so every run draws
the same screens. Update with `pytest tests/tui/test_snapshots.py --snapshot-update`."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from textual.pilot import Pilot
from tuikit import FakeClock, make_event, round_robin

from eventrunner.tui import live, make_app, make_projector
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.messages import Proposal

SIZES = [(80, 24), (120, 40)]
SAMPLE = "hr-tweetup"


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """The console shows local time: pin the zone so the clock reads the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def event(tmp_path: Path) -> Path:
    return make_event(tmp_path, SAMPLE, present=20)


async def start_round(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, ConsoleApp)
    await pilot.press("space")
    app.clock.advance(75)  # type: ignore[attr-defined]
    await pilot.pause(0.3)


async def play_round(pilot: Pilot[Any]) -> None:
    await pilot.press("space", "e", "y")
    await pilot.pause(1.7)  # past the end-of-meeting flash


async def flash(pilot: Pilot[Any]) -> None:
    await pilot.press("space", "e", "y")
    await pilot.pause()


async def propose(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, ConsoleApp) and app.plan is not None
    here = [a for a in app.attendees if a.id in live.seated(app.plan, 0)]
    other = round_robin(list(reversed(here)), app.settings)
    proposed = attrs.evolve(other, rounds=(app.plan.rounds[0], *other.rounds[1:]))
    change = live.plan_change(app.plan, proposed, 1)
    app.pending = Proposal(proposed, app.plan, 1, change, "Ann Example arrived")
    await pilot.press("r")


async def steady_cursor(pilot: Pilot[Any]) -> None:
    # A blinking cursor is caught on or off depending on timing: hold it on.
    from textual.widgets import Input

    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def light(pilot: Pilot[Any]) -> None:
    pilot.app.theme = "textual-light"
    await start_round(pilot)


SCREENS: dict[str, tuple[tuple[str, ...], Callable[[Pilot[Any]], Awaitable[None]] | None]] = {
    "console-idle": ((), None),
    "console-meeting": ((), start_round),
    "console-switch": ((), play_round),
    "console-flash": ((), flash),
    "console-light-theme": ((), light),
    "replan-review": (("space",), propose),
    "quit-confirm": (("space", "q"), None),
    "checkin": (("f3", "l", "i"), None),
    "walk-in": (("f3", "ctrl+n", *"Zoë"), None),
    "plan": (("f4", "right"), None),
    "itinerary": (("f4", "i", *"zoe", "enter"), None),
    "followups": (("f5", *"zoe", "enter"), play_round),
    "help": (("question_mark",), None),
    "print": (("p", "down"), None),
    "contact-code": (("f3", *"zoe", "ctrl+r"), None),
    "tables": (("space", "t"), steady_cursor),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_console_screens(
    snap_compare: Any, event: Path, screen: str, size: tuple[int, int]
) -> None:
    keys, before = SCREENS[screen]
    app = make_app(event, clock=FakeClock(), tick=False)

    async def run_before(pilot: Pilot[Any]) -> None:
        if screen == "followups" and before is not None:
            await before(pilot)
            await pilot.press(*keys)
            return
        await pilot.press(*keys)
        if before is not None:
            await before(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_projector(snap_compare: Any, event: Path, size: tuple[int, int]) -> None:
    app = make_projector(event, clock=FakeClock(), poll=False)
    assert snap_compare(app, terminal_size=size)
