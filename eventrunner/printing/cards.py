"""Itinerary cards: one per attendee with the whole evening, several per sheet with cut marks.

For each round the card gives the table (with its zone colour), the partner(s), what the
attendee shares with each, an icebreaker picked for what the table shares (the same question
for everyone at that table, and never one the attendee already has on the card), and beside
each partner a 4 mm box to tick "I'd like to follow up", so the organizer can collect the
cards and record the wishes. The whole evening goes on one card wherever it fits at a
readable size: the card first drops the icebreakers, then becomes a one-line-per-round list,
and only then continues on a second card. Nothing on a card is smaller than 7 pt. The event's
name, date and venue head the card, and on two-sided events the attendee's side. With
`fold` each card is a fold-over: a cover with the name and the side, the evening inside.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs
from fpdf import FPDF

from eventrunner.interests import shared_interests
from eventrunner.model import Attendee, Plan
from eventrunner.printing.context import PrintContext, sort_key
from eventrunner.printing.errors import PrintError
from eventrunner.printing.fonts import BODY, clean_text
from eventrunner.printing.icebreakers import load_openers, options
from eventrunner.printing.identity import (
    brand,
    draw_logo,
    event_line,
    logo_ok,
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
    Fitted,
    cut_marks,
    draw_fitted,
    fit_text,
    put,
    rule,
    text_width,
    tick_box,
)

SCALES = (1.0, 0.9, 0.8, 0.7)
"""Text sizes tried (× the base sizes, never below FLOOR) before a plainer form is tried."""
MODES = ("full", "brief", "list")
"""Card forms, richest first: with icebreakers; without them; one line per round."""
TICK = 4.0
"""Side of the follow-up tick box in mm: big enough for a pen."""
PAD = 6.0
FOLLOW = "I'd like to follow up"
LOGO_W = 14.0
"""Width of the box the event's logo fits into on a card, in mm."""


@attrs.frozen
class Stop:
    """One round of an attendee's evening."""

    round: int
    """Round number."""
    table: int | None
    """Table number, None when sitting the round out."""
    partners: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    """(name, company, what you share) of each person at the table."""
    question: str = ""
    """An icebreaker for the table ('' when none)."""
    arrived_after: int = 0
    """For a round before a late arrival came: the last round before they did (else 0)."""


def card_texts(ctx: PrintContext) -> list[tuple[str, str]]:
    """The seed texts a card may print, for the font check (attendee texts come from ctx)."""
    return [("seeds/icebreakers.toml", text) for text in load_openers().all_texts()]


def table_questions(ctx: PrintContext, plan: Plan) -> dict[tuple[int, int], str]:
    """One icebreaker per table of the plan, round by round, none that anyone at the table
    already got in an earlier round ('' when every suitable one is used up)."""
    seen: dict[str, set[str]] = {}
    chosen: dict[tuple[int, int], str] = {}
    for rnd in plan.rounds:
        for table in rnd.tables:
            people = [ctx.people[a] for a in table.attendees if a in ctx.people]
            common = [
                tag
                for i, a in enumerate(people)
                for b in people[i + 1 :]
                for tag in shared_interests(a, b)
            ]
            tags = list(dict.fromkeys([*table.shared, *common]))
            used = set().union(*(seen.get(a, set()) for a in table.attendees))
            question = next(
                (q for q in options(tags, f"{rnd.number}:{table.number}") if q not in used), ""
            )
            chosen[(rnd.number, table.number)] = question
            for a in table.attendees:
                seen.setdefault(a, set()).add(question)
    return chosen


