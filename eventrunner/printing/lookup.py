"""Find your table: per round, everyone in alphabetical order with their table, in big type.

For the door, the wall next to the bar or the projector's backup. Names are in the order of
the Unicode collation algorithm (Łukasz among the L names, not after Z). Rounds already played are
left out (after a re-plan the organizer reprints what is still to come), unless every round
has been played. People sitting a round out are listed too, so nobody looks for a name that
is not there.
"""

from __future__ import annotations

from fpdf import FPDF

from eventrunner.model import Round
from eventrunner.printing.context import PrintContext, sort_key
from eventrunner.printing.errors import PrintError
from eventrunner.printing.fonts import BODY
from eventrunner.printing.identity import event_header, zone
from eventrunner.printing.pdfkit import GREY, INK, PT, draw_fitted, fit_text, put

MARGIN = 12.0
ROW = 10.0
"""Row height in mm: 16 pt names, read from a couple of metres."""
NAME_PT = 16.0
TABLE_PT = 22.0


def rounds_to_print(ctx: PrintContext) -> list[Round]:
    """The rounds still to come, or all of them once the event is over."""
    if ctx.plan is None or not ctx.plan.rounds:
        raise PrintError("there is no plan yet; make one with `eventrunner plan EVENT` first")
    upcoming = [r for r in ctx.plan.rounds if r.number > ctx.played_through]
    return upcoming or list(ctx.plan.rounds)


def render_lookup(pdf: FPDF, ctx: PrintContext) -> tuple[int, list[str]]:
    """One or more pages per round; returns (rounds printed, warnings)."""
    rounds = rounds_to_print(ctx)
    for rnd in rounds:
        rows: list[tuple[str, str]] = []
        for table in rnd.tables:
            rows += [(ctx.name(a), str(table.number)) for a in table.attendees]
        rows += [(ctx.name(a), "–") for a in rnd.byes]
        rows.sort(key=lambda row: sort_key(row[0]))
        _pages(pdf, ctx, rnd.number, rows)
    return len(rounds), []


def _pages(pdf: FPDF, ctx: PrintContext, number: int, rows: list[tuple[str, str]]) -> None:
    width = pdf.w - 2 * MARGIN
    columns = 2 if width > 150 else 1
    gutter = 8.0
    col_w = (width - gutter * (columns - 1)) / columns
    table_w = 22.0
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
            + 2.0
        )
        per_column = max(1, int((pdf.h - MARGIN - top) / ROW))
        for column in range(columns):
            x = MARGIN + column * (col_w + gutter)
            chunk = rows[start : start + per_column]
            start += len(chunk)
            if not chunk:
                break  # a continued page's empty column gets no header of its own
            _header_row(pdf, x, top - ROW * 0.55, col_w, table_w)
            for i, (name, table) in enumerate(chunk):
                y = top + i * ROW
                if i % 2 == 0:
                    pdf.set_fill_color(242, 242, 242)
                    pdf.rect(x, y, col_w, ROW, style="F")
                fitted = fit_text(
                    pdf,
                    name,
                    col_w - table_w - 7,
                    ROW - 1.0,
                    max_size=NAME_PT,
                    min_size=9,
                    max_lines=2,
                )
                draw_fitted(pdf, fitted, x + 2, y + (ROW - fitted.height) / 2, col_w - table_w - 7)
                if table != "–":
                    # The zone colour beside the number: the same as on the wall maps.
                    pdf.set_fill_color(*zone(int(table))[1])
                    pdf.rect(x + col_w - table_w - 3.0, y + ROW * 0.3, 3.0, ROW * 0.4, style="F")
                pdf.set_font(BODY, "B", TABLE_PT if table != "–" else NAME_PT)
                put(pdf, x + col_w - table_w, y, table_w - 2, ROW, table, "R")
        if start >= len(rows):
            break


def _header_row(pdf: FPDF, x: float, y: float, w: float, table_w: float) -> None:
    pdf.set_text_color(*GREY)
    pdf.set_font(BODY, "", 8)
    put(pdf, x + 2, y, w - table_w, 8 * PT, "Name")
    put(pdf, x + w - table_w, y, table_w - 2, 8 * PT, "Table", "R")
    pdf.set_text_color(*INK)
