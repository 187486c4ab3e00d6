"""How tall a line of text really is, from the fonts' own glyph outlines.

A fixed line height of 1.2 × the font size is right for Latin and wrong for Arabic, whose
dots and marks below the line landed on the next line of a badge or a map. Here every
character's ink extent (its glyph's bounding box, from the font that will print it) gives a
line the room it needs: the ascent above the baseline and the descent below it, in ems.
Nothing is drawn here.
"""

from __future__ import annotations

import functools

import attrs
from fontTools.pens.boundsPen import BoundsPen  # type: ignore[import-untyped]  # no stubs
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF

from eventrunner.printing.fonts import Face, codepoints, installed

LINE = 1.2
"""The smallest line height, as a multiple of the font size (Latin text)."""
ASCENT = 0.9
"""Ascent of a Latin line above the baseline, in ems (cap height and accents)."""
GAP = 0.12
"""Air kept between the ink of one line and the next, in ems."""


@attrs.frozen
class Extent:
    """What a line needs vertically, in ems of its font size."""

    ascent: float
    """Above the baseline."""
    descent: float
    """Below the baseline (positive)."""

    @property
    def line(self) -> float:
        """The line height: at least LINE, more when the ink needs it."""
        return max(LINE, self.ascent + self.descent + GAP)


LATIN = Extent(ASCENT, LINE - ASCENT - GAP)
"""A Latin line: exactly LINE tall."""


@functools.cache
def _font(face: Face) -> tuple[TTFont, dict[int, str], float]:
    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    return font, font.getBestCmap() or {}, float(font["head"].unitsPerEm)


@functools.lru_cache(maxsize=65536)
def _glyph_extent(face: Face, code: int) -> tuple[float, float] | None:
    """(yMax, -yMin) of a character's glyph in ems, None when the face lacks it."""
    try:
        font, cmap, upm = _font(face)
        name = cmap.get(code)
        if name is None:
            return None
        glyphs = font.getGlyphSet()
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
    except Exception:  # an unreadable glyph: assume a Latin one
        return (ASCENT, LINE - ASCENT)
    if pen.bounds is None:  # a space
        return (0.0, 0.0)
    _, y_min, _, y_max = pen.bounds
    return (y_max / upm, -y_min / upm)


def extent(pdf: FPDF, text: str) -> Extent:
    """The vertical room `text` needs, from the faces that print its characters."""
    if text.isascii():
        return LATIN
    return _extent(installed(pdf).faces, text)


@functools.lru_cache(maxsize=16384)
def _extent(faces: tuple[Face, ...], text: str) -> Extent:
    ascent, descent = LATIN.ascent, LATIN.descent
    for ch in set(text):
        code = ord(ch)
        if code < 0x0250 or ch.isspace():
            continue  # Latin letters fit the Latin line
        for face in faces:
            if code in codepoints(face):
                found = _glyph_extent(face, code)
                if found is not None:
                    ascent, descent = max(ascent, found[0]), max(descent, found[1])
                break
    return Extent(ascent, descent)