def itinerary(
    ctx: PrintContext, person: Attendee, questions: dict[tuple[int, int], str] | None = None
) -> list[Stop]:
    """The attendee's evening, round by round."""
    assert ctx.plan is not None
    if questions is None:
        questions = table_questions(ctx, ctx.plan)
    stops = []
    # A walk-in is in no round (neither at a table nor on a bye) before they arrived.
    placed = [r.number for r in ctx.plan.rounds if person.id in r.byes or r.table_of(person.id)]
    came = placed[0] if placed else 1
    for number, table in ctx.plan.itinerary(person.id):
        if table is None:
            stops.append(Stop(number, None, arrived_after=came - 1 if number < came else 0))
            continue
        partners = []
        for other_id in table.attendees:
            other = ctx.people.get(other_id)
            if other_id == person.id or other is None:
                continue
            shared = tuple(shared_interests(person, other))
            partners.append((ctx.name(other_id), clean_text(other.company), shared))
        question = questions.get((number, table.number), "")
        stops.append(Stop(number, table.number, tuple(partners), question))
    return stops


def render_cards(
    pdf: FPDF,
    ctx: PrintContext,
    layout: Layout,
    *,
    only: Sequence[str] | None = None,
    fold: bool = False,
) -> tuple[int, list[str]]:
    """Cards for everyone in the plan (or the `only` ids); returns (cards, warnings)."""
    if ctx.plan is None or not ctx.plan.rounds:
        raise PrintError("there is no plan yet; make one with `eventrunner plan EVENT` first")
    seated = {a for rnd in ctx.plan.rounds for t in rnd.tables for a in t.attendees}
    seated |= {a for rnd in ctx.plan.rounds for a in rnd.byes}
    people = [
        p for p in ctx.event.attendees if p.id in seated and (only is None or p.id in set(only))
    ]
    people.sort(key=lambda p: sort_key(p.name))
    questions = table_questions(ctx, ctx.plan)
    boxes = layout.boxes()
    slot = layout.per_page
    cards = 0
    warnings: list[str] = []
    for person in people:
        stops = itinerary(ctx, person, questions)
        drawers = list(_parts(pdf, ctx, person, stops, _inside(boxes[0], fold), fold))
        if len(drawers) > 1:
            warnings.append(
                f"attendee {clean_text(person.name)!r} (id {person.id}): the evening takes "
                f"{len(drawers)} {layout.name} cards; a larger card layout holds it on one"
            )
        for part in drawers:
            if slot == layout.per_page:
                pdf.add_page()
                if layout.cut_marks:
                    cut_marks(pdf, layout)
                slot = 0
            if fold:
                _cover(pdf, ctx, person, _cover_box(boxes[slot]), part.suffix)
                _fold_line(pdf, boxes[slot])
            part(_inside(boxes[slot], fold))
            slot += 1
            cards += 1
    return cards, warnings


def _inside(box: Box, fold: bool) -> Box:
    """Where the evening goes: the whole card, or the inner half of a fold-over."""
    if not fold:
        return box
    if box.h >= box.w:
        return Box(box.x, box.y + box.h / 2, box.w, box.h / 2)
    return Box(box.x + box.w / 2, box.y, box.w / 2, box.h)


def _cover_box(box: Box) -> Box:
    if box.h >= box.w:
        return Box(box.x, box.y, box.w, box.h / 2)
    return Box(box.x, box.y, box.w / 2, box.h)


def _fold_line(pdf: FPDF, box: Box) -> None:
    """A dashed line where the fold-over card is folded."""
    pdf.set_draw_color(*LIGHT)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=2, gap=1.5)
    if box.h >= box.w:
        pdf.line(box.x, box.y + box.h / 2, box.x + box.w, box.y + box.h / 2)
    else:
        pdf.line(box.x + box.w / 2, box.y, box.x + box.w / 2, box.y + box.h)
    pdf.set_dash_pattern()


