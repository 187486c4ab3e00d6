"""Drawing helpers shared by every printed kind: documents, text lines, vector QR, cut marks.

Sizes are millimetres and font sizes points. Attendee text is always drawn as plain text
(never markdown or HTML) after `fonts.clean_text`; how text is fitted to a box is in
`textfit`. Writing the file is atomic (`write_atomically`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from fpdf import FPDF

from eventrunner.contacts import qr
from eventrunner.files import follow_umask
from eventrunner.printing.errors import PrintError
from eventrunner.printing.fonts import (
    BODY,
    clean_text,
    install_fonts,
    needs_shaping,
    shaping_available,
)
from eventrunner.printing.layout import Box, Layout

# Re-exported: the renderers take every drawing and fitting helper from here.
from eventrunner.printing.textfit import LINE as LINE
from eventrunner.printing.textfit import PT as PT
from eventrunner.printing.textfit import Fitted as Fitted
from eventrunner.printing.textfit import fit_text as fit_text
from eventrunner.printing.textfit import text_width as text_width

INK = (20, 20, 20)
GREY = (110, 110, 110)
LIGHT = (200, 200, 200)


def new_document(
    page_w: float, page_h: float, texts: Iterable[tuple[str, str]], *, title: str = ""
) -> tuple[FPDF, list[str]]:
    """A blank document of that page size with fonts for `texts`, and the font warnings."""
    pdf = FPDF(unit="mm", format=(page_w, page_h))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.c_margin = 0
    pdf.set_creator("eventrunner")
    if title:
        pdf.set_title(clean_text(title))
    warnings = install_fonts(pdf, texts)
    pdf.set_font(BODY, "", 10)
    pdf.set_text_color(*INK)
    return pdf, warnings


def put(pdf: FPDF, x: float, y: float, w: float, h: float, text: str, align: str = "L") -> None:
    """One line of plain text in a w x h cell at (x, y), in the current font.

    fpdf2 2.8 sets the font lazily, inside the text object of the next cell, and that cell
    may be wrapped in q/Q (for its colour): when its first character comes from a fallback
    font (a CJK name), the font is set only inside q/Q and lost at Q, while fpdf2 believes it
    is set, so the next line came out in the previous font and size (a 48 pt Latin name in
    the wrong glyphs). Asking for the font again in every cell keeps each cell self-contained.
    """
    pdf.current_font_is_set_on_page = False
    pdf.set_xy(x, y)
    # Shaping only where a script needs it: fpdf2 shapes slower, and a shaped line whose
    # first glyph comes from a fallback font can lose it. "ltr" keeps Latin words around an
    # Arabic name in reading order for a left-to-right page.
    shaped = needs_shaping(text) and shaping_available()
    if shaped:
        pdf.set_text_shaping(True, direction="ltr")
    pdf.cell(w, h, text, align=align, markdown=False)
    if shaped:
        pdf.set_text_shaping(False)


def draw_fitted(
    pdf: FPDF, fitted: Fitted, x: float, y: float, w: float, *, style: str = "", align: str = "L"
) -> float:
    """Draw fitted lines from (x, y) downwards; returns the y below the block."""
    pdf.set_font(BODY, style, fitted.size)
    step = fitted.size * PT * LINE
    for line in fitted.lines:
        put(pdf, x, y, w, step, line, align)
        y += step
    return y


def draw_text(
    pdf: FPDF,
    text: str,
    x: float,
    y: float,
    w: float,
    size: float,
    *,
    style: str = "",
    align: str = "L",
    color: tuple[int, int, int] = INK,
) -> float:
    """One line of text, shrunk to fit the width if needed; returns the y below it."""
    fitted = fit_text(
        pdf, text, w, size * PT * LINE, max_size=size, min_size=size * 0.5, style=style
    )
    pdf.set_text_color(*color)
    bottom = draw_fitted(pdf, fitted, x, y, w, style=style, align=align)
    pdf.set_text_color(*INK)
    return max(bottom, y + size * PT * LINE)


def page_header(pdf: FPDF, title: str, subtitle: str, x: float, y: float, w: float) -> float:
    """The event name in small grey, a bold title under it and a rule; returns the y to
    continue from."""
    y = draw_text(pdf, subtitle, x, y, w, 10, color=GREY)
    y = draw_text(pdf, title, x, y, w, 22, style="B")
    rule(pdf, x, y + 1.0, w, INK)
    return y + 7.0


def draw_qr(pdf: FPDF, matrix: Sequence[Sequence[bool]], x: float, y: float, size: float) -> None:
    """A QR matrix (quiet zone included) as filled vector rectangles in a size x size square."""
    count = len(matrix)
    if count == 0:
        return
    module = size / count
    runs = qr.dark_runs(tuple(tuple(row) for row in matrix))
    # A hair of overlap between rows: viewers leave white seams between abutting
    # rectangles otherwise, and a camera can read a seam as a light module.
    height = module + 0.01
    raw = getattr(pdf, "_out", None)
    if raw is None:  # pragma: no cover - an fpdf2 without the content-stream writer
        pdf.set_fill_color(0, 0, 0)
        for row, col, length in runs:
            pdf.rect(x + col * module, y + row * module, length * module, height, style="F")
        return
    # One content-stream block instead of a `rect` call per run: fpdf2's per-call overhead
    # was most of a 500-badge print. q/Q keeps fpdf2's own colour state valid.
    k, top = pdf.k, pdf.h
    ops = [
        f"{(x + col * module) * k:.3f} {(top - y - row * module) * k:.3f} "
        f"{length * module * k:.3f} {-height * k:.3f} re"
        for row, col, length in runs
    ]
    raw("q 0 g\n" + "\n".join(ops) + "\nf Q")


def outline(
    pdf: FPDF,
    box: Box,
    radius: float = 0.0,
    *,
    color: tuple[int, int, int] = LIGHT,
    width: float = 0.2,
) -> None:
    """The edge of a box, with rounded corners when the layout has them."""
    pdf.set_draw_color(*color)
    pdf.set_line_width(width)
    if radius > 0:
        pdf.rect(box.x, box.y, box.w, box.h, style="D", round_corners=True, corner_radius=radius)
    else:
        pdf.rect(box.x, box.y, box.w, box.h, style="D")


def cut_marks(pdf: FPDF, layout: Layout, *, length: float = 4.0, gap: float = 1.5) -> None:
    """Short lines in the margins where each column and row edge runs, for a guillotine."""
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.15)
    boxes = layout.boxes()
    xs = sorted({round(b.x, 3) for b in boxes} | {round(b.x + b.w, 3) for b in boxes})
    ys = sorted({round(b.y, 3) for b in boxes} | {round(b.y + b.h, 3) for b in boxes})
    top, bottom = ys[0], ys[-1]
    left, right = xs[0], xs[-1]
    for x in xs:
        pdf.line(x, max(0.0, top - gap - length), x, max(0.0, top - gap))
        pdf.line(x, min(layout.page_h, bottom + gap), x, min(layout.page_h, bottom + gap + length))
    for y in ys:
        pdf.line(max(0.0, left - gap - length), y, max(0.0, left - gap), y)
        pdf.line(min(layout.page_w, right + gap), y, min(layout.page_w, right + gap + length), y)


def tick_box(pdf: FPDF, x: float, y: float, size: float) -> None:
    """An empty square to tick with a pen."""
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.25)
    pdf.rect(x, y, size, size, style="D")


def rule(pdf: FPDF, x: float, y: float, w: float, color: tuple[int, int, int] = LIGHT) -> None:
    """A thin horizontal line."""
    pdf.set_draw_color(*color)
    pdf.set_line_width(0.2)
    pdf.line(x, y, x + w, y)


def write_atomically(pdf: FPDF, out: Path) -> None:
    """Write the PDF next to `out` and move it into place: a failure leaves `out` untouched."""
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise PrintError(f"cannot write {out}: folder {folder} does not exist")
    try:
        data = bytes(pdf.output())
    except Exception as exc:
        raise PrintError(f"cannot build {out.name}: {exc}") from exc
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=".tmp")
    follow_umask(fd)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise PrintError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
