"""Follow-up packs: after the event, one page per attendee (more if they met many people).

Whom you met and what you share, your matches, the contact codes you may keep, and people
you should meet next. What a pack may show comes from `contacts.followup` (played rounds,
wishes, consent and the release policy); this module only lays it out. Contact codes are
vCards of the other person's shared fields, noting where you met.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

from eventrunner import contacts
from eventrunner.contacts import followup
from eventrunner.model import Presence, ReleasePolicy
from eventrunner.printing import qrfast
from eventrunner.printing.context import PrintContext, sort_key
from eventrunner.printing.errors import PrintError
from eventrunner.printing.fonts import clean_text
from eventrunner.printing.pdfkit import GREY, INK, PT, draw_fitted, draw_qr, fit_text, page_header

MARGIN = 14.0
QR_SIDE = 30.0
"""Contact code square in mm, quiet zone included."""


class _Flow:
    """A cursor down the page that starts a continuation page when the next block won't fit."""

    def __init__(self, pdf: FPDF, title: str, event: str) -> None:
        self.pdf, self.title, self.event = pdf, title, event
        self.width = pdf.w - 2 * MARGIN
        self.pages = 0
        self.y = 0.0
        self.page()

    def page(self) -> None:
        self.pdf.add_page()
        self.pages += 1
        title = self.title if self.pages == 1 else f"{self.title} (continued)"
        self.y = page_header(self.pdf, title, self.event, MARGIN, MARGIN, self.width)

    def need(self, height: float) -> None:
        if self.y + height > self.pdf.h - MARGIN:
            self.page()

    def text(
        self,
        text: str,
        size: float,
        *,
        style: str = "",
        indent: float = 0.0,
        color: tuple[int, int, int] = INK,
        lines: int = 3,
    ) -> None:
        w = self.width - indent
        fitted = fit_text(
            self.pdf,
            text,
            w,
            size * PT * 1.2 * lines,
            max_size=size,
            min_size=size * 0.85,
            max_lines=lines,
            style=style,
        )
        self.need(fitted.height)
        self.pdf.set_text_color(*color)
        self.y = draw_fitted(self.pdf, fitted, MARGIN + indent, self.y, w, style=style)
        self.pdf.set_text_color(*INK)

    def heading(self, text: str) -> None:
        self.need(14.0)  # never a heading alone at the bottom of a page
        self.y += 3.0
        self.text(text, 13, style="B")
        self.y += 1.0


def render_followups(
    pdf: FPDF, ctx: PrintContext, *, only: Sequence[str] | None = None
) -> tuple[int, list[str]]:
    """A pack for everyone who took part (or the `only` ids); returns (packs, warnings)."""
    if not ctx.played_rounds:
        raise PrintError(
            "no round has been played yet, so there is nothing to follow up; record the "
            "rounds with `eventrunner play EVENT --through N` first"
        )
    packs = followup.followups(ctx.event, ctx.played_rounds, ctx.wishes)
    people = [
        p
        for p in ctx.event.attendees
        if (packs[p.id].met or p.presence in (Presence.PRESENT, Presence.LEFT))
        and (only is None or p.id in set(only))
    ]
    people.sort(key=lambda p: sort_key(p.name))
    warnings: list[str] = []
    for person in people:
        warnings += _pack(pdf, ctx, packs[person.id])
    return len(people), warnings


def _names(ctx: PrintContext, ids: Sequence[str]) -> str:
    return ", ".join(ctx.name(i) for i in ids)


def _pack(pdf: FPDF, ctx: PrintContext, f: followup.FollowUp) -> list[str]:
    event = ctx.event
    flow = _Flow(pdf, f"{ctx.name(f.attendee)}: your follow-up", event.settings.name)
    flow.heading("Whom you met")
    if not f.met:
        flow.text("You did not sit at a table this time.", 10, color=GREY)
    for meeting in f.met:
        who = "; ".join(
            ctx.name(p)
            + (
                f" ({clean_text(ctx.people[p].company)})"
                if clean_text(ctx.people[p].company)
                else ""
            )
            for p in meeting.partners
        )
        flow.text(f"Round {meeting.round} · Table {meeting.table}: {who}", 10, lines=2)
        if meeting.shared:
            flow.text("You share: " + ", ".join(meeting.shared), 9, indent=4, color=GREY)
    flow.heading("Your matches")
    flow.text(
        f"You both want to keep in touch: {_names(ctx, f.matches)}"
        if f.matches
        else "No mutual follow-up yet: a note to the people you liked still works.",
        10,
        color=INK if f.matches else GREY,
    )
    if f.wished:
        flow.text(f"You asked to keep in touch with: {_names(ctx, f.wished)}", 10)
    if f.wished_by and event.settings.release is ReleasePolicy.CONSENT:
        flow.text(f"They would like to keep in touch with you: {_names(ctx, f.wished_by)}", 10)
    warnings = _contacts(flow, ctx, f)
    if f.introductions:
        flow.heading("People you should meet")
    for intro in f.introductions:
        line = ctx.name(intro.attendee)
        if intro.shared:
            line += " · you share: " + ", ".join(intro.shared)
        if intro.via:
            line += f" · {ctx.name(intro.via)} met you both"
        flow.text(line, 10, lines=2)
    return warnings


def _contacts(flow: _Flow, ctx: PrintContext, f: followup.FollowUp) -> list[str]:
    """The contact codes they may keep, two to a row, each with what it carries."""
    if not f.contacts:
        return []
    flow.heading("Contacts you may keep (scan the code with your phone's camera)")
    warnings: list[str] = []
    cards = followup.contact_cards(f, ctx.event)
    column_w = flow.width / 2
    for index, (ident, payload) in enumerate(zip(f.contacts, cards, strict=True)):
        column = index % 2
        if column == 0:
            flow.need(QR_SIDE + 2.0)
        x = MARGIN + column * column_w
        try:
            matrix = qrfast.matrix(payload.text, error_correction="M")
        except ValueError as exc:
            warnings.append(f"attendee {ident}: no contact code in the follow-up packs: {exc}")
            matrix = None
        if matrix is not None:
            draw_qr(flow.pdf, matrix, x, flow.y, QR_SIDE)
        details = contacts.card(ctx.people[ident], multiline=False).fields
        tx, tw = x + QR_SIDE + 2.0, column_w - QR_SIDE - 4.0
        y = flow.y + 2.5
        for number, value in enumerate(details.values()):
            size = 10.5 if number == 0 else 8.0
            fitted = fit_text(
                flow.pdf,
                value,
                tw,
                size * PT * 1.2,
                max_size=size,
                min_size=6,
                style="B" if number == 0 else "",
            )
            if y + fitted.height > flow.y + QR_SIDE:
                break
            flow.pdf.set_text_color(*(INK if number == 0 else GREY))
            y = draw_fitted(flow.pdf, fitted, tx, y, tw, style="B" if number == 0 else "")
        flow.pdf.set_text_color(*INK)
        if column == 1 or index == len(f.contacts) - 1:
            flow.y += QR_SIDE + 2.0
    return warnings