def _cover(pdf: FPDF, ctx: PrintContext, person: Attendee, box: Box, suffix: str) -> None:
    """The outside of a fold-over card: the event, the name large, the side."""
    x, y, w = box.x + PAD, box.y + PAD, box.w - 2 * PAD
    line = fit_text(
        pdf, event_line(ctx.event.settings), w, 12, max_size=9, min_size=FLOOR, max_lines=2
    )
    pdf.set_text_color(*brand(ctx.event.settings))
    y = draw_fitted(pdf, line, x, y, w)
    draw_logo(pdf, ctx.event.settings, x, box.y + box.h - PAD - 7.0 - 14.0, 12.0, w / 2)
    pdf.set_text_color(*INK)
    name = fit_text(
        pdf, person.name + suffix, w, box.h * 0.45, max_size=28, min_size=14, max_lines=3, style="B"
    )
    draw_fitted(pdf, name, x, y + 4.0, w, style="B")
    if ctx.event.settings.two_sided and clean_text(person.side):
        _side_tag(pdf, ctx, person, x, box.y + box.h - PAD - 7.0, w, 7.0)


def _side_tag(
    pdf: FPDF, ctx: PrintContext, person: Attendee, x: float, y: float, w: float, h: float
) -> None:
    color = brand(ctx.event.settings)
    pdf.set_fill_color(*color)
    pdf.rect(x, y, w, h, style="F", round_corners=True, corner_radius=1.0)
    pdf.set_text_color(*on_color(color))
    pdf.set_font(BODY, "B", max(FLOOR, min(10.0, h / (PT * 1.3))))
    put(pdf, x, y, w, h, side_label(person.side), "C")
    pdf.set_text_color(*INK)


