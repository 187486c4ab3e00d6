"""Attendee text is data: markup-like names show literally, escape sequences are stripped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable
from tuikit import TRICKY_NAMES, FakeClock, screen_text

from eventrunner.tui import make_app, make_projector
from eventrunner.tui.text import clean

SHOWN = [clean(n) for n in TRICKY_NAMES]


def test_clean_strips_escapes_but_keeps_every_script() -> None:
    assert clean("\x1b[31mEve\x1b]0;pwned\x07 Red") == "Eve Red"
    for name in ("Bob [/]", "[@click=app.quit]x", "Zoë", "王小明", "Ω", "Ana 🎉 Party"):
        assert clean(name) == name


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_names_render_literally_on_every_screen(
    small_event: Callable[..., Path], clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(small_event(present=None), clock=clock)
    async with app.run_test(size=size) as pilot:
        for key in ("f2", "f3", "f4"):
            await pilot.press(key)
            svg = app.export_screenshot()
            assert "\x1b" not in svg and "pwned" not in svg
            text = screen_text(app)
            shown = [name for name in SHOWN if name in text]
            assert "Bob [/]" in shown and "[@click=app.quit]x" in shown, key
        await pilot.press("f3", *"Bob", "enter", "ctrl+u", *"click", "enter")
        # Notifications carry names too: never as markup.
        messages = list(app._notifications)
        assert [n.markup for n in messages] == [False, False]
        assert messages[0].message == "Bob [/] marked not arrived."
        # A click on the markup-like name is a click on a row, not an action.
        table = app.screen.query_one("#roster", DataTable)
        await pilot.click(table, offset=(12, 1))
        await pilot.pause()
        assert app.is_running


async def test_names_render_literally_on_the_projector(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    app = make_projector(small_event(present=None), clock=clock, poll=False)
    async with app.run_test(size=(120, 40)):
        text = screen_text(app)
        assert "\x1b" not in app.export_screenshot()
        for name in SHOWN:
            assert name in text
