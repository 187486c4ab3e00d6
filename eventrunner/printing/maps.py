"""Table maps: one landscape page per round (more when the room is big), for walls and clipboards.

Each table is a tile: its number large, who sits there, and what they share. Tiles grow to
fill the page when there are few tables and never shrink below a readable size: a round with
more tables than fit continues on the next page rather than needing a magnifier.
"""

from __future__ import annotations

import math

from fpdf import FPDF

from eventrunner.model import Round, Table
from eventrunner.printing.context import PrintContext
from eventrunner.printing.fonts import BODY, clean_text
from eventrunner.printing.lookup import rounds_to_print
from eventrunner.printing.pdfkit import (
    GREY,
    INK,
    LIGHT,
    PT,
    draw_fitted,
    draw_text,
    fit_text,
    page_header,
    put,
)

MARGIN = 10.0
GAP = 3.0
MIN_W = 62.0
"""Narrowest tile in mm: names at 9 pt or more."""
MIN_H_PER_SEAT = 7.0
"""Tile height per seat in mm, plus room for the shared interests."""


def render_maps(pdf: FPDF, ctx: PrintContext) -> tuple[int, list[str]]:
    """The table maps of the rounds still to come; returns (rounds printed, warnings)."""
    rounds = rounds_to_print(ctx)
    for rnd in rounds:
        _round_pages(pdf, ctx, rnd)
    return len(rounds), []


def _grid(count: int, width: float, height: float, seats: int) -> tuple[int, int]:
    """Columns and rows of tiles: all tables on the page if tiles stay readable."""
    min_h = MIN_H_PER_SEAT * seats + 9.0
    max_cols = max(1, int((width + GAP) / (MIN_W + GAP)))
    max_rows = max(1, int((height + GAP) / (min_h + GAP)))
    if count >= max_cols * max_rows:
        return max_cols, max_rows
    best = (max_cols, max_rows)
    best_size = 0.0
    for cols in range(1, max_cols + 1):
        rows = math.ceil(count / cols)
        if rows > max_rows:
            continue
        tile_w = (width - GAP * (cols - 1)) / cols
        tile_h = (height - GAP * (rows - 1)) / rows
        # Favour tiles shaped like a name card (wide), then the biggest.
        size = min(tile_w, tile_h * 2.2)
        if size > best_size:
            best, best_size = (cols, rows), size
    return best


def _round_pages(pdf: FPDF, ctx: PrintContext, rnd: Round) -> None:
    tables = list(rnd.tables)
    seats = max((len(t.attendees) for t in tables), default=2)
    pages = 0
    start = 0
    while start < len(tables) or pages == 0:
        pdf.add_page(orientation="L")
        pages += 1
        width = pdf.w - 2 * MARGIN
        title = f"Round {rnd.number} · Table map"
        top = page_header(
            pdf,
            title if pages == 1 else f"{title} (continued)",
            ctx.event.settings.name,
            MARGIN,
            MARGIN,
            width,
        )
        footer = 8.0 if rnd.byes else 0.0
        height = pdf.h - MARGIN - top - footer
        cols, rows = _grid(len(tables) - start, width, height, seats)
        tile_w = (width - GAP * (cols - 1)) / cols
        tile_h = min((height - GAP * (rows - 1)) / rows, 2.2 * (MIN_H_PER_SEAT * seats + 9.0))
        chunk = tables[start : start + cols * rows]
        for i, table in enumerate(chunk):
            x = MARGIN + (i % cols) * (tile_w + GAP)
            y = top + (i // cols) * (tile_h + GAP)
            _tile(pdf, ctx, table, x, y, tile_w, tile_h)
        start += len(chunk)
        if rnd.byes and start >= len(tables):
            names = ", ".join(ctx.name(a) for a in rnd.byes)
            draw_text(
                pdf,
                f"Sitting this round out: {names}",
                MARGIN,
                pdf.h - MARGIN - 6,
                width,
                11,
                color=GREY,
            )


def _tile(
    pdf: FPDF, ctx: PrintContext, table: Table, x: float, y: float, w: float, h: float
) -> None:
    """One table: the number in a dark block, the names, what they share."""
    pdf.set_draw_color(*LIGHT)
    pdf.set_line_width(0.3)
    pdf.rect(x, y, w, h, style="D", round_corners=True, corner_radius=2.0)
    block = min(max(16.0, w * 0.22), h, 34.0)
    pdf.set_fill_color(*INK)
    pdf.rect(x, y, block, h, style="F", round_corners=True, corner_radius=2.0)
    number = str(table.number)
    size = fit_text(pdf, number, block - 3, h * 0.7, max_size=48, min_size=12, style="B").size
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(BODY, "B", size)
    put(pdf, x, y, block, h, number, "C")
    pdf.set_text_color(*INK)

    inner_x, inner_w = x + block + 3.0, w - block - 5.0
    seats = len(table.attendees)
    shared = clean_text(" · ".join(table.shared))
    shared_h = 0.0 if not shared else min(h * 0.3, 10.0)
    name_h = (h - 4.0 - shared_h) / max(1, seats)
    name_pt = min(18.0, name_h / (PT * 1.25))
    cursor = y + 2.0
    for person in table.attendees:
        fitted = fit_text(
            pdf, ctx.name(person), inner_w, name_h, max_size=name_pt, min_size=7, max_lines=2
        )
        draw_fitted(pdf, fitted, inner_x, cursor + (name_h - fitted.height) / 2, inner_w)
        cursor += name_h
    if shared:
        fitted = fit_text(
            pdf, "share: " + shared, inner_w, shared_h, max_size=10, min_size=6.5, max_lines=2
        )
        pdf.set_text_color(*GREY)
        draw_fitted(pdf, fitted, inner_x, cursor, inner_w)
        pdf.set_text_color(*INK)
