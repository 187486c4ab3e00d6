"""Name badges on a label sheet, their backs for flipping holders, and the alignment page.

A badge shows the name as large as it fits (wrapped before it is shrunk, never below
NAME_FLOOR), the company and title (wrapped, never below 7 pt), two or three interests others
share, the attendee's contact QR code (consented fields only, quiet zone kept, about 28 mm
across the modules), the round-1 table in its zone colour, the event's name, date, venue,
logo and colour, and on two-sided events a ribbon with the attendee's side. Whatever does
not fit at its floor is shortened with a warning naming the attendee. Badges are laid out
alphabetically, row by row; with `double_sided` every sheet is followed by its back, mirrored
so each back lands behind its front, with the name again and the evening's tables.
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
from eventrunner.printing.identity import (
    brand,
    draw_logo,
    event_line,
    logo_warnings,
    on_color,
    side_label,
    zone,
)
from eventrunner.printing.layout import Box, Layout
from eventrunner.printing.pdfkit import (
    FLOOR,
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
NAME_FLOOR = 14.0
"""Smallest name on a badge, in points: read at a handshake's distance."""
INFO_PT = 8.5
"""Company and title size, before wrapping and shrinking to FLOOR."""
RIBBON = 6.0
"""Height of the side ribbon at the foot of a two-sided event's badge, in mm."""


def render_badges(
    pdf: FPDF,
    ctx: PrintContext,
    layout: Layout,
    *,
    only: Sequence[str] | None = None,
    skip: int = 0,
    round1_tables: bool = True,
    double_sided: bool = False,
) -> tuple[int, list[str]]:
    """Badges for everyone (or the `only` ids), after `skip` used labels; (count, warnings).

    `double_sided` follows each sheet with its back (name and itinerary), for holders that
    flip; print it duplex, flipping on the long edge.
    """
    people = [p for p in ctx.event.attendees if only is None or p.id in set(only)]
    people.sort(key=lambda p: sort_key(p.name))
    counts = popularity(ctx.event.attendees)
    first = ctx.plan.rounds[0] if ctx.plan is not None and ctx.plan.rounds else None
    boxes = layout.boxes()
    warnings: list[str] = logo_warnings(ctx.event.settings)
    slot = skip % layout.per_page
    sheet: list[tuple[int, Attendee]] = []

    def new_sheet() -> None:
        pdf.add_page()
        if layout.cut_marks:
            cut_marks(pdf, layout)

    def backs() -> None:
        if double_sided and sheet:
            new_sheet()
            for index, person in sheet:
                draw_back(pdf, mirrored(layout, boxes[index]), person, ctx, layout)
            sheet.clear()

    if people or slot:
        new_sheet()
    for person in people:
        if slot == layout.per_page:
            backs()
            new_sheet()
            slot = 0
        table = None
        if round1_tables and first is not None:
            found = first.table_of(person.id)
            table = None if found is None else found.number
        warnings += draw_badge(pdf, boxes[slot], person, ctx, layout, counts, table)
        sheet.append((slot, person))
        slot += 1
    backs()
    return len(people), warnings


def mirrored(layout: Layout, box: Box) -> Box:
    """Where the back of `box` is on the back of the sheet (flipped on the long edge)."""
    return Box(layout.page_w - box.x - box.w, box.y, box.w, box.h)


