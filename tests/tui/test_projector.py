"""The projector view: read-only, follows the event file, pages its "find your table" list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tuikit import FakeClock, people, screen_text

from eventrunner.store import EventStore
from eventrunner.tui import live, make_projector
from eventrunner.tui.projector import ProjectorApp
from eventrunner.tui.screens.roster import fold
from eventrunner.tui.widgets.bigdigits import BigDigits
from eventrunner.tui.widgets.find_table import FindYourTable, entries, entry_line


def test_entries_are_alphabetical_with_table_numbers_and_byes(
    small_event: Callable[..., Path],
) -> None:
    with EventStore.open(small_event(n=11, present=None), readonly=True) as s:
        plan = s.current_plan()
        assert plan is not None
        rows = entries(plan.rounds[0], {a.id: a for a in s.attendees()})
    assert len(rows) == 11
    assert [r[1] for r in rows].count("bye") == 1
    keys = [fold(r[0]) for r in rows]
    assert keys == sorted(keys)


def test_entry_lines_have_the_same_width_in_any_script() -> None:
    from rich.cells import cell_len

    for name in ("Ann", "王小明王小明王小明王小明王小明", "Zoë", "A" * 60):
        assert cell_len(entry_line(name, "12", 30)) == 30


async def test_follows_the_console_and_never_writes(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_projector(path, clock=clock)
    assert isinstance(app, ProjectorApp)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Find your table — round 1" in screen_text(app)
        assert "starting soon" in screen_text(app)
        with EventStore.open(path) as console_side:
            console_side.set_timer(live.start_meeting(1, clock.now), action="round 1 started")
            before = console_side.journal()
        clock.advance(61)
        await pilot.pause(1.2)
        assert "Round 1 of 4" in screen_text(app)
        assert app.query_one(BigDigits).text == "03:59"
    with EventStore.open(path, readonly=True) as s:
        assert s.journal() == before


async def test_long_lists_page_by_themselves(tmp_path: Path, clock: FakeClock) -> None:
    from tuikit import make_event

    path = make_event(tmp_path, "big", attendees=people(60, tricky=False), present=None)
    app = make_projector(path, clock=clock, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(FindYourTable)
        assert board.pages() > 1
        first = screen_text(app)
        assert f"page 1 of {board.pages()}" in first
        board.next_page()
        await pilot.pause()
        second = screen_text(app)
        assert f"page 2 of {board.pages()}" in second
        assert first != second


async def test_the_countdown_fills_a_third_of_any_screen(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    with EventStore.open(path) as console_side:
        console_side.set_timer(live.start_meeting(1, clock.now), action="round 1 started")
    for size in ((80, 24), (85, 24), (120, 40), (200, 60)):
        app = make_projector(path, clock=clock, poll=False)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            digits = app.query_one(BigDigits)
            drawn = [row for row in digits.rows() if row.strip()]
            assert len(drawn) >= size[1] / 3, size
            assert max(len(r) for r in drawn) <= size[0]
            assert digits.text == "05:00"


def test_big_digits_are_the_digits_asked_for() -> None:
    from eventrunner.tui.widgets.bigdigits import pixels, render

    # One cell across and two half-rows down per font pixel: the drawing is the font itself.
    for digit in "0123456789":
        expected = [row.replace("1", "█").replace("0", " ").rstrip() for row in pixels(digit)]
        assert render(digit, 5, 7) == expected


async def test_find_your_table_uses_the_width_for_short_names(
    tmp_path: Path, clock: FakeClock
) -> None:
    from tuikit import make_event

    path = make_event(tmp_path, "wide", attendees=people(60, tricky=False), present=None)
    app = make_projector(path, clock=clock, poll=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        board = app.query_one(FindYourTable)
        columns, _ = board.grid()
        assert columns * board.column_width() + 2 * (columns - 1) <= 160
        assert columns >= 160 // 42  # never fewer columns than the widest allowed
