"""Find your table: per round, everyone in alphabetical order with their table, in the
largest type that fits.

The size is chosen from the names and table numbers themselves (`sheet`): the largest at
which the longest name fits its column on one line and everyone fits on one page, or, for a
crowd, on as few pages as names at the floor (NAME_FLOOR) need, in one to four columns.

For the door, the wall next to the bar or the projector's backup. Names are in the order of
the Unicode collation algorithm (Łukasz among the L names, not after Z). Rounds already played are
left out (after a re-plan the organizer reprints what is still to come), unless every round
has been played. People sitting a round out are listed too, so nobody looks for a name that
is not there.
"""

from __future__ import annotations

import itertools
import math
import re

import attrs
from fpdf import FPDF

from eventrunner.model import Round
from eventrunner.printing.context import PrintContext, sort_key
from eventrunner.printing.errors import PrintError
from eventrunner.printing.fonts import BODY
from eventrunner.printing.identity import event_header, zone
from eventrunner.printing.metrics import LINE, extent
from eventrunner.printing.pdfkit import GREY, INK, PT, draw_fitted, fit_text, put, text_width

MARGIN = 12.0
NAME_FLOOR = 14.0
"""Smallest name on a find-your-table sheet, in points: the floor of names on badges, read
from a couple of metres. A name too long for a column at the floor is shortened, with a
warning naming the attendee."""
NAME_MOST = 72.0
"""Largest name tried, in points (a handful of people on the whole page)."""
STEP = 2.0
"""Sizes tried between the two, in points."""
TABLE_RATIO = 1.4
"""Table numbers are this much larger than the names beside them."""
ROW_AIR = 0.45
"""Room above and below a row's name, in ems (the stripes stay apart)."""
NAME_LINES = 3
"""Lines a long name may take in its row before the type gets smaller."""
SLACK = 0.95
"""Share of a column's room a name is measured against (measured widths and set lines
differ by a hair: kerning, shaping)."""
GUTTER = 8.0
MAX_COLUMNS = 4
MARK = 3.0
"""Width of the zone colour beside a table number, in mm."""


@attrs.frozen
class Sheet:
    """How one round's list is set: the type size, the columns, and which rows go where."""

    size: float
    """Names, in points (table numbers TABLE_RATIO larger)."""
    columns: int
    col_w: float
    table_w: float
    line_h: float
    """One line of a name, in mm; a row is a line or two plus ROW_AIR."""
    air: float
    lines: tuple[int, ...]
    """Lines of each row's name (1, more for a long name that wraps)."""
    chunks: tuple[tuple[int, int], ...]
    """Rows start:end of each column, page after page, columns left to right."""

    @property
    def name_w(self) -> float:
        """Room for a name in a column, in mm."""
        return _name_room(self.col_w, self.table_w)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self.chunks) / self.columns))

    def row_h(self, row: int) -> float:
        return self.lines[row] * self.line_h + self.air


def _name_room(col_w: float, table_w: float) -> float:
    """Room for a name beside its table number and zone mark, in mm (measured and drawn)."""
    return col_w - table_w - MARK - 6.0


def _widths(pdf: FPDF, name: str) -> tuple[float, ...]:
    """Width (mm per point) of the widest line of `name` set on 1, 2 ... NAME_LINES lines,
    broken between words and after hyphens (as `fit_text` breaks them) as evenly as can be."""
    pieces = [
        (part, " " if n and not k else "")
        for n, word in enumerate(name.split(" "))
        for k, part in enumerate(p for p in re.split(r"(?<=-)", word) if p)
    ] or [(name, "")]

    def line(a: int, b: int) -> float:
        """Width of pieces a..b on one line (no space before the first)."""
        text = "".join((pieces[i][1] if i > a else "") + pieces[i][0] for i in range(a, b))
        return text_width(pdf, text, 1.0)

    found: list[float] = []
    for count in range(1, NAME_LINES + 1):
        if count > len(pieces):
            found.append(found[-1])
            continue
        found.append(
            min(
                max(line(a, b) for a, b in itertools.pairwise((0, *cuts, len(pieces))))
                for cuts in itertools.combinations(range(1, len(pieces)), count - 1)
            )
        )
    return tuple(found)


def sheet(pdf: FPDF, rows: list[tuple[str, str]], width: float, height: float) -> Sheet:
    """The largest type at which every name fits its column (on one line; a long one on up
    to NAME_LINES) on as few pages as the floor needs (one page when it can be), for
    `width` x `height` mm of page."""
    names = [name for name, _ in rows]
    leading = max([LINE, *(extent(pdf, name).line for name in names)])
    widths = [_widths(pdf, name) for name in names]
    widest_table = max(text_width(pdf, table, 1.0, "B") for _, table in rows) if rows else 1.0

    def at(size: float, columns: int, *, cut: bool = False) -> Sheet | None:
        """The sheet at this size; None when a name does not fit even on NAME_LINES lines
        (unless `cut`: then it is shortened there)."""
        col_w = (width - GUTTER * (columns - 1)) / columns
        table_w = widest_table * size * TABLE_RATIO + 3.0
        name_w = _name_room(col_w, table_w)
        if name_w <= 0:
            return None
        lines = []
        for options in widths:
            fitting = [n for n, w in enumerate(options, start=1) if w * size <= name_w * SLACK]
            if not fitting and not cut:
                return None
            lines.append(fitting[0] if fitting else NAME_LINES)
        line_h, air = size * PT * leading, size * PT * ROW_AIR
        chunks: list[tuple[int, int]] = []
        start, used = 0, 0.0
        for i, n in enumerate(lines):
            need = n * line_h + air
            if used + need > height and i > start:
                chunks.append((start, i))
                start, used = i, 0.0
            used += need
        chunks.append((start, len(rows)))
        return Sheet(size, columns, col_w, table_w, line_h, air, tuple(lines), tuple(chunks))

    def best(found: list[Sheet]) -> Sheet:
        # Fewer lines (long names wrapped) read better; then fewer columns.
        return min(found, key=lambda s: (sum(s.lines), s.columns))

    readable = [s for s in (at(NAME_FLOOR, c) for c in range(1, MAX_COLUMNS + 1)) if s]
    if not readable:  # a name too long for a whole page's width: shortened at the floor
        return at(NAME_FLOOR, 1, cut=True) or Sheet(
            NAME_FLOOR, 1, width, 0.0, NAME_FLOOR * PT * leading, 0.0, (), ((0, 0),)
        )
    fewest = min(s.pages for s in readable)
    size = NAME_MOST
    while size > NAME_FLOOR:
        fit = [s for s in (at(size, c) for c in range(1, MAX_COLUMNS + 1)) if s]
        found = [s for s in fit if s.pages <= fewest]
        if found:
            return best(found)
        size -= STEP
    return best([s for s in readable if s.pages == fewest])


