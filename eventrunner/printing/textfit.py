"""Fitting text to a box: widths, line breaks, wrapping, shrinking, and the floor.

Sizes are millimetres and font sizes points. Text is wrapped onto another line before it is
shrunk much (another line must buy a clearly bigger size), and never shrunk below the floor
the caller gives (`min_size`: names on badges 14 pt, everything else 7 pt). Lines break
between words; a word that alone is wider than the box is hyphenated where the dictionary
allows (pyphen), and broken between letters only when it has no such point; CJK text breaks
between any two characters. Only when even the floor cannot hold the text is it cut with an
ellipsis, and then `Fitted.cut` tells the caller to warn. Line height comes from the glyphs
of the fonts that print the text (`metrics`), so Arabic marks below the line get room.
Nothing is drawn here.
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Sequence

import attrs
from fpdf import FPDF

from eventrunner.printing.fonts import (
    BODY,
    SYNTHETIC_STROKE,
    clean_text,
    needs_shaping,
    shaping_available,
    synthetic_bold,
)
from eventrunner.printing.metrics import ASCENT, LINE, extent
from eventrunner.printing.scripts import direction, hyphen_points, is_wide

PT = 25.4 / 72
"""Millimetres per point."""
WRAP_GAIN = 1.1
"""Another line must make the text this much bigger: "Ana Silva" reads better on one line."""
SHY = "\u00ad"
"""Joiner of two pieces of one word: nothing on a line, a hyphen where the line breaks."""


@attrs.frozen
class Fitted:
    """Text laid out to fit a box."""

    lines: tuple[str, ...]
    """The lines, in order."""
    size: float
    """Font size in points."""
    cut: bool = False
    """True when even the smallest size allowed could not hold it: shortened with "…"."""
    leading: float = LINE
    """Line height as a multiple of the size (more than 1.2 for tall scripts)."""
    ascent: float = ASCENT
    """Ink above the baseline, in ems: where the baseline sits in a line."""

    @property
    def step(self) -> float:
        """Height of one line in mm."""
        return self.size * PT * self.leading

    @property
    def height(self) -> float:
        """Height of the block in mm."""
        return len(self.lines) * self.step


#: Advance widths per document, style and character, at 1 pt. fpdf2's get_string_width
#: costs ~0.1 ms a call (it splits text over fallback fonts each time), and fitting a card
#: measures thousands of candidate lines; without shaping a line's width is the sum of its
#: characters' advances, so each character is measured once.
_WIDTHS: weakref.WeakKeyDictionary[FPDF, dict[tuple[str, str], float]] = weakref.WeakKeyDictionary()


def text_width(pdf: FPDF, text: str, size: float, style: str = "") -> float:
    """Width in mm of one line of text at that size."""
    if style == "B" and synthetic_bold(pdf, text):
        # Drawn in the regular faces with an outline: half a stroke more on each side.
        return text_width(pdf, text, size, "") + SYNTHETIC_STROKE * size * PT
    if needs_shaping(text) and shaping_available():
        # Shaped glyphs (ligatures, joined Arabic letters) are not the sum of the characters.
        pdf.set_font(BODY, style, size)
        pdf.set_text_shaping(True, direction=direction(text))
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


_FITS: weakref.WeakKeyDictionary[FPDF, dict[tuple[object, ...], Fitted]] = (
    weakref.WeakKeyDictionary()
)

Token = tuple[str, str]
"""A piece of text that stays on one line, and what joins it to the piece before:
" " (a space), "" (nothing: CJK, after a hyphen) or SHY (a hyphen if the line breaks there)."""


def _tokens(
    pdf: FPDF, text: str, w: float, size: float, style: str, hyphenate: bool = False
) -> list[Token]:
    """Break opportunities: between words and after hyphens; inside a word only when it
    alone is wider than `w` at `size` (at its hyphenation points, then between letters), or
    with `hyphenate` at the hyphenation points of every word; CJK text between any two
    characters."""
    if " " not in text and "-" not in text.strip("-") and any(is_wide(ch) for ch in text):
        return [(ch, "") for ch in text]
    tokens: list[Token] = []
    for number, word in enumerate(text.split(" ")):
        for part_number, part in enumerate(p for p in re.split(r"(?<=-)", word) if p):
            joiner = " " if number and not part_number else ""
            if text_width(pdf, part, size, style) <= w:
                points = hyphen_points(part.rstrip("-")) if hyphenate else []
                ends = [0, *points, len(part)]
                tokens += [
                    (part[a:b], joiner if not a else SHY) for a, b in itertools.pairwise(ends)
                ]
                continue
            for number_in_word, (piece, inner) in enumerate(_split_word(pdf, part, w, size, style)):
                tokens.append((piece, joiner if number_in_word == 0 else inner))
    return tokens


def _split_word(pdf: FPDF, word: str, w: float, size: float, style: str) -> list[tuple[str, str]]:
    """A word too wide for the box as (piece, joiner) pairs: dictionary hyphenation points
    first, letters (or CJK characters) only where a syllable is still too wide."""
    points = [0, *hyphen_points(word), len(word)]
    pieces: list[tuple[str, str]] = []
    for a, b in itertools.pairwise(points):
        syllable = word[a:b]
        joiner = SHY if a else ""
        if text_width(pdf, syllable + "-", size, style) <= w:
            pieces.append((syllable, joiner))
        else:
            pieces += [(ch, joiner if i == 0 else "") for i, ch in enumerate(syllable)]
    return pieces


def _line(tokens: Sequence[Token], *, broken: bool = False) -> str:
    """One line of tokens; `broken` when the next token continues this word (add a hyphen)."""
    text = "".join(
        (joiner if joiner == " " else "") + piece if i else piece
        for i, (piece, joiner) in enumerate(tokens)
    )
    return text + "-" if broken else text


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
    hyphenate: bool = False,
) -> Fitted:
    """The largest size (max_size down to the floor min_size) at which `text` fits w x h mm
    in up to max_lines lines; cut with an ellipsis at the floor when nothing else fits."""
    # Cards measure the same lines ("Round 2 · Table 7", "You share: python") over and
    # over, in several forms and sizes; the answer depends only on these arguments.
    cache = _FITS.setdefault(pdf, {})
    key = (text, round(w, 3), round(h, 3), max_size, min_size, max_lines, style, hyphenate)
    found = cache.get(key)
    if found is None:
        if len(cache) > 200_000:
            cache.clear()
        found = cache[key] = _fit(pdf, text, w, h, max_size, min_size, max_lines, style, hyphenate)
    return found


def _fit(
    pdf: FPDF,
    text: str,
    w: float,
    h: float,
    max_size: float,
    min_size: float,
    max_lines: int,
    style: str,
    hyphenate: bool,
) -> Fitted:
    text = clean_text(text)
    room = extent(pdf, text)
    leading, ascent = room.line, room.ascent
    if not text:
        return Fitted((), max_size, leading=leading, ascent=ascent)
    if text_width(pdf, text, max_size, style) <= w and max_size * PT * leading <= h:
        return Fitted((text,), max_size, leading=leading, ascent=ascent)  # the common case
    tokens = _tokens(pdf, text, w, min_size, style, hyphenate)
    widths = [text_width(pdf, piece, 1.0, style) for piece, _ in tokens]
    space = text_width(pdf, " ", 1.0, style)
    gaps = [space if joiner == " " else 0.0 for _, joiner in tokens]
    best: Fitted | None = None
    for count in range(1, min(max_lines, len(tokens)) + 1):
        cuts = [0, *_balanced(widths, gaps, count), len(tokens)]
        lines = tuple(
            _line(tokens[a:b], broken=b < len(tokens) and tokens[b][1] == SHY)
            for a, b in itertools.pairwise(cuts)
        )
        widest = max(text_width(pdf, line, 1.0, style) for line in lines)
        size = min(max_size, w / widest if widest else max_size, h / (count * PT * leading))
        if size >= min_size - 1e-9 and (best is None or size > best.size * WRAP_GAIN):
            best = Fitted(lines, size, leading=leading, ascent=ascent)
    if best is not None:
        return best
    if not hyphenate:
        # Word breaks alone cannot hold it at the floor: hyphenate the long words too
        # before anything is cut.
        return fit_text(
            pdf,
            text,
            w,
            h,
            max_size=max_size,
            min_size=min_size,
            max_lines=max_lines,
            style=style,
            hyphenate=True,
        )
    return _cut(pdf, tokens, w, h, min_size, max_lines, style, leading, ascent)


def _cut(
    pdf: FPDF,
    tokens: Sequence[Token],
    w: float,
    h: float,
    size: float,
    lines: int,
    style: str,
    leading: float,
    ascent: float,
) -> Fitted:
    """Last resort: fill the lines the box holds at the floor size, break between tokens,
    and end the last line with an ellipsis."""
    count = max(1, min(lines, int(h / (size * PT * leading) + 1e-9)))
    out: list[str] = []
    start = 0
    for number in range(count):
        last = number == count - 1
        end = start + 1
        tail = "…" if last else ""
        while (
            end < len(tokens)
            and text_width(pdf, _line(tokens[start : end + 1]) + tail, size, style) <= w
        ):
            end += 1
        if last and end < len(tokens):
            line = _line(tokens[start:end])
            while len(line) > 1 and text_width(pdf, line + "…", size, style) > w:
                line = line[:-1]
            out.append(line.rstrip() + "…")
        else:
            broken = end < len(tokens) and tokens[end][1] == SHY
            out.append(_line(tokens[start:end], broken=broken))
        start = end
        if start >= len(tokens):
            break
    return Fitted(tuple(out), size, cut=start < len(tokens), leading=leading, ascent=ascent)
