"""Itinerary cards: one per attendee, several per sheet with cut marks.

For each round the card gives the table, the partner(s), what the attendee shares with each,
an icebreaker picked for the interest they share (the same question for everyone at that
table), and beside each partner a box to tick "I'd like to follow up", so the organizer can
collect the cards and record the wishes. Text shrinks to fit a long evening on one card;
an evening too long even then continues on a second card.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs
from fpdf import FPDF

from eventrunner.interests import shared_interests
from eventrunner.model import Attendee
from eventrunner.printing.context import PrintContext, sort_key
from eventrunner.printing.errors import PrintError
from eventrunner.printing.fonts import BODY, clean_text
from eventrunner.printing.icebreakers import load_openers, opener
from eventrunner.printing.layout import Box, Layout
from eventrunner.printing.pdfkit import (
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

SCALES = (1.0, 0.9, 0.8, 0.72)
"""Text sizes tried to fit an evening on one card; below these it takes two cards."""
FOLLOW = "I'd like to follow up"


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


def itinerary(ctx: PrintContext, person: Attendee) -> list[Stop]:
    """The attendee's evening, round by round."""
    assert ctx.plan is not None
    stops = []
    # A walk-in is in no round (neither at a table nor on a bye) before they arrived.
    placed = [r.number for r in ctx.plan.rounds if person.id in r.byes or r.table_of(person.id)]
    came = placed[0] if placed else 1
    for number, table in ctx.plan.itinerary(person.id):
        if table is None:
            stops.append(Stop(number, None, arrived_after=came - 1 if number < came else 0))
            continue
        partners = []
        common: list[str] = []
        for other_id in table.attendees:
            other = ctx.people.get(other_id)
            if other_id == person.id or other is None:
                continue
            shared = tuple(shared_interests(person, other))
            common += shared
            partners.append((ctx.name(other_id), clean_text(other.company), shared))
        tags = list(dict.fromkeys([*table.shared, *common]))
        question, _ = opener([t for t in tags if t in common] or tags, f"{number}:{table.number}")
        stops.append(Stop(number, table.number, tuple(partners), question))
    return stops


