"""Table maps for the walls: per round, every table as a tile readable from three metres.

Each tile shows the table number (at least NUMBER_PT, white on its zone colour), who sits
there (at least NAME_PT, wrapped rather than shrunk) and what they share. A round with few
tables gets bigger type on one page; a big room continues on as many pages as it needs, each
with the same grid of the same tile size, so the walls look alike. Names that do not fit at
the floor are shortened with a warning naming the attendee.
"""

from __future__ import annotations

import attrs
from fpdf import FPDF

from eventrunner.model import Round, Table
from eventrunner.printing.context import PrintContext
from eventrunner.printing.fonts import BODY, clean_text
from eventrunner.printing.identity import brand, event_header, on_color, zone
from eventrunner.printing.lookup import rounds_to_print
from eventrunner.printing.pdfkit import GREY, INK, LIGHT, PT, draw_fitted, draw_text, fit_text, put

MARGIN = 10.0
GAP = 4.0
NAME_PT = 24.0
"""Smallest name on a wall map, in points (readable from about three metres)."""
NUMBER_PT = 60.0
"""Smallest table number, in points."""
SHARED_PT = 14.0
"""What the table shares, before shrinking (never below 9 pt)."""
SCALES = (1.5, 1.25, 1.0)
"""Type sizes tried (× the floors) to fit a whole round on one page."""
COLUMNS = 2
PAD = 3.0
NAME_GAP = 1.0
"""Space between two names of a tile, in mm."""


@attrs.frozen
class _Grid:
    """The tiles of one round's pages: the same on every page."""

    scale: float
    columns: int
    rows: int
    tile_w: float
    tile_h: float
    block_w: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


def render_maps(pdf: FPDF, ctx: PrintContext) -> tuple[int, list[str]]:
    """The table maps of the rounds still to come; returns (rounds printed, warnings)."""
    rounds = rounds_to_print(ctx)
    warnings: list[str] = []
    for rnd in rounds:
        warnings += _round_pages(pdf, ctx, rnd)
    return len(rounds), warnings


def _shared(table: Table) -> str:
    return clean_text(" · ".join(table.shared))


def _tile_height(pdf: FPDF, ctx: PrintContext, table: Table, names_w: float, s: float) -> float:
    """Height a table's tile needs at scale `s`: its names at that size, each on one line or
    two (a name that needs three is shortened rather than making every tile taller)."""
    size = NAME_PT * s
    height = 2 * PAD
    for person in table.attendees:
        fitted = fit_text(
            pdf,
            ctx.name(person),
            names_w,
            size * PT * 1.6 * 2,
            max_size=size,
            min_size=size,
            max_lines=2,
            style="B",
        )
        height += fitted.height + NAME_GAP
    if _shared(table):
        height += SHARED_PT * PT * 1.25 + 1.0
    return max(height, NUMBER_PT * s * PT * 1.1 + 2 * PAD)


