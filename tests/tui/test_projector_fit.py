"""The browser projector's type: as large as lets the round's whole "find your table" list
fit one page (`screen_cells`), checked by running the projector at that size."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from tuikit import FakeClock, make_event, people

from eventrunner.tui import make_projector
from eventrunner.tui.serving import projector_cells
from eventrunner.tui.widgets.bigdigits import BigDigits
from eventrunner.tui.widgets.find_table import SCREEN, FindYourTable, screen_cells


@pytest.mark.parametrize("count", [6, 20, 30, 70])
async def test_the_list_fits_one_page_on_the_cells_asked_for(
    count: int, tmp_path: Path, clock: FakeClock
) -> None:
    path = make_event(tmp_path, f"fit{count}", attendees=people(count), present=None)
    cells = projector_cells(path)
    size = (cells["columns"], cells["rows"])
    app = make_projector(path, clock=clock, poll=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        board = app.query_one(FindYourTable)
        assert len(board.rows) == count
        # Everybody on the screen at once, unless the full screen cannot hold them (a
        # crowd: then the list pages by itself).
        assert board.pages() == 1 or size == SCREEN
        if count == 6:
            assert size[1] < SCREEN[1]  # a few people: fewer, larger cells
        if count == 70:
            assert size == SCREEN and board.pages() > 1
        # The countdown keeps its third of the screen at any size: the digits drawn, less
        # a half-lit edge row, fill a third of the rows.
        drawn = [row for row in app.query_one(BigDigits).rows() if row.strip()]
        assert (len(drawn) - 0.5) * 3 >= size[1], (len(drawn), size)


def test_fewer_people_ask_for_fewer_cells_so_larger_type() -> None:
    rows = [(f"Person {i:03d} Example", str(i % 9 + 1)) for i in range(200)]
    sizes = [screen_cells(rows[:n]) for n in (4, 12, 30, 60)]
    assert sizes[0][1] < sizes[-1][1]
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(sizes))
    assert all(abs(c / r - SCREEN[0] / SCREEN[1]) < 0.2 for c, r in sizes)  # same shape
    assert screen_cells(rows) == SCREEN  # a crowd: the full screen, and the list pages


def test_an_unreadable_file_keeps_the_full_screen(tmp_path: Path) -> None:
    cells = projector_cells(tmp_path / "missing.event")
    assert (cells["columns"], cells["rows"]) == SCREEN  # an unreadable file: the default
