"""Find-your-table sheets set in the largest type that fits: rendered, then read back with
pdfium (sizes of the printed characters, their boxes), never taken from the layout code."""

from __future__ import annotations

from pathlib import Path

import pytest
from printkit import context, people, round_robin, sized_chars

from eventrunner.model import Attendee, Event, EventSettings
from eventrunner.printing import PrintContext, render_to_file
from eventrunner.printing.lookup import NAME_FLOOR

Char = tuple[str, float, tuple[float, float, float, float]]
A4 = (210.0, 297.0)


def _render(ctx: PrintContext, tmp_path: Path) -> tuple[list[list[Char]], list[str]]:
    out = tmp_path / "lookup.pdf"
    warned: list[str] = []
    render_to_file("lookup", ctx, out, warn=warned.append)
    return sized_chars(out), warned


def _round_one(ctx: PrintContext) -> PrintContext:
    assert ctx.plan is not None
    return PrintContext(
        event=ctx.event,
        plan=type(ctx.plan)(rounds=ctx.plan.rounds[:1], stats=ctx.plan.stats),
    )


def _name_size(pages: list[list[Char]]) -> float:
    """The size most names are printed at (the table numbers are the largest, the headers
    the smallest): the most frequent size of letters."""
    sizes: dict[float, int] = {}
    for page in pages:
        for ch, size, _ in page:
            if ch.isalpha():
                sizes[round(size, 1)] = sizes.get(round(size, 1), 0) + 1
    return max(sizes, key=lambda s: sizes[s])


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    left_a, bottom_a, right_a, top_a = a  # pdfium's char boxes: left, bottom, right, top
    left_b, bottom_b, right_b, top_b = b
    return left_a < right_b and left_b < right_a and bottom_a < top_b and bottom_b < top_a


def _assert_nothing_overflows(pages: list[list[Char]]) -> None:
    width, height = A4
    for page in pages:
        for ch, _, (left, bottom, right, top) in page:
            assert left >= 0 and bottom >= 0, ch
            assert right <= width and top <= height, ch
        # No letter of a name runs into a table number (digits printed larger than names).
        biggest = max(size for _, size, _ in page)
        names = [box for ch, size, box in page if ch.isalpha() and size < biggest]
        numbers = [box for ch, size, box in page if ch.isdigit() and size == biggest]
        for box in names:
            assert not any(_overlaps(box, number) for number in numbers)


def test_fewer_people_get_larger_names_and_nothing_overflows(tmp_path: Path) -> None:
    sizes = []
    for count in (6, 24, 60):
        ctx = _round_one(context(count, rounds=1))
        pages, _ = _render(ctx, tmp_path)
        _assert_nothing_overflows(pages)
        sizes.append(_name_size(pages))
        assert min(s for page in pages for ch, s, _ in page if ch.isalpha() and s > 10) >= (
            NAME_FLOOR - 0.01
        )
    assert sizes[0] > sizes[1] > sizes[2] - 0.01, sizes
    assert sizes[0] >= 2 * NAME_FLOOR  # six people: the type is large, not a list at 16 pt


def test_a_small_round_fits_one_page_and_a_crowd_keeps_the_floor(tmp_path: Path) -> None:
    small, _ = _render(_round_one(context(24, rounds=1)), tmp_path)
    assert len(small) == 1
    crowd, warned = _render(_round_one(context(300, rounds=1)), tmp_path)
    assert len(crowd) > 1
    assert _name_size(crowd) >= NAME_FLOOR - 0.01
    _assert_nothing_overflows(crowd)
    assert not warned


@pytest.mark.parametrize("length", [12, 40])
def test_short_names_share_the_page_in_columns(length: int, tmp_path: Path) -> None:
    # The same number of people: short names go in more columns at a larger size than
    # long ones could (the size follows the names actually printed).
    attendees = tuple(
        Attendee(id=f"p{i}", name=f"{chr(65 + i % 26)}{'x' * (length - 1)} {i}", interests=("a",))
        for i in range(80)
    )
    ctx = PrintContext(Event(EventSettings("Fit"), attendees), plan=round_robin(attendees, 1))
    pages, _ = _render(ctx, tmp_path)
    _assert_nothing_overflows(pages)
    left_edges = {round(box[0] / 10) for ch, _, box in pages[0] if ch == "N"}  # "Name" headers
    if length == 12:
        assert len(left_edges) >= 2
        short = _name_size(pages)
        long_ctx = PrintContext(
            Event(
                EventSettings("Fit"),
                tuple(Attendee(id=a.id, name=a.name + " " + "y" * 30) for a in attendees),
            ),
            plan=ctx.plan,
        )
        long_pages, _ = _render(long_ctx, tmp_path)
        assert short > _name_size(long_pages)


def test_a_name_too_long_for_any_column_is_shortened_with_a_warning(tmp_path: Path) -> None:
    giant = "W" * 120
    attendees = (*people(10), Attendee(id="giant", name=giant, interests=("a",)))
    ctx = PrintContext(Event(EventSettings("Fit"), attendees), plan=round_robin(attendees, 1))
    pages, warned = _render(ctx, tmp_path)
    _assert_nothing_overflows(pages)
    assert any("giant" in w and "shortened" in w for w in warned)
