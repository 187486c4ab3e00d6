"""`?` lists every key; the command palette reaches every action."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.binding import Binding
from tuikit import FakeClock, screen_text

from eventrunner.store import EventStore
from eventrunner.tui import make_app
from eventrunner.tui.commands import ACTIONS
from eventrunner.tui.screens.attendee_form import AttendeeForm
from eventrunner.tui.screens.help import HelpScreen, key_name, sections


async def test_help_lists_every_binding_of_every_screen(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    app = make_app(small_event(), clock=clock)
    # Tall enough for every key on one page.
    async with app.run_test(size=(120, 160)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        count = 0
        for _, owner in sections():
            for binding in owner.BINDINGS:  # type: ignore[attr-defined]
                assert isinstance(binding, Binding)
                assert key_name(binding.key) in text
                assert binding.description in text
                count += 1
        assert count >= 25
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def test_every_console_action_named_in_the_palette_exists() -> None:
    from eventrunner.tui.app import ConsoleApp

    for title, _, mode, action in ACTIONS:
        if action is None:
            assert mode in ConsoleApp.MODES, title
            continue
        name = action.removeprefix("app.").split("(")[0]
        owner = ConsoleApp if action.startswith("app.") else ConsoleApp.MODES[mode]
        assert hasattr(owner, f"action_{name}"), title


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("walk-in", "form"),
        ("start, pause", "timer"),
    ],
)
async def test_palette_runs_actions(
    small_event: Callable[..., Path], clock: FakeClock, query: str, check: str
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*query)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        if check == "form":
            assert isinstance(app.screen, AttendeeForm)
        else:
            with EventStore.open(path, readonly=True) as s:
                assert s.timer().phase == "meeting"