def _header(pdf: FPDF, ctx: PrintContext, x: float, y: float, w: float, table: int | None) -> float:
    """The logo and the event's line (on two lines if need be), and the first table in its
    zone colour; returns the header's height."""
    settings = ctx.event.settings
    label = f"Round 1 · Table {table}"
    pill_w = text_width(pdf, label, 9, "B") + 4.0 if table is not None else 0.0
    pill_h = 5.0
    logo_w = draw_logo(pdf, settings, x, y - 0.5, pill_h)
    if logo_w:
        logo_w += 1.5
    line_w = w - pill_w - 1.5 - logo_w
    line = fit_text(
        pdf, event_line(settings), line_w, FLOOR * PT * 2.5, max_size=7, min_size=FLOOR, max_lines=2
    )
    pdf.set_text_color(*(brand(settings) if settings.brand_color else GREY))
    draw_fitted(pdf, line, x + logo_w, y, line_w)
    pdf.set_text_color(*INK)
    if table is not None:
        color = zone(table)[1]
        pdf.set_fill_color(*color)
        pdf.rect(
            x + w - pill_w,
            y - 0.5,
            pill_w,
            pill_h,
            style="F",
            round_corners=True,
            corner_radius=1.2,
        )
        pdf.set_text_color(*on_color(color))
        pdf.set_font(BODY, "B", 9)
        put(pdf, x + w - pill_w, y - 0.5, pill_w, pill_h, label, "C")
        pdf.set_text_color(*INK)
    return max(pill_h, line.height)


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
    ribbon = RIBBON if ctx.event.settings.two_sided and clean_text(person.side) else 0.0
    x, y, w, h = (
        box.x + pad,
        box.y + pad,
        box.w - 2 * pad,
        box.h - 2 * pad - (ribbon + 0.5 if ribbon else 0.0),
    )
    header = _header(pdf, ctx, x, y, w, table)
    matrix = _badge_matrix(person, warnings)
    side = min(QR_MAX, h - header - 1.0, w * 0.42) if matrix else 0.0
    text_w = w - side - (2.0 if side else 0.0)
    top = y + header + 1.0
    body_h = y + h - top
    if matrix:
        qr_y = top + max(0.0, (body_h - side) / 2)
        draw_qr(pdf, matrix, x + w - side, qr_y, side)
    if ribbon:
        _ribbon(pdf, box, layout, ribbon, person.side, brand(ctx.event.settings))

    # Text column: name, then company and title, then interests at the bottom; the interests
    # give way (two rows, one, none) before the name goes below its floor.
    affiliation = [t for t in (person.company, person.title) if clean_text(t)]
    infos = [
        fit_text(
            pdf,
            t,
            text_w,
            INFO_PT * PT * 2.6,
            max_size=INFO_PT,
            min_size=FLOOR,
            max_lines=2,
            style="B" if i == 0 else "",
        )
        for i, t in enumerate(affiliation)
    ]
    info_h = sum(f.height for f in infos) + (1.0 if infos else 0.0)
    name = None
    chip_rows = 0
    for chip_rows in (2, 1, 0) if body_h > 30 else (1, 0):
        chips_h = (_chip_height() + 0.8) * chip_rows + (1.0 if chip_rows else 0.0)
        name_h = body_h - chips_h - info_h - 1.0
        name = fit_text(
            pdf,
            person.name,
            text_w,
            name_h,
            max_size=34,
            min_size=NAME_FLOOR,
            max_lines=4,
            style="B",
        )
        if not name.cut:
            break
    assert name is not None
    who = f"attendee {clean_text(person.name)!r} (id {person.id})"
    if name.cut:
        warnings.append(
            f"{who}: the name does not fit a {layout.name} badge at {NAME_FLOOR:g} pt and was "
            "shortened; shorten it in the attendee list or use a larger layout"
        )
    for fitted, field in zip(infos, ("company", "title"), strict=False):
        if fitted.cut:
            warnings.append(
                f"{who}: the {field} does not fit a {layout.name} badge at {FLOOR:g} pt and "
                "was shortened"
            )
    cursor = draw_fitted(pdf, name, x, top, text_w, style="B")
    cursor += 1.0
    for number, fitted in enumerate(infos):
        pdf.set_text_color(*(GREY if number else INK))
        cursor = draw_fitted(pdf, fitted, x, cursor, text_w, style="B" if number == 0 else "")
        pdf.set_text_color(*INK)
    if chip_rows:
        _chips(
            pdf,
            top_interests(person, counts),
            x,
            y + h - (_chip_height() + 0.8) * chip_rows + 0.8,
            text_w,
            chip_rows,
        )
    return warnings


