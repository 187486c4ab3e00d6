"""Name badges on a label sheet, and the alignment test page of a layout.

A badge shows the name as large as it fits (shrunk, then wrapped, never overflowing), the
company and title, two or three interests others share, the attendee's contact QR code
(consented fields only, quiet zone kept, about 28 mm across the modules), and the round-1
table when a plan exists. Badges are laid out alphabetically, row by row on the sheet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fpdf import FPDF

from eventrunner import contacts
from eventrunner.contacts import qr
from eventrunner.interests import popularity
from eventrunner.model import Attendee
from eventrunner.printing import qrfast
from eventrunner.printing.context import PrintContext, sort_key, top_interests
from eventrunner.printing.fonts import BODY, clean_text
from eventrunner.printing.layout import Box, Layout
from eventrunner.printing.pdfkit import (
    GREY,
    INK,
    LIGHT,
    PT,
    cut_marks,
    draw_fitted,
    draw_qr,
    draw_text,
    fit_text,
    outline,
    put,
    text_width,
)

QR_BORDER = 4
"""Quiet zone in modules, as the QR standard asks."""
QR_MAX = 34.0
"""Largest QR square (quiet zone included) in mm: about 28 mm of modules."""


def render_badges(
    pdf: FPDF,
    ctx: PrintContext,
    layout: Layout,
    *,
    only: Sequence[str] | None = None,
    skip: int = 0,
    round1_tables: bool = True,
) -> tuple[int, list[str]]:
    """Badges for everyone (or the `only` ids), after `skip` used labels; (count, warnings)."""
    people = [p for p in ctx.event.attendees if only is None or p.id in set(only)]
    people.sort(key=lambda p: sort_key(p.name))
    counts = popularity(ctx.event.attendees)
    first = ctx.plan.rounds[0] if ctx.plan is not None and ctx.plan.rounds else None
    boxes = layout.boxes()
    warnings: list[str] = []
    slot = skip % layout.per_page
    if people or slot:
        pdf.add_page()
        if layout.cut_marks:
            cut_marks(pdf, layout)
    for person in people:
        if slot == layout.per_page:
            pdf.add_page()
            if layout.cut_marks:
                cut_marks(pdf, layout)
            slot = 0
        table = None
        if round1_tables and first is not None:
            found = first.table_of(person.id)
            table = None if found is None else found.number
        warnings += draw_badge(pdf, boxes[slot], person, ctx, layout, counts, table)
        slot += 1
    return len(people), warnings


def draw_badge(
    pdf: FPDF,
    box: Box,
    person: Attendee,
    ctx: PrintContext,
    layout: Layout,
    counts: Mapping[str, int],
    table: int | None,
) -> list[str]:
    """One badge inside `box`; returns warnings about it."""
    warnings: list[str] = []
    pad = max(3.0, min(box.w, box.h) * 0.06, layout.corner_radius * 0.6)
    x, y, w, h = box.x + pad, box.y + pad, box.w - 2 * pad, box.h - 2 * pad
    header = 5.0
    matrix = _badge_matrix(person, warnings)
    side = min(QR_MAX, h - header - 1.0, w * 0.42) if matrix else 0.0
    text_w = w - side - (2.0 if side else 0.0)

    # Header: the event name, and the first table where people look for it.
    label = f"Round 1 · Table {table}"
    pill_w = 0.0
    if table is not None:
        pill_w = max(side, text_width(pdf, label, 9, "B") + 4.0)
    draw_text(pdf, ctx.event.settings.name, x, y, w - pill_w - 1.5, 7, color=GREY)
    if table is not None:
        pdf.set_fill_color(*INK)
        pdf.rect(
            x + w - pill_w,
            y - 0.5,
            pill_w,
            header,
            style="F",
            round_corners=True,
            corner_radius=1.2,
        )
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(BODY, "B", 9)
        put(pdf, x + w - pill_w, y - 0.5, pill_w, header, label, "C")
        pdf.set_text_color(*INK)
    top = y + header + 1.0
    body_h = y + h - top

    if matrix:
        qr_y = top + max(0.0, (body_h - side) / 2)
        draw_qr(pdf, matrix, x + w - side, qr_y, side)

    # Text column: name, then company and title, then interests at the bottom.
    chips_h = _chip_height() * (2 if body_h > 30 else 1) + 1.0
    affiliation = [t for t in (person.company, person.title) if clean_text(t)]
    info_h = 8.5 * PT * 1.2 * len(affiliation)
    name_h = max(8.0, body_h - chips_h - info_h - 2.0)
    name = fit_text(
        pdf, person.name, text_w, name_h, max_size=34, min_size=9, max_lines=3, style="B"
    )
    if name.cut:
        warnings.append(
            f"attendee {person.id}: the name is too long for a {layout.name} badge and was "
            "shortened; shorten it in the attendee list or use a larger layout"
        )
    cursor = draw_fitted(pdf, name, x, top, text_w, style="B")
    for number, text in enumerate(affiliation):
        cursor = draw_text(
            pdf,
            text,
            x,
            cursor + (1.0 if number == 0 else 0.0),
            text_w,
            8.5,
            style="B" if number == 0 else "",
            color=GREY if number else INK,
        )
    _chips(
        pdf,
        top_interests(person, counts),
        x,
        y + h - chips_h + 1.0,
        text_w,
        2 if body_h > 30 else 1,
    )
    return warnings


def _badge_matrix(person: Attendee, warnings: list[str]) -> qr.Matrix | None:
    """The contact code's modules, or None when the attendee shares nothing but a name."""
    if len(contacts.shared_fields(person)) <= 1:
        return None
    payload = contacts.badge_payload(person)
    warnings.extend(payload.warnings)
    try:
        return qrfast.matrix(payload.text, error_correction="M", border=QR_BORDER)
    except ValueError as exc:
        warnings.append(f"attendee {person.id}: no contact code on the badge: {exc}")
        return None


def _chip_height() -> float:
    return 7.0 * PT * 1.2 + 1.6


def _chips(pdf: FPDF, tags: list[str], x: float, y: float, w: float, rows: int) -> None:
    """Interests as small outlined tags, flowing over at most `rows` rows."""
    height = _chip_height()
    cx, row = x, 0
    pdf.set_draw_color(*LIGHT)
    pdf.set_line_width(0.25)
    for tag in tags:
        label = clean_text(tag)
        fitted = fit_text(pdf, label, w - 2.4, height - 1.0, max_size=7, min_size=5.5)
        if not fitted.lines:
            continue
        width = text_width(pdf, fitted.lines[0], fitted.size) + 2.4
        if cx > x and cx + width > x + w:
            row += 1
            cx = x
        if row >= rows:
            break
        cy = y + row * (height + 0.8)
        pdf.rect(cx, cy, width, height, style="D", round_corners=True, corner_radius=1.0)
        pdf.set_font(BODY, "", fitted.size)
        put(pdf, cx + 1.2, cy, width - 2.4, height, fitted.lines[0], "C")
        cx += width + 1.2


def render_alignment(pdf: FPDF, layout: Layout) -> int:
    """The alignment test page: each item's outline and its number, nothing else."""
    pdf.add_page()
    for number, box in enumerate(layout.boxes(), start=1):
        outline(pdf, box, layout.corner_radius, color=(0, 0, 0), width=0.2)
        pdf.set_text_color(*LIGHT)
        pdf.set_font(BODY, "", 9)
        put(pdf, box.x, box.y + box.h / 2 - 2, box.w, 4, str(number), "C")
    pdf.set_text_color(*INK)
    if layout.cut_marks:
        cut_marks(pdf, layout)
    return layout.per_page