def _parts(
    pdf: FPDF, ctx: PrintContext, person: Attendee, stops: list[Stop], box: Box, fold: bool
) -> Iterator[_Drawer]:
    """One drawer per card: the whole evening on one card in the richest form and largest
    size that fit; else the one-line list over the fewest cards, rounds shared out evenly.
    Inside a fold-over card the cover carries the name, so the evening starts at once."""
    room = box.h - 2 * PAD - _head(pdf, ctx, person, 0, 0, box.w - 2 * PAD, "", False, fold)
    room -= _footer(pdf, 0, 0, box.w - 2 * PAD, draw=False)
    width = box.w - 2 * PAD

    def fits(group: list[Stop], mode: str, scale: float) -> bool:
        height = sum(_stop(pdf, s, 0, 0, width, scale, mode, draw=False) for s in group)
        return height <= room

    for mode in MODES:
        for scale in SCALES:
            if fits(stops, mode, scale):
                yield _Drawer(pdf, ctx, person, stops, scale, mode, "", fold)
                return
    smallest = SCALES[-1]
    count = 1
    while count < len(stops):
        count += 1
        size = -(-len(stops) // count)
        groups = [stops[i : i + size] for i in range(0, len(stops), size)]
        if all(fits(g, "list", smallest) for g in groups):
            break
    size = -(-len(stops) // count) if stops else 1
    groups = [stops[i : i + size] for i in range(0, len(stops), size)] or [[]]
    for number, group in enumerate(groups, start=1):
        suffix = f" ({number}/{len(groups)})"
        yield _Drawer(pdf, ctx, person, group, smallest, "list", suffix, fold)


@attrs.frozen
class _Drawer:
    pdf: FPDF
    ctx: PrintContext
    person: Attendee
    stops: list[Stop]
    scale: float
    mode: str
    suffix: str
    fold: bool = False

    def __call__(self, box: Box) -> None:
        pdf, s = self.pdf, self.scale
        x, w = box.x + PAD, box.w - 2 * PAD
        y = _head(pdf, self.ctx, self.person, x, box.y + PAD, w, self.suffix, True, self.fold)
        for stop in self.stops:
            y = _stop(pdf, stop, x, y, w, s, self.mode, draw=True)
        _footer(pdf, x, box.y + box.h - PAD, w, draw=True)


def _head(
    pdf: FPDF,
    ctx: PrintContext,
    person: Attendee,
    x: float,
    y: float,
    w: float,
    suffix: str,
    draw: bool,
    fold: bool,
) -> float:
    """The card's head: the full header, or inside a fold-over one small line."""
    if not fold:
        return _header(pdf, ctx, person, x, y, w, 1.0, suffix, draw)
    line = fit_text(
        pdf,
        f"Your tables for the evening{suffix}",
        w,
        FLOOR * PT * 1.3,
        max_size=8,
        min_size=FLOOR,
        style="B",
    )
    return _block(pdf, line, x, y, w, draw, style="B") + 0.5


def _size(base: float, scale: float) -> float:
    return max(FLOOR, base * scale)


def _block(
    pdf: FPDF,
    fitted: Fitted,
    x: float,
    y: float,
    w: float,
    draw: bool,
    *,
    style: str = "",
    color: tuple[int, int, int] = INK,
) -> float:
    if not draw:
        return y + fitted.height
    pdf.set_text_color(*color)
    bottom = draw_fitted(pdf, fitted, x, y, w, style=style)
    pdf.set_text_color(*INK)
    return bottom


def _header(
    pdf: FPDF,
    ctx: PrintContext,
    person: Attendee,
    x: float,
    y: float,
    w: float,
    s: float,
    suffix: str,
    draw: bool,
) -> float:
    """The name, the side, and the event's line."""
    ribbon = ctx.event.settings.two_sided and bool(clean_text(person.side))
    tag_w = text_width(pdf, side_label(person.side), 9, "B") + 5.0 if ribbon else 0.0
    name = fit_text(
        pdf,
        person.name + suffix,
        w - tag_w,
        18 * PT * 2.6,
        max_size=18,
        min_size=10,
        max_lines=3,
        style="B",
    )
    if draw and ribbon:
        _side_tag(pdf, ctx, person, x + w - tag_w + 1.5, y + 0.5, tag_w - 1.5, 5.5)
    y = _block(pdf, name, x, y, w - tag_w, draw, style="B")
    line = f"{event_line(ctx.event.settings)} · your tables for the evening"
    logo_w = LOGO_W if logo_ok(ctx.event.settings.logo) else 0.0
    sub_w = w - logo_w - (1.5 if logo_w else 0.0)
    sub = fit_text(pdf, line, sub_w, FLOOR * PT * 2.6, max_size=8, min_size=FLOOR, max_lines=2)
    if draw and logo_w:
        draw_logo(pdf, ctx.event.settings, x + w - logo_w, y, max(sub.height, 4.0), logo_w)
    color = brand(ctx.event.settings) if ctx.event.settings.brand_color else GREY
    y = _block(pdf, sub, x, y, sub_w, draw, color=color)
    return y + 1.5


def _stop(
    pdf: FPDF, stop: Stop, x: float, y: float, w: float, s: float, mode: str, *, draw: bool
) -> float:
    """One round: heading, a line per partner with the tick box, shared, the icebreaker."""
    y += 1.0 * s
    if draw:
        rule(pdf, x, y, w)
    y += 0.8 * s
    if stop.table is None:
        line = f"Round {stop.round} · you sit this round out: a break, back next round"
        if stop.arrived_after:
            line = f"Round {stop.round} · arrived after round {stop.arrived_after}"
        fitted = fit_text(pdf, line, w, 9 * s * 2, max_size=_size(9, s), min_size=FLOOR)
        return _block(pdf, fitted, x, y, w, draw, color=GREY)
    swatch = _size(11, s) * PT
    heading = f"Round {stop.round} · Table {stop.table}"
    label_w = text_width(pdf, FOLLOW, FLOOR) + 1.5 if mode != "list" else 0.0
    alone = len(stop.partners) == 1
    if mode == "list" and alone:
        heading += " · " + stop.partners[0][0]
        fitted = fit_text(
            pdf,
            heading,
            w - swatch - 1.5 - TICK - 2,
            _size(10, s) * PT * 2.6,
            max_size=_size(10, s),
            min_size=FLOOR,
            max_lines=2,
            style="B",
        )
    else:
        fitted = fit_text(
            pdf,
            heading,
            w - swatch - 1.5,
            _size(11, s) * PT * 1.6,
            max_size=_size(11, s),
            min_size=FLOOR,
            style="B",
        )
    top = y
    if draw:
        # The table's zone colour, beside its number (never instead of it).
        pdf.set_fill_color(*zone(stop.table)[1])
        pdf.rect(x, y + (fitted.step - swatch) / 2, swatch, swatch, style="F")
        if mode == "list" and alone:
            tick_box(pdf, x + w - TICK, y + (max(fitted.height, TICK) - TICK) / 2, TICK)
    y = _block(pdf, fitted, x + swatch + 1.5, y, w - swatch - 1.5, draw, style="B")
    if mode == "list" and alone:
        return max(y, top + TICK + 0.5)
    if mode == "list":  # a table of 3-4: each partner on a line with a tick box
        for name, _, _ in stop.partners:
            entry = fit_text(
                pdf,
                name,
                w - TICK - 5,
                _size(9.5, s) * PT * 2.6,
                max_size=_size(9.5, s),
                min_size=FLOOR,
                max_lines=2,
            )
            row = max(entry.height, TICK + 0.5)
            if draw:
                tick_box(pdf, x + w - TICK, y + (row - TICK) / 2, TICK)
                draw_fitted(pdf, entry, x + 3, y + (row - entry.height) / 2, w - TICK - 5)
            y += row
        return y
    for name, company, shared in stop.partners:
        who = name + (f" · {company}" if company else "")
        room = w - label_w - TICK - 2
        size = _size(9.5, s)
        fitted = fit_text(pdf, who, room, size * PT * 1.3, max_size=size, min_size=size)
        if fitted.cut:  # the company only when it fits beside the name
            fitted = fit_text(
                pdf, name, room, size * PT * 2.6, max_size=size, min_size=FLOOR, max_lines=2
            )
        row = max(fitted.height, TICK + 0.6)
        if draw:
            pdf.set_text_color(*GREY)
            pdf.set_font(BODY, "", FLOOR)
            put(pdf, x + w - label_w - TICK - 1.0, y, label_w, row, FOLLOW, "R")
            pdf.set_text_color(*INK)
            tick_box(pdf, x + w - TICK, y + (row - TICK) / 2, TICK)
            draw_fitted(pdf, fitted, x, y + (row - fitted.height) / 2, room)
        y += row
        if shared:
            line = "You share: " + ", ".join(clean_text(t) for t in shared)
            fitted = fit_text(
                pdf,
                line,
                w - 3,
                _size(8, s) * PT * 2.6,
                max_size=_size(8, s),
                min_size=FLOOR,
                max_lines=2,
            )
            y = _block(pdf, fitted, x + 3, y, w - 3, draw, color=GREY)
    if stop.question and mode == "full":
        # Wrap rather than shrink: a question is read, a tiny one is skipped.
        fitted = fit_text(
            pdf,
            f"Ask: “{clean_text(stop.question)}”",
            w,
            _size(8, s) * PT * 1.3 * 3,
            max_size=_size(8, s),
            min_size=FLOOR,
            max_lines=3,
        )
        y = _block(pdf, fitted, x, y, w, draw)
    return y


def _footer(pdf: FPDF, x: float, bottom: float, w: float, *, draw: bool) -> float:
    """A reminder of what the ticks are for; returns its height."""
    text = "Tick whom you'd like to follow up with, then hand this card to the organizer."
    fitted = fit_text(pdf, text, w, FLOOR * PT * 2.6, max_size=FLOOR, min_size=FLOOR, max_lines=2)
    if draw:
        rule(pdf, x, bottom - fitted.height - 1.0, w, LIGHT)
        _block(pdf, fitted, x, bottom - fitted.height, w, True, color=GREY)
    return fitted.height + 2.0