def _ribbon(
    pdf: FPDF, box: Box, layout: Layout, height: float, side: str, color: tuple[int, int, int]
) -> None:
    """The attendee's side ("MENTOR") across the foot of the badge, in the event's colour."""
    inset = layout.corner_radius * 0.3
    y = box.y + box.h - height - inset
    pdf.set_fill_color(*color)
    pdf.rect(box.x + inset, y, box.w - 2 * inset, height, style="F")
    pdf.set_text_color(*on_color(color))
    pdf.set_font(BODY, "B", 10)
    put(pdf, box.x, y, box.w, height, side_label(side), "C")
    pdf.set_text_color(*INK)


def draw_back(pdf: FPDF, box: Box, person: Attendee, ctx: PrintContext, layout: Layout) -> None:
    """The back of a badge: the name again and the attendee's table in every round."""
    pad = max(3.0, min(box.w, box.h) * 0.06, layout.corner_radius * 0.6)
    x, y, w, h = box.x + pad, box.y + pad, box.w - 2 * pad, box.h - 2 * pad
    name = fit_text(
        pdf, person.name, w, h * 0.4, max_size=24, min_size=NAME_FLOOR, max_lines=2, style="B"
    )
    y = draw_fitted(pdf, name, x, y, w, style="B") + 1.0
    if ctx.plan is None:
        return
    stops = ctx.plan.itinerary(person.id)
    if not stops:
        return
    columns = 2 if len(stops) > 4 else 1
    per_column = -(-len(stops) // columns)
    row = min(5.0, (box.y + box.h - pad - y) / per_column)
    size = max(FLOOR, min(10.0, row / (PT * 1.25)))
    col_w = w / columns
    for index, (number, table) in enumerate(stops):
        cx = x + (index // per_column) * col_w
        cy = y + (index % per_column) * row
        text = f"Round {number} · " + (f"Table {table.number}" if table else "break")
        if table is not None:
            pdf.set_fill_color(*zone(table.number)[1])
            pdf.rect(cx, cy + row * 0.25, row * 0.5, row * 0.5, style="F")
        draw_text(
            pdf, text, cx + row * 0.7, cy + (row - size * PT * 1.2) / 2, col_w - row * 0.7 - 1, size
        )


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
        fitted = fit_text(pdf, label, w - 2.4, height - 1.0, max_size=7, min_size=FLOOR)
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


ALIGNMENT_HINT = (
    "Print at 100 % (not fit-to-page): the ruler must measure 100 mm, and held on a label "
    "sheet against the light every outline must sit on its label."
)


def render_alignment(pdf: FPDF, layout: Layout) -> int:
    """The alignment test page: each item's outline and its number, a 100 mm ruler and a
    one-line instruction."""
    pdf.add_page()
    for number, box in enumerate(layout.boxes(), start=1):
        outline(pdf, box, layout.corner_radius, color=(0, 0, 0), width=0.2)
        pdf.set_text_color(*LIGHT)
        pdf.set_font(BODY, "", 9)
        put(pdf, box.x, box.y + box.h / 2 - 2, box.w, 4, str(number), "C")
    pdf.set_text_color(*INK)
    if layout.cut_marks:
        cut_marks(pdf, layout)
    first = layout.boxes()[0]
    # In the lower part of the first row, clear of the numbers and of every outline's middle
    # (where the outlines are measured against the sheet).
    base = first.y + first.h - 3.0 if first.h >= 30 else layout.page_h / 2
    _ruler(pdf, (layout.page_w - 100.0) / 2, base, layout.page_w)
    return layout.per_page


def _ruler(pdf: FPDF, x: float, base: float, page_w: float) -> None:
    """A 100 mm ruler with millimetre ticks, and the instruction above it."""
    hint = fit_text(pdf, ALIGNMENT_HINT, 100.0, 9.0, max_size=8, min_size=FLOOR, max_lines=3)
    draw_fitted(pdf, hint, x, base - 9.5 - hint.height, 100.0, align="C")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.15)
    pdf.line(x, base, x + 100.0, base)
    for mm in range(101):
        tick = 5.0 if mm % 10 == 0 else 3.5 if mm % 5 == 0 else 2.0
        pdf.line(x + mm, base, x + mm, base - tick)
        if mm % 10 == 0:
            pdf.set_font(BODY, "", 7)
            put(pdf, x + mm - 5, base - 8.5, 10, 3, f"{mm // 10}" if mm < 100 else "10 cm", "C")
