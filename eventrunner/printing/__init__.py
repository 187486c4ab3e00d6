"""Print-ready PDFs of an event: badges, table maps, find-your-table, cards, packs, slips.

One entry point, `print_pdf(kind, store, out)`, used by `eventrunner print` and the
console's Print action. It reads a snapshot of the event file, draws with fpdf2 (vector text
in fonts that cover every script, vector QR codes) and writes the file atomically: a failure
midway leaves whatever was at `out` before untouched. Font gaps and payload trimming come
back as one-line warnings, never as silent empty boxes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
from fpdf import FPDF

from eventrunner.printing.context import PrintContext
from eventrunner.printing.errors import PrintError
from eventrunner.printing.layout import Layout, available_layouts, resolve_layout
from eventrunner.printing.pdfkit import new_document, quiet_libraries, write_atomically

if TYPE_CHECKING:
    from eventrunner.store import EventStore

__all__ = [
    "KINDS",
    "Layout",
    "PrintContext",
    "PrintError",
    "PrintReport",
    "available_layouts",
    "print_pdf",
    "render_to_file",
    "resolve_layout",
]

KINDS = ("badges", "maps", "lookup", "cards", "followups", "slips", "alignment")
"""What can be printed, as the command line spells it."""


@attrs.frozen
class PrintReport:
    """What a print run wrote."""

    path: Path
    """The PDF written."""
    pages: int
    """Pages in it."""
    items: int
    """Badges, cards, packs, slips, rounds... depending on the kind."""
    warnings: tuple[str, ...]
    """One line each, for the organizer (fonts, trimmed codes, names shortened)."""


def _to_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def print_pdf(
    kind: str,
    store: EventStore,
    out: Path,
    *,
    layout: str | None = None,
    warn: Callable[[str], None] = _to_stderr,
    only: Sequence[str] | None = None,
    skip: int = 0,
    double_sided: bool = False,
    fold: bool = False,
) -> PrintReport:
    """Print `kind` of the event in `store` to `out` (a PDF), atomically.

    `layout` names a layout in layouts/ or a .toml path (badges, alignment, cards); by
    default it follows the locale's paper size. `only` limits badges and cards to these
    attendee ids; `skip` leaves that many labels of a partly used sheet empty;
    `double_sided` gives badges a back (name and itinerary) for holders that flip; `fold`
    makes cards fold-over cards.
    Raises PrintError (one line) when there is nothing to print or the file cannot be written.
    """
    return render_to_file(
        kind,
        PrintContext.from_store(store),
        out,
        layout=layout,
        warn=warn,
        only=only,
        skip=skip,
        double_sided=double_sided,
        fold=fold,
    )


def render_to_file(
    kind: str,
    ctx: PrintContext,
    out: Path,
    *,
    layout: str | None = None,
    warn: Callable[[str], None] = _to_stderr,
    only: Sequence[str] | None = None,
    skip: int = 0,
    double_sided: bool = False,
    fold: bool = False,
) -> PrintReport:
    """Like `print_pdf`, from a snapshot instead of an event file (tests, benchmarks)."""
    if kind not in KINDS:
        raise PrintError(f"cannot print '{kind}'; choose one of {', '.join(KINDS)}")
    out = Path(out)
    if out.is_dir():
        raise PrintError(f"{out} is a folder; give a file name such as {kind}.pdf")
    sheet = resolve_layout(layout, "cards" if kind == "cards" else "badges")
    texts = list(ctx.texts())
    if kind == "cards":
        from eventrunner.printing.cards import card_texts

        texts += card_texts(ctx)
    with quiet_libraries() as library:
        pdf, warnings = new_document(
            sheet.page_w, sheet.page_h, texts, title=f"{ctx.event.settings.name}: {kind}"
        )
        options = {"double_sided": double_sided, "fold": fold}
        items, more = _render(kind, pdf, ctx, sheet, only=only, skip=skip, **options)
        warnings += more
        if pdf.pages_count == 0:
            raise PrintError(f"nothing to print for {kind}")
        write_atomically(pdf, out)
    warnings += library
    unique = tuple(dict.fromkeys(warnings))
    for message in unique:
        warn(message)
    return PrintReport(out, pdf.pages_count, items, unique)


def _render(
    kind: str,
    pdf: FPDF,
    ctx: PrintContext,
    sheet: Layout,
    *,
    only: Sequence[str] | None,
    skip: int,
    double_sided: bool = False,
    fold: bool = False,
) -> tuple[int, list[str]]:
    """Draw one kind; the modules are imported here so a print loads only what it needs."""
    if kind == "alignment":
        from eventrunner.printing.badges import render_alignment

        return render_alignment(pdf, sheet), []
    if kind == "badges":
        from eventrunner.printing.badges import render_badges

        return render_badges(pdf, ctx, sheet, only=only, skip=skip, double_sided=double_sided)
    if kind == "cards":
        from eventrunner.printing.cards import render_cards

        return render_cards(pdf, ctx, sheet, only=only, fold=fold)
    if kind == "maps":
        from eventrunner.printing.maps import render_maps

        return render_maps(pdf, ctx)
    if kind == "lookup":
        from eventrunner.printing.lookup import render_lookup

        return render_lookup(pdf, ctx)
    if kind == "followups":
        from eventrunner.printing.followups import render_followups

        return render_followups(pdf, ctx, only=only)
    from eventrunner.printing.slips import render_slips

    return render_slips(pdf, ctx)
