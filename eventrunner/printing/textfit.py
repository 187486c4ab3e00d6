"""Fitting text to a box: widths, line breaks, shrinking, and the ellipsis of last resort.

Sizes are millimetres and font sizes points. Text is shrunk first, then wrapped at spaces
and hyphens (or anywhere, for CJK), and cut with an ellipsis only when even the smallest
size allowed cannot hold it, so it never overflows. Nothing is drawn here.
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Sequence

import attrs
from fpdf import FPDF

from eventrunner.printing.fonts import BODY, clean_text, needs_shaping, shaping_available

PT = 25.4 / 72
"""Millimetres per point."""
LINE = 1.2
"""Line height as a multiple of the font size."""


@attrs.frozen
class Fitted:
    """Text laid out to fit a box."""

    lines: tuple[str, ...]
    """The lines, in order."""
    size: float
    """Font size in points."""
    cut: bool = False
    """True when the text had to be shortened with an ellipsis."""

    @property
    def height(self) -> float:
        """Height of the block in mm."""
        return len(self.lines) * self.size * PT * LINE


#: Advance widths per document, style and character, at 1 pt. fpdf2's get_string_width
#: costs ~0.1 ms a call (it splits text over fallback fonts each time), and fitting a card
#: measures thousands of candidate lines; without shaping a line's width is the sum of its
#: characters' advances, so each character is measured once.
_WIDTHS: weakref.WeakKeyDictionary[FPDF, dict[tuple[str, str], float]] = weakref.WeakKeyDictionary()


def text_width(pdf: FPDF, text: str, size: float, style: str = "") -> float:
    """Width in mm of one line of text at that size."""
    if needs_shaping(text) and shaping_available():
        # Shaped glyphs (ligatures, joined Arabic letters) are not the sum of the characters.
        pdf.set_font(BODY, style, size)
        pdf.set_text_shaping(True, direction="ltr")
        shaped = float(pdf.get_string_width(text))
        pdf.set_text_shaping(False)
        return shaped
    cache = _WIDTHS.setdefault(pdf, {})
    total = 0.0
    for ch in text:
        width = cache.get((style, ch))
        if width is None:
            pdf.set_font(BODY, style, 100)
            width = cache[(style, ch)] = float(pdf.get_string_width(ch)) / 100
        total += width
    return total * size


Token = tuple[str, str]
"""A piece of text that stays on one line, and what joins it to the piece before (" " or "")."""


def _tokens(text: str) -> list[Token]:
    """Break opportunities: spaces and hyphens, or every character for text without them
    (CJK names, which break anywhere)."""
    if " " not in text and "-" not in text.strip("-"):
        return [(ch, "") for ch in text]
    tokens: list[Token] = []
    for number, word in enumerate(text.split(" ")):
        for part_number, part in enumerate(p for p in re.split(r"(?<=-)", word) if p):
            tokens.append((part, " " if number and not part_number else ""))
    return tokens


def _line(tokens: Sequence[Token]) -> str:
    return "".join(joiner + piece if i else piece for i, (piece, joiner) in enumerate(tokens))


def _balanced(widths: Sequence[float], gaps: Sequence[float], lines: int) -> list[int]:
    """Break positions splitting tokens into `lines` lines with the narrowest widest line.

    `gaps[k]` is the width of what joins token k to token k-1 when both share a line.
    """
    n = len(widths)
    if lines <= 1 or n <= 1:
        return []
    best: tuple[float, list[int]] = (float("inf"), [])

    ends = list(itertools.accumulate(widths, initial=0.0))
    joins = list(itertools.accumulate(gaps, initial=0.0))

    def width(a: int, b: int) -> float:
        return ends[b] - ends[a] + joins[b] - joins[a + 1]

    def search(start: int, left: int, cuts: list[int], worst: float) -> None:
        nonlocal best
        if worst >= best[0]:
            return
        if left == 1:
            total = max(worst, width(start, n))
            if total < best[0]:
                best = (total, cuts)
            return
        for cut in range(start + 1, n - left + 2):
            search(cut, left - 1, [*cuts, cut], max(worst, width(start, cut)))

    search(0, min(lines, n), [], 0.0)
    return best[1]


def fit_text(
    pdf: FPDF,
    text: str,
    w: float,
    h: float,
    *,
    max_size: float,
    min_size: float,
    max_lines: int = 1,
    style: str = "",
) -> Fitted:
    """The largest size (<= max_size) at which `text` fits w x h mm in up to max_lines lines."""
    text = clean_text(text)
    if not text:
        return Fitted((), max_size)
    if text_width(pdf, text, max_size, style) <= w and max_size * PT * LINE <= h:
        return Fitted((text,), max_size)  # the common case: it fits as it is
    tokens = _tokens(text)
    if max(text_width(pdf, piece, min_size, style) for piece, _ in tokens) > w:
        tokens = [(ch, "") for ch in text]  # a word wider than the box: break anywhere
    widths = [text_width(pdf, piece, 1.0, style) for piece, _ in tokens]
    space = text_width(pdf, " ", 1.0, style)
    gaps = [space if joiner else 0.0 for _, joiner in tokens]
    best: Fitted | None = None
    for count in range(1, min(max_lines, len(tokens)) + 1):
        cuts = [0, *_balanced(widths, gaps, count), len(tokens)]
        lines = tuple(_line(tokens[a:b]) for a, b in itertools.pairwise(cuts))
        widest = max(text_width(pdf, line, 1.0, style) for line in lines)
        size = min(max_size, w / widest if widest else max_size, h / (count * PT * LINE))
        # Another line must buy a clearly bigger size: "Ana Silva" reads better on one line.
        if size >= min_size and (best is None or size > best.size * 1.15):
            best = Fitted(lines, size)
    return best if best is not None else _cut(pdf, text, w, h, min_size, max_lines, style)


def _cut(pdf: FPDF, text: str, w: float, h: float, size: float, lines: int, style: str) -> Fitted:
    """Last resort: fill the allowed lines at the smallest size and end with an ellipsis."""
    size = min(size, h / (PT * LINE))
    count = max(1, min(lines, int(h / (size * PT * LINE))))
    out: list[str] = []
    rest = text
    for number in range(count):
        last = number == count - 1
        take = _prefix(pdf, rest, w, size, style, "…" if last else "")
        out.append(rest[:take].rstrip() + ("…" if last and take < len(rest) else ""))
        rest = rest[take:].lstrip()
        if not rest:
            break
    return Fitted(tuple(out), size, cut=bool(rest))


def _prefix(pdf: FPDF, text: str, w: float, size: float, style: str, tail: str) -> int:
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if text_width(pdf, text[:mid] + tail, size, style) <= w:
            low = mid
        else:
            high = mid - 1
    return low
