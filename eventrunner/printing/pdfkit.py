"""Drawing helpers shared by every printed kind: documents, text lines, vector QR, cut marks.

Sizes are millimetres and font sizes points. Attendee text is always drawn as plain text
(never markdown or HTML) after `fonts.clean_text`; how text is fitted to a box is in
`textfit`. Writing the file is atomic (`write_atomically`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode

from eventrunner.contacts import qr
from eventrunner.files import follow_umask
from eventrunner.printing.errors import PrintError
from eventrunner.printing.fonts import (
    BODY,
    SYNTHETIC_STROKE,
    clean_text,
    install_fonts,
    needs_shaping,
    shaping_available,
    synthetic_bold,
)
from eventrunner.printing.layout import Box, Layout
from eventrunner.printing.metrics import GAP

# Re-exported: the renderers take every drawing and fitting helper from here.
from eventrunner.printing.metrics import LINE as LINE
from eventrunner.printing.scripts import direction
from eventrunner.printing.textfit import PT as PT
from eventrunner.printing.textfit import Fitted as Fitted
from eventrunner.printing.textfit import fit_text as fit_text
from eventrunner.printing.textfit import text_width as text_width

FLOOR = 7.0
"""The smallest type printed anywhere, in points."""
EDGE = 5.0
"""Cut marks stay this far inside the paper's edge (most printers cannot print closer)."""
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
    # first glyph comes from a fallback font can lose it. The line's direction is the
    # bidirectional algorithm's (python-bidi): a list of Arabic names runs right to left, so
    # its commas and brackets land where a reader of Arabic expects them.
    shaped = needs_shaping(text) and shaping_available()
    fake_bold = "B" in pdf.font_style and synthetic_bold(pdf, text)
    size = pdf.font_size_pt
    if fake_bold:
        # No bold face for some script on the line (CJK): the whole line in the regular
        # faces, filled and outlined in the text colour, so its weight never switches.
        pdf.set_font(BODY, "", size)
        colors = tuple(pdf.text_color.colors) if pdf.text_color is not None else (0.0,)
        rgb = colors * 3 if len(colors) == 1 else colors[:3]
        pdf.set_draw_color(*(round(c * 255) for c in rgb))
        # fpdf2 2.8 writes the text stroke width as points without converting from the
        # document unit, so it is given here in points.
        old_width = pdf.line_width
        pdf.set_line_width(SYNTHETIC_STROKE * size)
        pdf.text_mode = TextMode.FILL_STROKE
    if shaped:
        pdf.set_text_shaping(True, direction=direction(text))
    pdf.cell(w, h, text, align=align, markdown=False)
    if shaped:
        pdf.set_text_shaping(False)
    if fake_bold:
        pdf.text_mode = TextMode.FILL
        pdf.set_line_width(old_width)
        pdf.set_font(BODY, "B", size)


def draw_fitted(
    pdf: FPDF, fitted: Fitted, x: float, y: float, w: float, *, style: str = "", align: str = "L"
) -> float:
    """Draw fitted lines from (x, y) downwards; returns the y below the block."""
    pdf.set_font(BODY, style, fitted.size)
    step = fitted.step
    # fpdf2 puts the baseline at half the cell plus 0.3 em; a tall line (Arabic) wants it
    # below its ink's ascent with half the gap above, so the marks below get the rest.
    em = fitted.size * PT
    shift = 0.0
    if fitted.leading > LINE:
        shift = (fitted.ascent + GAP / 2) * em - (0.5 * fitted.leading + 0.3) * em
    for line in fitted.lines:
        put(pdf, x, y + shift, w, step, line, align)
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
    """One line of text, shrunk to fit the width if needed (never below FLOOR, cut with "…"
    then); returns the y below it."""
    fitted = fit_text(
        pdf,
        text,
        w,
        size * PT * 2.0,
        max_size=size,
        min_size=min(size, max(FLOOR, size * 0.6)),
        style=style,
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


def cut_marks(pdf: FPDF, layout: Layout, *, length: float = 4.0, gap: float = 1.0) -> None:
    """Short lines in the margins where each column and row edge runs, for a guillotine;
    at least EDGE mm from the paper's edge, where every printer prints."""
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.15)
    boxes = layout.boxes()
    xs = sorted({round(b.x, 3) for b in boxes} | {round(b.x + b.w, 3) for b in boxes})
    ys = sorted({round(b.y, 3) for b in boxes} | {round(b.y + b.h, 3) for b in boxes})
    top, bottom = ys[0], ys[-1]
    left, right = xs[0], xs[-1]

    def span(start: float, end: float, limit: float) -> tuple[float, float] | None:
        low, high = max(EDGE, min(start, end)), min(limit - EDGE, max(start, end))
        return (low, high) if high - low >= 0.8 else None

    for x in xs:
        for part in (
            span(top - gap - length, top - gap, layout.page_h),
            span(bottom + gap, bottom + gap + length, layout.page_h),
        ):
            if part:
                pdf.line(x, part[0], x, part[1])
    for y in ys:
        for part in (
            span(left - gap - length, left - gap, layout.page_w),
            span(right + gap, right + gap + length, layout.page_w),
        ):
            if part:
                pdf.line(part[0], y, part[1], y)


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
        # mkstemp makes the file private (0600); a PDF is a document the user shares, so it
        # gets the permissions any other file they create would have.
        os.fchmod(fd, 0o666 & ~_umask())
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


def _umask() -> int:
    """The process's umask (reading it means setting it; set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def quiet_libraries() -> Iterator[list[str]]:
    """Catch what fpdf2 and fontTools would print on the terminal (Python warnings, log
    records) and hand it back as our own one-line warnings, once each."""
    caught: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                caught.append(record.getMessage())

    handler = _Collect()
    loggers = [logging.getLogger(name) for name in ("fpdf", "fontTools")]
    saved = [(lg.propagate, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.propagate = False
    lines: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as found:
            warnings.simplefilter("always")
            yield lines
        caught += [str(w.message) for w in found]
    finally:
        for lg, (propagate, level) in zip(loggers, saved, strict=True):
            lg.removeHandler(handler)
            lg.propagate = propagate
            lg.setLevel(level)
    for message in dict.fromkeys(caught):
        first = " ".join(message.split())[:160]
        lines.append(f"the PDF library reported: {first}")
