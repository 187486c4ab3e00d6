"""Follow-up packs: after the event, one page per attendee (more if they met many people).

The pack leads with the event and how to reach its organizer (and the next date), then the
matches (people who want to keep in touch too), whom you met and what you share, the contact
codes you may keep, and people you should meet next with why. Type is as large as lets the
pack fill its page without spilling onto another (a few lines do not float at the top of an
empty page). Contact codes print at MODULE mm a module or more; a vCard too long for that at
a sensible size is split into the essentials and a second code with the rest. What a pack may
show comes from `contacts.followup` (played rounds, wishes, consent, the release policy);
this module only lays it out.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

from eventrunner import contacts
from eventrunner.contacts import followup
from eventrunner.contacts.vcard import vcard, vcard_parts
from eventrunner.model import Presence, ReleasePolicy
from eventrunner.printing import qrfast
from eventrunner.printing.context import PrintContext, sort_key
from eventrunner.printing.errors import PrintError
from eventrunner.printing.fonts import clean_text
from eventrunner.printing.identity import brand, event_header
from eventrunner.printing.pdfkit import FLOOR, GREY, INK, PT, draw_fitted, draw_qr, fit_text

MARGIN = 14.0
QR_SIDE = 30.0
"""Smallest contact code square in mm, quiet zone included."""
MODULE = 0.4
"""Smallest QR module in mm: phones read these from an arm's length."""
QR_MAX = 40.0
"""Largest single code: a vCard needing more is split in two."""
SCALES = (1.5, 1.3, 1.15, 1.0)
"""Type sizes tried (× the base sizes) to fill the page."""


class _Flow:
    """A cursor down the page that starts a continuation page when the next block won't fit;
    with `dry` it only measures (how many pages at this scale)."""

    def __init__(self, pdf: FPDF, ctx: PrintContext, title: str, scale: float, dry: bool):
        self.pdf, self.ctx, self.title, self.scale, self.dry = pdf, ctx, title, scale, dry
        self.width = pdf.w - 2 * MARGIN
        self.pages = 0
        self.y = 0.0
        self.page()

    def page(self) -> None:
        self.pages += 1
        title = self.title if self.pages == 1 else f"{self.title} (continued)"
        if self.dry:
            self.y = MARGIN + 20.0
            return
        self.pdf.add_page()
        self.y = event_header(self.pdf, self.ctx.event.settings, title, MARGIN, MARGIN, self.width)

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
        size = max(FLOOR, size * self.scale)
        w = self.width - indent
        fitted = fit_text(
            self.pdf,
            text,
            w,
            size * PT * 1.5 * lines,
            max_size=size,
            min_size=max(FLOOR, size * 0.85),
            max_lines=lines,
            style=style,
        )
        self.need(fitted.height)
        if self.dry:
            self.y += fitted.height
            return
        self.pdf.set_text_color(*color)
        self.y = draw_fitted(self.pdf, fitted, MARGIN + indent, self.y, w, style=style)
        self.pdf.set_text_color(*INK)

    def heading(self, text: str) -> None:
        self.need(14.0 * self.scale)  # never a heading alone at the bottom of a page
        self.y += 3.0 * self.scale
        self.text(text, 13, style="B", color=brand(self.ctx.event.settings))
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
        f = packs[person.id]
        codes = _codes(ctx, f, warnings)
        chosen = next(
            (s for s in SCALES if _pack(pdf, ctx, f, codes, s, dry=True) <= 1), SCALES[-1]
        )
        _pack(pdf, ctx, f, codes, chosen, dry=False)
    return len(people), warnings


Code = tuple[str, list[list[list[bool]]]]
"""An attendee id and the QR matrices of their contact (one, or two when split)."""


def _codes(ctx: PrintContext, f: followup.FollowUp, warnings: list[str]) -> list[Code]:
    """The contact codes of a pack: one per contact, split in two when too long to print at
    MODULE mm a module within QR_MAX."""
    result: list[Code] = []
    for ident, note in zip(f.contacts, followup.contact_notes(f, ctx.event), strict=True):
        other = ctx.people[ident]
        try:
            whole = qrfast.matrix(vcard(other, note=note).text, error_correction="M")
            matrices = [whole]
            if len(whole) * MODULE > QR_MAX:
                matrices = [
                    qrfast.matrix(part.text, error_correction="M")
                    for part in vcard_parts(other, note=note, budget=0)
                ]
        except ValueError as exc:
            warnings.append(f"attendee {ident}: no contact code in the follow-up packs: {exc}")
            matrices = []
        result.append((ident, [[list(row) for row in m] for m in matrices]))
    return result