def _grid(pdf: FPDF, ctx: PrintContext, tables: list[Table], width: float, height: float) -> _Grid:
    """The largest scale at which the whole round fits one page, else the floors over pages."""
    widest = max((str(t.number) for t in tables), key=len, default="1")
    for scale in SCALES:
        tile_w = (width - GAP * (COLUMNS - 1)) / COLUMNS
        block_w = len(widest) * NUMBER_PT * scale * PT * 0.62 + 8.0
        names_w = tile_w - block_w - 2 * PAD
        tile_h = max((_tile_height(pdf, ctx, t, names_w, scale) for t in tables), default=30.0)
        rows = max(1, int((height + GAP) / (tile_h + GAP)))
        if COLUMNS * rows >= len(tables) or scale == SCALES[-1]:
            if COLUMNS * rows > len(tables):
                rows = max(1, -(-len(tables) // COLUMNS))
            # Tiles share out the page's height (up to half as tall again as they need):
            # the same on every page of the round.
            shared_out = (height - GAP * (rows - 1)) / rows
            tile_h = min(height, max(tile_h, min(shared_out, tile_h * 1.5)))
            return _Grid(scale, COLUMNS, rows, tile_w, tile_h, block_w)
    raise AssertionError("unreachable")


def _round_pages(pdf: FPDF, ctx: PrintContext, rnd: Round) -> list[str]:
    tables = list(rnd.tables)
    warnings: list[str] = []
    # Measure on a page of the right size: the first page is added before the grid.
    pdf.add_page(orientation="L")
    width = pdf.w - 2 * MARGIN
    title = f"Round {rnd.number} · Table map"
    top = event_header(pdf, ctx.event.settings, title, MARGIN, MARGIN, width)
    footer = 10.0 if rnd.byes else 0.0
    height = pdf.h - MARGIN - top - footer
    grid = _grid(pdf, ctx, tables, width, height)
    pages = max(1, -(-len(tables) // grid.per_page))
    for page in range(pages):
        if page:
            pdf.add_page(orientation="L")
            top = event_header(
                pdf,
                ctx.event.settings,
                f"{title} (continued, page {page + 1} of {pages})",
                MARGIN,
                MARGIN,
                width,
            )
        chunk = tables[page * grid.per_page : (page + 1) * grid.per_page]
        for i, table in enumerate(chunk):
            x = MARGIN + (i % grid.columns) * (grid.tile_w + GAP)
            y = top + (i // grid.columns) * (grid.tile_h + GAP)
            warnings += _tile(pdf, ctx, table, x, y, grid)
    if rnd.byes:
        names = ", ".join(ctx.name(a) for a in rnd.byes)
        draw_text(
            pdf,
            f"Sitting this round out: {names}",
            MARGIN,
            pdf.h - MARGIN - 8,
            width,
            14,
            color=GREY,
        )
    return warnings


def _tile(pdf: FPDF, ctx: PrintContext, table: Table, x: float, y: float, grid: _Grid) -> list[str]:
    """One table: the number on its zone colour, the names, what they share."""
    w, h, s = grid.tile_w, grid.tile_h, grid.scale
    pdf.set_draw_color(*LIGHT)
    pdf.set_line_width(0.3)
    pdf.rect(x, y, w, h, style="D", round_corners=True, corner_radius=2.0)
    name, color = zone(table.number)
    pdf.set_fill_color(*color)
    pdf.rect(x, y, grid.block_w, h, style="F", round_corners=True, corner_radius=2.0)
    pdf.set_text_color(*on_color(color))
    pdf.set_font(BODY, "B", NUMBER_PT * s)
    put(pdf, x, y, grid.block_w, h - 6.0, str(table.number), "C")
    pdf.set_font(BODY, "B", 10)
    put(pdf, x, y + h - 8.0, grid.block_w, 5.0, name, "C")
    pdf.set_text_color(*INK)

    inner_x, inner_w = x + grid.block_w + PAD, w - grid.block_w - 2 * PAD
    cursor = y + PAD
    shared = _shared(table)
    shared_h = SHARED_PT * PT * 1.25 + 1.0 if shared else 0.0
    room = h - 2 * PAD - shared_h
    warnings = []
    size = NAME_PT * s
    for person in table.attendees:
        left = y + PAD + room - cursor
        fitted = fit_text(
            pdf,
            ctx.name(person),
            inner_w,
            max(left, size * PT * 1.2),
            max_size=size,
            min_size=NAME_PT,
            max_lines=3,
            style="B",
        )
        if fitted.cut:
            warnings.append(
                f"attendee {ctx.name(person)!r} (id {person}): the name does not fit a table "
                f"map at {NAME_PT:g} pt and was shortened"
            )
        cursor = draw_fitted(pdf, fitted, inner_x, cursor, inner_w, style="B") + NAME_GAP
    if shared:
        fitted = fit_text(
            pdf, "share: " + shared, inner_w, shared_h, max_size=SHARED_PT, min_size=9
        )
        pdf.set_text_color(*(brand(ctx.event.settings) if ctx.event.settings.brand_color else GREY))
        draw_fitted(pdf, fitted, inner_x, y + h - PAD - shared_h + 1.0, inner_w)
        pdf.set_text_color(*INK)
    return warnings
