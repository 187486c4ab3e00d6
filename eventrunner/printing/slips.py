"""Re-plan slips: after a re-plan, only the people whose future meetings changed, and where to go.

The current plan is compared with the version before it, round by round, from the first
round not yet played. An attendee is listed when, in any of those rounds, their table number
or the people at their table differ. Each attendee gets a strip to cut off and hand over,
with every remaining round (changed ones marked), so the strip replaces their card.
"""

from __future__ import annotations

from fpdf import FPDF

from eventrunner.model import Plan, Round, Table
from eventrunner.printing.context import PrintContext, sort_key
from eventrunner.printing.errors import PrintError
from eventrunner.printing.pdfkit import GREY, INK, PT, draw_fitted, fit_text, page_header

MARGIN = 14.0


def _seat(rnd: Round | None, attendee_id: str) -> tuple[int, frozenset[str]] | None:
    """Table number and table-mates, or None for a bye (or a round that is not there)."""
    table: Table | None = None if rnd is None else rnd.table_of(attendee_id)
    if table is None:
        return None
    return table.number, frozenset(table.attendees) - {attendee_id}


def changes(ctx: PrintContext) -> dict[str, list[int]]:
    """Attendee id -> the future rounds whose seat changed in the last re-plan."""
    if ctx.plan is None or ctx.previous_plan is None:
        raise PrintError(
            "there has been no re-plan: the event has one plan version, so there are no "
            "slips to print (print cards instead)"
        )
    old = {r.number: r for r in ctx.previous_plan.rounds}
    result: dict[str, list[int]] = {}
    for rnd in ctx.plan.rounds:
        if rnd.number <= ctx.played_through:
            continue
        before = old.get(rnd.number)
        people = {a for t in rnd.tables for a in t.attendees} | set(rnd.byes)
        if before is not None:
            people |= {a for t in before.tables for a in t.attendees} | set(before.byes)
        for person in people:
            if _seat(rnd, person) != _seat(before, person):
                result.setdefault(person, []).append(rnd.number)
    return result


def render_slips(pdf: FPDF, ctx: PrintContext) -> tuple[int, list[str]]:
    """Strips for the attendees whose future meetings changed; returns (slips, warnings)."""
    changed = changes(ctx)
    if not changed:
        raise PrintError("the last re-plan changed nobody's future tables; no slips to print")
    assert ctx.plan is not None
    first = ctx.played_through + 1
    width = pdf.w - 2 * MARGIN
    people = sorted(changed, key=lambda a: sort_key(ctx.name(a)))
    y = pdf.h  # forces the first page
    for person in people:
        lines = _lines(ctx.plan, person, changed[person], first)
        height = 9.0 + 5.2 * len(lines) + 4.0
        if y + height > pdf.h - MARGIN:
            pdf.add_page()
            y = page_header(
                pdf,
                f"New tables from round {first}",
                ctx.event.settings.name,
                MARGIN,
                MARGIN,
                width,
            )
        y = _slip(pdf, ctx, person, lines, MARGIN, y, width, height)
    return len(people), []


def _lines(plan: Plan, person: str, changed: list[int], first: int) -> list[tuple[str, bool]]:
    """(text, changed) for every remaining round of this attendee."""
    lines = []
    for rnd in plan.rounds:
        if rnd.number < first:
            continue
        table = rnd.table_of(person)
        where = f"Table {table.number}" if table is not None else "no table: a break"
        mark = "new: " if rnd.number in changed else ""
        lines.append((f"{mark}Round {rnd.number} · {where}", rnd.number in changed))
    return lines


def _slip(
    pdf: FPDF,
    ctx: PrintContext,
    person: str,
    lines: list[tuple[str, bool]],
    x: float,
    y: float,
    w: float,
    height: float,
) -> float:
    """One strip between dashed cut lines; returns the y below it."""
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    pdf.line(x, y, x + w, y)
    pdf.line(x, y + height, x + w, y + height)
    pdf.set_dash_pattern()
    name = fit_text(pdf, ctx.name(person), w, 8.0, max_size=16, min_size=9, style="B")
    cursor = draw_fitted(pdf, name, x + 2, y + 2.0, w - 4, style="B")
    for text, changed in lines:
        fitted = fit_text(
            pdf, text, w - 8, 5.2, max_size=12, min_size=8, style="B" if changed else ""
        )
        pdf.set_text_color(*(INK if changed else GREY))
        draw_fitted(
            pdf,
            fitted,
            x + 6,
            cursor + (5.2 - fitted.size * PT * 1.2) / 2,
            w - 8,
            style="B" if changed else "",
        )
        cursor += 5.2
    pdf.set_text_color(*INK)
    return y + height