def _names(ctx: PrintContext, ids: Sequence[str]) -> str:
    return ", ".join(ctx.name(i) for i in ids)


def _pack(
    pdf: FPDF,
    ctx: PrintContext,
    f: followup.FollowUp,
    codes: list[Code],
    scale: float,
    *,
    dry: bool,
) -> int:
    """Lay out one pack at `scale`; returns its pages."""
    settings = ctx.event.settings
    flow = _Flow(pdf, ctx, f"{ctx.name(f.attendee)}: your follow-up", scale, dry)
    organizer = clean_text(settings.organizer)
    if organizer or clean_text(settings.next_date):
        if organizer:
            flow.text(f"Questions, a lost contact, a wrong detail: {organizer}", 10, lines=2)
        if clean_text(settings.next_date):
            flow.text(
                f"Next {clean_text(settings.name)}: {clean_text(settings.next_date)}", 10, style="B"
            )
    flow.heading("Your matches")
    flow.text(
        f"You both want to keep in touch: {_names(ctx, f.matches)}"
        if f.matches
        else "No mutual follow-up yet: a note to the people you liked still works.",
        11,
        style="B" if f.matches else "",
        color=INK if f.matches else GREY,
    )
    if f.wished:
        flow.text(f"You asked to keep in touch with: {_names(ctx, f.wished)}", 10)
    if f.wished_by and settings.release is ReleasePolicy.CONSENT:
        flow.text(f"They would like to keep in touch with you: {_names(ctx, f.wished_by)}", 10)
    # Matches' codes first: those are the calls to make this week.
    order = sorted(codes, key=lambda code: code[0] not in set(f.matches))
    _contacts(flow, ctx, order)
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
    if f.introductions:
        flow.heading("People you should meet")
    for intro in f.introductions:
        flow.text(ctx.name(intro.attendee), 10, style="B", lines=1)
        why = []
        if intro.shared:
            why.append("you both care about " + ", ".join(intro.shared))
        if intro.via:
            why.append(f"{ctx.name(intro.via)} met you both and can introduce you")
        if why:
            flow.text("Why: " + "; ".join(why) + ".", 9, indent=4, color=GREY, lines=2)
    return flow.pages


def _contacts(flow: _Flow, ctx: PrintContext, codes: list[Code]) -> None:
    """The contact codes they may keep, two to a row (a split code takes a whole row), each
    with what it carries."""
    if not codes:
        return
    flow.heading("Contacts you may keep (scan the code with your phone's camera)")
    half = flow.width / 2
    column = 0
    row_h = 0.0
    for ident, matrices in codes:
        base = QR_SIDE * min(flow.scale, 1.3)  # bigger type, bigger codes
        sides = [max(base, len(m) * MODULE) for m in matrices] or [base]
        needed = sum(sides) + 2.0 * len(sides) + 40.0
        wide = needed > half
        if column == 1 and wide:
            flow.y += row_h + 2.0
            column, row_h = 0, 0.0
        if column == 0:
            flow.need(max(sides) + 2.0)
        x = MARGIN + column * half
        cell_w = flow.width if wide else half
        if not flow.dry:
            for matrix, side in zip(matrices, sides, strict=True):
                draw_qr(flow.pdf, matrix, x, flow.y, side)
                x += side + 2.0
            if not matrices:
                x += QR_SIDE + 2.0
            _details(
                flow,
                ctx,
                ident,
                x,
                cell_w - (x - MARGIN - column * half) - 2.0,
                max(sides),
                len(matrices) > 1,
            )
        row_h = max(row_h, max(sides))
        if wide or column == 1:
            flow.y += row_h + 2.0
            column, row_h = 0, 0.0
        else:
            column = 1
    if column == 1:
        flow.y += row_h + 2.0


def _details(
    flow: _Flow, ctx: PrintContext, ident: str, x: float, w: float, h: float, split: bool
) -> None:
    """Beside a code: the contact's name, then what it carries, as far as the code is tall."""
    details = list(contacts.card(ctx.people[ident], multiline=False).fields.values())
    if split:
        details.append("Two codes: the first has the essentials, the second the rest.")
    y = flow.y + 2.5
    for number, value in enumerate(details):
        size = (10.5 if number == 0 else 8.0) * min(flow.scale, 1.2)
        fitted = fit_text(
            flow.pdf,
            value,
            w,
            size * PT * 1.3,
            max_size=size,
            min_size=FLOOR,
            style="B" if number == 0 else "",
        )
        if y + fitted.height > flow.y + h:
            break
        flow.pdf.set_text_color(*(INK if number == 0 else GREY))
        y = draw_fitted(flow.pdf, fitted, x, y, w, style="B" if number == 0 else "")
    flow.pdf.set_text_color(*INK)
