"""Re-plan slips: after a re-plan, one slip per person whose table or partner changed.

The current plan is compared with the version before it (`scheduling.changes`), from the
first round not yet played. A slip names the person and, for each changed round only,
"Round 3 · Table 4 → Table 7 · now with Bob" (or "same partner" when only the number
moved). Everyone else's card stays true: kept meetings keep their tables. Slips are laid out
two across, several to a page, between dashed cut lines.
"""

from __future__ import annotations

from fpdf import FPDF

from eventrunner.printing.context import PrintContext, sort_key
from eventrunner.printing.errors import PrintError
from eventrunner.printing.pdfkit import GREY, INK, draw_fitted, fit_text, page_header
from eventrunner.printing.textfit import Fitted
from eventrunner.scheduling.changes import SeatChange, seat_changes

MARGIN = 12.0
COLUMNS = 2
GAP = 6.0
LINE = 7.0


def changes(ctx: PrintContext) -> dict[str, list[int]]:
    """Attendee id -> the future rounds whose table or partner changed in the last re-plan."""
    return {person: [c.round for c in seats] for person, seats in _seat_changes(ctx).items()}


def _seat_changes(ctx: PrintContext) -> dict[str, list[SeatChange]]:
    if ctx.plan is None or ctx.previous_plan is None:
        raise PrintError(
            "there has been no re-plan: the event has one plan version, so there are no "
            "slips to print (print cards instead)"
        )
    return seat_changes(ctx.previous_plan, ctx.plan, ctx.played_through)


def _where(table: int | None) -> str:
    return "no table (a break)" if table is None else f"Table {table}"


def slip_lines(ctx: PrintContext, seats: list[SeatChange]) -> list[str]:
    """One line per changed round: old → new table, and the new partner."""
    lines = []
    for change in seats:
        line = f"Round {change.round} · "
        if not change.old_placed or change.old_table == change.new_table:
            line += _where(change.new_table)
        else:
            line += f"{_where(change.old_table)} → {_where(change.new_table)}"
        if change.new_table is not None:
            if change.partner_changed:
                line += " · now with " + ", ".join(ctx.name(p) for p in change.new_partners)
            else:
                line += " · same partner" if len(change.new_partners) == 1 else " · same table"
        lines.append(line)
    return lines


def render_slips(pdf: FPDF, ctx: PrintContext) -> tuple[int, list[str]]:
    """Slips for the attendees whose table or partner changed; returns (slips, warnings)."""
    # Nobody hands a slip to someone who left.
    changed = {p: c for p, c in _seat_changes(ctx).items() if any(x.new_placed for x in c)}
    if not changed:
        raise PrintError("the last re-plan changed nobody's future tables; no slips to print")
    first = ctx.played_through + 1
    width = (pdf.w - 2 * MARGIN - GAP * (COLUMNS - 1)) / COLUMNS
    people = sorted(changed, key=lambda a: sort_key(ctx.name(a)))
    top = pdf.h  # forces the first page
    column = 0
    row_height = 0.0
    for person in people:
        # Long lines (several partners, long names) wrap rather than shrink out of reach.
        lines = [
            fit_text(pdf, text, width - 8, 2 * LINE, max_size=11, min_size=7, max_lines=2)
            for text in slip_lines(ctx, changed[person])
        ]
        height = 12.0 + sum(f.height + 1.5 for f in lines) + 7.0
        if column == COLUMNS:
            column, top, row_height = 0, top + row_height, 0.0
        if top + height > pdf.h - MARGIN:
            pdf.add_page()
            top = page_header(
                pdf,
                f"Changed tables from round {first}",
                ctx.event.settings.name,
                MARGIN,
                MARGIN,
                pdf.w - 2 * MARGIN,
            )
            column, row_height = 0, 0.0
        x = MARGIN + column * (width + GAP)
        _slip(pdf, ctx, person, lines, x, top, width, height)
        row_height = max(row_height, height)
        column += 1
    return len(people), []


def _slip(
    pdf: FPDF,
    ctx: PrintContext,
    person: str,
    lines: list[Fitted],
    x: float,
    y: float,
    w: float,
    height: float,
) -> None:
    """One slip inside a dashed cut rectangle."""
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    pdf.rect(x, y, w, height)
    pdf.set_dash_pattern()
    name = fit_text(pdf, ctx.name(person), w - 6, 9.0, max_size=18, min_size=9, style="B")
    cursor = draw_fitted(pdf, name, x + 3, y + 2.5, w - 6, style="B") + 1.0
    for fitted in lines:
        pdf.set_text_color(*INK)
        cursor = draw_fitted(pdf, fitted, x + 5, cursor, w - 8) + 1.5
    note = fit_text(pdf, "Other rounds: as on your card.", w - 8, 5.0, max_size=9, min_size=6)
    pdf.set_text_color(*GREY)
    draw_fitted(pdf, note, x + 5, cursor + 1.0, w - 8)
    pdf.set_text_color(*INK)