def render_cards(
    pdf: FPDF, ctx: PrintContext, layout: Layout, *, only: Sequence[str] | None = None
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
    boxes = layout.boxes()
    slot = layout.per_page
    cards = 0
    for person in people:
        for part in _parts(pdf, ctx, person, boxes[0]):
            if slot == layout.per_page:
                pdf.add_page()
                if layout.cut_marks:
                    cut_marks(pdf, layout)
                slot = 0
            part(boxes[slot])
            slot += 1
            cards += 1
    return cards, []


def _parts(pdf: FPDF, ctx: PrintContext, person: Attendee, box: Box) -> Iterator[_Drawer]:
    """One drawer per card this attendee needs: the fewest cards, at the largest text size
    that fits them, with the rounds shared out evenly (3 + 3 reads better than 5 + 1)."""
    stops = itinerary(ctx, person)

    def fits(group: list[Stop], scale: float) -> bool:
        return _height(pdf, group, box.w, scale) <= _room(pdf, person, box, scale)

    smallest = SCALES[-1]
    greedy: list[list[Stop]] = [[]]
    for stop in stops:
        if greedy[-1] and not fits([*greedy[-1], stop], smallest):
            greedy.append([])
        greedy[-1].append(stop)
    chosen, scale = greedy, smallest
    size = -(-len(stops) // len(greedy)) if stops else 1
    even = [stops[i : i + size] for i in range(0, len(stops), size)] or [[]]
    for candidate in SCALES:
        if len(even) == len(greedy) and all(fits(group, candidate) for group in even):
            chosen, scale = even, candidate
            break
    for number, group in enumerate(chosen, start=1):
        suffix = f" ({number}/{len(chosen)})" if len(chosen) > 1 else ""
        yield _Drawer(pdf, ctx, person, group, scale, suffix)


@attrs.frozen
class _Drawer:
    pdf: FPDF
    ctx: PrintContext
    person: Attendee
    stops: list[Stop]
    scale: float
    suffix: str

    def __call__(self, box: Box) -> None:
        pdf, s = self.pdf, self.scale
        pad = 6.0
        x, w = box.x + pad, box.w - 2 * pad
        y = _header(pdf, self.ctx, self.person, x, box.y + pad, w, s, self.suffix, draw=True)
        for stop in self.stops:
            y = _stop(pdf, stop, x, y, w, s, draw=True)
        _footer(pdf, x, box.y + box.h - pad, w, draw=True)


def _room(pdf: FPDF, person: Attendee, box: Box, scale: float) -> float:
    pad = 6.0
    top = _header(pdf, None, person, 0, 0, box.w - 2 * pad, scale, "", draw=False)
    return box.h - 2 * pad - top - _footer(pdf, 0, 0, box.w - 2 * pad, draw=False)


def _height(pdf: FPDF, stops: Sequence[Stop], width: float, scale: float) -> float:
    return sum(_stop(pdf, stop, 0, 0, width - 12.0, scale, draw=False) for stop in stops)


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
    ctx: PrintContext | None,
    person: Attendee,
    x: float,
    y: float,
    w: float,
    s: float,
    suffix: str,
    *,
    draw: bool,
) -> float:
    name = fit_text(
        pdf,
        person.name + suffix,
        w,
        18 * s * PT * 1.2 * 2,
        max_size=18 * s,
        min_size=10,
        max_lines=2,
        style="B",
    )
    y = _block(pdf, name, x, y, w, draw, style="B")
    if ctx is not None:
        line = f"{clean_text(ctx.event.settings.name)} · your tables for the evening"
        sub = fit_text(pdf, line, w, 8 * PT * 1.2, max_size=8, min_size=6)
        y = _block(pdf, sub, x, y, w, draw, color=GREY)
    else:
        y += 8 * PT * 1.2
    return y + 1.5


def _stop(pdf: FPDF, stop: Stop, x: float, y: float, w: float, s: float, *, draw: bool) -> float:
    """One round: heading, a line per partner with the tick box, shared, the icebreaker."""
    y += 1.2 * s
    if draw:
        rule(pdf, x, y, w)
    y += 1.0 * s
    if stop.table is None:
        line = f"Round {stop.round} · you sit this round out: a break, back next round"
        if stop.arrived_after:
            line = f"Round {stop.round} · arrived after round {stop.arrived_after}"
        return _block(
            pdf,
            fit_text(pdf, line, w, 9 * s, max_size=9 * s, min_size=6),
            x,
            y,
            w,
            draw,
            color=GREY,
        )
    heading = fit_text(
        pdf,
        f"Round {stop.round} · Table {stop.table}",
        w,
        11 * s,
        max_size=11 * s,
        min_size=7,
        style="B",
    )
    y = _block(pdf, heading, x, y, w, draw, style="B")
    label = 6.5 * s
    label_w = text_width(pdf, FOLLOW, label) + 1.5 + 2.8 * s
    for name, company, shared in stop.partners:
        who = name + (f" · {company}" if company else "")
        room = w - label_w - 2
        # The company only when it fits beside the name; the name always, wrapped if need be.
        fitted = fit_text(
            pdf, who, room, 9.5 * s * PT * 1.2, max_size=9.5 * s, min_size=max(6.0, 8.5 * s)
        )
        if fitted.cut:
            fitted = fit_text(
                pdf, name, room, 9.5 * s * PT * 1.2 * 2, max_size=9.5 * s, min_size=6, max_lines=2
            )
        if draw:
            box = 2.8 * s
            pdf.set_text_color(*GREY)
            pdf.set_font(BODY, "", label)
            first_line = fitted.size * PT * 1.2
            put(pdf, x + w - label_w, y, label_w - box - 1.0, first_line, FOLLOW, "R")
            pdf.set_text_color(*INK)
            tick_box(pdf, x + w - box, y + (first_line - box) / 2, box)
        y = _block(pdf, fitted, x, y, room, draw)
        if shared:
            line = "You share: " + ", ".join(clean_text(t) for t in shared)
            fitted = fit_text(
                pdf,
                line,
                w - 3,
                8 * s * PT * 1.2 * 2,
                max_size=8 * s,
                min_size=max(5.5, 7.2 * s),
                max_lines=2,
            )
            y = _block(pdf, fitted, x + 3, y, w - 3, draw, color=GREY)
    if stop.question:
        # Wrap rather than shrink: a question is read, a tiny one is skipped.
        fitted = fit_text(
            pdf,
            f"Ask: “{clean_text(stop.question)}”",
            w,
            8 * s * PT * 1.2 * 3,
            max_size=8 * s,
            min_size=max(5.5, 7.2 * s),
            max_lines=3,
        )
        y = _block(pdf, fitted, x, y, w, draw)
    return y


def _footer(pdf: FPDF, x: float, bottom: float, w: float, *, draw: bool) -> float:
    """A reminder of what the ticks are for; returns its height."""
    text = "Tick whom you'd like to follow up with, then hand this card to the organizer."
    fitted = fit_text(pdf, text, w, 6.5 * PT * 1.2 * 2, max_size=6.5, min_size=5, max_lines=2)
    if draw:
        rule(pdf, x, bottom - fitted.height - 1.0, w, LIGHT)
        _block(pdf, fitted, x, bottom - fitted.height, w, True, color=GREY)
    return fitted.height + 2.0