def rounds_to_print(ctx: PrintContext) -> list[Round]:
    """The rounds still to come, or all of them once the event is over."""
    if ctx.plan is None or not ctx.plan.rounds:
        raise PrintError("there is no plan yet; make one with `eventrunner plan EVENT` first")
    upcoming = [r for r in ctx.plan.rounds if r.number > ctx.played_through]
    return upcoming or list(ctx.plan.rounds)


def render_lookup(pdf: FPDF, ctx: PrintContext) -> tuple[int, list[str]]:
    """One or more pages per round; returns (rounds printed, warnings)."""
    rounds = rounds_to_print(ctx)
    warnings: list[str] = []
    for rnd in rounds:
        rows: list[tuple[str, str, str]] = []
        for table in rnd.tables:
            rows += [(ctx.name(a), str(table.number), a) for a in table.attendees]
        rows += [(ctx.name(a), "–", a) for a in rnd.byes]
        rows.sort(key=lambda row: sort_key(row[0]))
        warnings += _pages(pdf, ctx, rnd.number, rows)
    return len(rounds), warnings


def _pages(
    pdf: FPDF, ctx: PrintContext, number: int, rows: list[tuple[str, str, str]]
) -> list[str]:
    width = pdf.w - 2 * MARGIN
    warnings: list[str] = []
    layout: Sheet | None = None
    start = 0
    page = 0
    while start < len(rows) or page == 0:
        pdf.add_page()
        page += 1
        title = f"Round {number} · Find your table"
        top = (
            event_header(
                pdf,
                ctx.event.settings,
                title if page == 1 else f"{title} (continued)",
                MARGIN,
                MARGIN,
                width,
            )
            + 6.0
        )
        if layout is None:  # measured on the first page: the others are set alike
            layout = sheet(pdf, [(n, t) for n, t, _ in rows], width, pdf.h - MARGIN - top)
        chunks = layout.chunks[(page - 1) * layout.columns : page * layout.columns]
        for column, (first, last) in enumerate(chunks):
            x = MARGIN + column * (layout.col_w + GUTTER)
            if first >= last:
                break  # a continued page's empty column gets no header of its own
            _header_row(pdf, x, top - 5.0, layout.col_w, layout.table_w)
            y = top
            for i in range(first, last):
                warnings += _row(pdf, layout, x, y, (i - first) % 2 == 0, i, rows[i])
                y += layout.row_h(i)
            start = last
        if start >= len(rows):
            break
    return warnings


def _row(
    pdf: FPDF,
    layout: Sheet,
    x: float,
    y: float,
    stripe: bool,
    index: int,
    row: tuple[str, str, str],
) -> list[str]:
    """One name and its table; a warning when the name had to be shortened."""
    name, table, who = row
    row_h, col_w, table_w = layout.row_h(index), layout.col_w, layout.table_w
    if stripe:
        pdf.set_fill_color(242, 242, 242)
        pdf.rect(x, y, col_w, row_h, style="F")
    fitted = fit_text(
        pdf,
        name,
        layout.name_w,
        layout.lines[index] * layout.line_h + 0.5,
        max_size=layout.size,
        min_size=NAME_FLOOR,
        max_lines=layout.lines[index],
    )
    draw_fitted(pdf, fitted, x + 2, y + (row_h - fitted.height) / 2, layout.name_w)
    if table != "–":
        # The zone colour beside the number: the same as on the wall maps.
        pdf.set_fill_color(*zone(int(table))[1])
        pdf.rect(x + col_w - table_w - MARK - 1.0, y + row_h * 0.3, MARK, row_h * 0.4, style="F")
    pdf.set_font(BODY, "B", layout.size * (TABLE_RATIO if table != "–" else 1.0))
    put(pdf, x + col_w - table_w, y, table_w - 2, row_h, table, "R")
    if not fitted.cut:
        return []
    return [
        f"attendee {name!r} (id {who}): the name does not fit a find-your-table column at "
        f"{NAME_FLOOR:g} pt and was shortened"
    ]


def _header_row(pdf: FPDF, x: float, y: float, w: float, table_w: float) -> None:
    pdf.set_text_color(*GREY)
    pdf.set_font(BODY, "", 8)
    put(pdf, x + 2, y, w - table_w, 8 * PT, "Name")
    put(pdf, x + w - table_w, y, table_w - 2, 8 * PT, "Table", "R")
    pdf.set_text_color(*INK)
