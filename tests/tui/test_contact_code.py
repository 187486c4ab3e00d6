"""Pilot tests of the contact code on screen: ctrl+r on the roster shows the highlighted
attendee's badge code, black on white, and what is drawn reads back like a phone would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
import zxingcpp
from PIL import Image
from rich.segment import Segment
from textual.geometry import Region
from textual.widgets import Static
from tuikit import FakeClock, make_event, people, screen_text

from eventrunner.contacts import badge_payload
from eventrunner.contacts.qr import to_terminal
from eventrunner.model import Consent
from eventrunner.store import EventStore
from eventrunner.tui import make_app
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.screens.contact_code import ContactCodeModal

#: Which half of a cell a character fills: (top, bottom).
HALVES = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)}


def drawn_lines(app: ConsoleApp) -> list[list[Segment]]:
    """The code widget as the screen draws it: one list of segments per terminal line."""
    code = app.screen.query_one("#code", Static)
    width, height = code.size
    return [list(strip) for strip in code.render_lines(Region(0, 0, width, height))]


def modules(lines: list[str]) -> list[list[bool]]:
    """Dark modules from black-on-white half blocks (a block is a dark module)."""
    rows: list[list[bool]] = []
    for line in lines:
        rows.append([HALVES[ch][0] for ch in line])
        rows.append([HALVES[ch][1] for ch in line])
    return rows


def decode(rows: list[list[bool]], scale: int = 4) -> bytes:
    side = len(rows[0])
    img = Image.new("L", (side, len(rows)), 255)
    img.putdata([0 if dark else 255 for row in rows for dark in row])
    img = img.resize((side * scale, len(rows) * scale), Image.Resampling.NEAREST)
    found = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    return bytes(found[0].bytes)


async def test_ctrl_r_shows_the_badge_code_that_reads_back(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    with EventStore.open(path, readonly=True) as s:
        journal = len(s.journal())
    app = make_app(path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3", *"zoe lef", "ctrl+r")
        assert isinstance(app.screen, ContactCodeModal)
        zoe = app.screen.attendee
        assert zoe.name == "Zoë Lefèvre"
        payload = badge_payload(zoe)
        text = screen_text(app)
        assert "Contact code of Zoë Lefèvre" in text
        assert payload.describe() in text
        lines = drawn_lines(app)
        drawn = ["".join(seg.text for seg in line) for line in lines]
        assert "\n".join(drawn) == to_terminal(payload.text, invert=True)
        # Black on white in any theme: every cell of the code.
        for line in lines:
            for seg in line:
                assert seg.style is not None and seg.style.color is not None
                assert seg.style.color.get_truecolor() == (0, 0, 0)
                assert seg.style.bgcolor is not None
                assert seg.style.bgcolor.get_truecolor() == (255, 255, 255)
        assert decode(modules(drawn)) == payload.text.encode("utf-8")
        await pilot.press("escape")
        assert not isinstance(app.screen, ContactCodeModal)
        assert app.focused is app.screen.query_one("#search")  # typing searches again
    with EventStore.open(path, readonly=True) as s:
        assert len(s.journal()) == journal  # looking at a code changes nothing


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_code_is_black_on_white_in_both_themes(
    small_event: Callable[..., Path], clock: FakeClock, theme: str
) -> None:
    app = make_app(small_event(), clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await pilot.press("f3", *"omega", "ctrl+r")
        colours = {
            (seg.style.color.get_truecolor(), seg.style.bgcolor.get_truecolor())
            for line in drawn_lines(app)
            for seg in line
            if seg.style is not None and seg.style.color and seg.style.bgcolor
        }
        assert colours == {((0, 0, 0), (255, 255, 255))}


async def test_the_code_holds_only_what_the_attendee_shares(tmp_path: Path) -> None:
    crowd = people(12)
    crowd[2] = attrs.evolve(crowd[2], consent=Consent.from_text("none"))  # Zoë Lefèvre
    path = make_event(tmp_path, "consent", attendees=crowd, present=10)
    app = make_app(path, clock=FakeClock(), tick=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3", *"zoe lef", "ctrl+r")
        assert "In it: name" in screen_text(app)
        drawn = ["".join(seg.text for seg in line) for line in drawn_lines(app)]
        read = decode(modules(drawn)).decode("utf-8")
        assert "Zoë Lefèvre" in read
        assert crowd[2].email and crowd[2].email not in read


async def test_markup_in_a_name_shows_literally(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    app = make_app(small_event(), clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3", *"click", "ctrl+r")
        assert isinstance(app.screen, ContactCodeModal)
        title = app.screen.query_one("#code-title", Static).content
        assert str(title) == "Contact code of [@click=app.quit]x"
        assert "[@click=app.quit]x" in screen_text(app)
        await pilot.press("enter")
        assert app.is_running and not isinstance(app.screen, ContactCodeModal)


async def test_nothing_highlighted_shows_nothing(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    app = make_app(small_event(), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", *"nobody by this name", "ctrl+r")
        assert not isinstance(app.screen, ContactCodeModal)


async def test_palette_shows_the_contact_code(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    app = make_app(small_event(), clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3", *"omega", "ctrl+p", *"contact code")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ContactCodeModal)
        assert app.screen.attendee.name == "Ω Omega"
