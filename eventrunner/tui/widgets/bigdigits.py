"""Digits as large as the space they are given: the projector's countdown, a table number.

Textual's `Digits` are three rows high whatever the screen; a room reads the countdown from
the back only if it fills a good part of the wall. Here a 5×7 pixel font is scaled to the
widget's size (nearest neighbour, half-block characters, so one cell holds two pixel rows)
and centred. Only digits, `:` and `-` are drawn: attendee text never comes this way.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

_FONT: dict[str, tuple[str, ...]] = {
    "0": ("01110", "10001", "10001", "10001", "10001", "10001", "01110"),
    "1": ("00100", "01100", "00100", "00100", "00100", "00100", "01110"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "3": ("11111", "00010", "00100", "00010", "00001", "10001", "01110"),
    "4": ("00010", "00110", "01010", "10010", "11111", "00010", "00010"),
    "5": ("11111", "10000", "11110", "00001", "00001", "10001", "01110"),
    "6": ("00110", "01000", "10000", "11110", "10001", "10001", "01110"),
    "7": ("11111", "00001", "00010", "00100", "01000", "01000", "01000"),
    "8": ("01110", "10001", "10001", "01110", "10001", "10001", "01110"),
    "9": ("01110", "10001", "10001", "01111", "00001", "00010", "01100"),
    ":": ("0", "1", "1", "0", "1", "1", "0"),
    "-": ("000", "000", "000", "111", "000", "000", "000"),
    " ": ("00", "00", "00", "00", "00", "00", "00"),
}
_ROWS = 7
#: A font pixel drawn at most this many times wider than tall (a cell is ~1:2, a half-row ~1:1).
_MAX_STRETCH = 1.6


def pixels(text: str) -> list[str]:
    """The text as rows of 0/1 pixels, one pixel column between characters."""
    glyphs = [_FONT[c] for c in text if c in _FONT]
    if not glyphs:
        return [""] * _ROWS
    return ["0".join(g[row] for g in glyphs) for row in range(_ROWS)]


def render(text: str, width: int, height: int) -> list[str]:
    """`text` drawn to fill `width` × `height` cells at most, centred, in block characters."""
    grid = pixels(text)
    font_w = len(grid[0])
    if font_w == 0 or width <= 0 or height <= 0:
        return []
    sx = width / font_w  # cells per font pixel, across
    sy = 2 * height / _ROWS  # half-rows per font pixel, down
    # Keep the digits' shape: neither much wider nor much taller than the font.
    sx = min(sx, sy * _MAX_STRETCH)
    sy = min(sy, sx * 2.2)
    out_w = max(1, round(font_w * sx))
    half_rows = max(2, round(_ROWS * sy))
    half_rows += half_rows % 2

    def lit(x: int, y: int) -> bool:
        return grid[min(_ROWS - 1, int(y / sy))][min(font_w - 1, int(x / sx))] == "1"

    lines: list[str] = []
    for row in range(half_rows // 2):
        chars = []
        for x in range(out_w):
            top, bottom = lit(x, 2 * row), lit(x, 2 * row + 1)
            chars.append("█" if top and bottom else "▀" if top else "▄" if bottom else " ")
        lines.append("".join(chars).rstrip())
    pad_top = max(0, (height - len(lines)) // 2)
    pad_left = " " * max(0, (width - out_w) // 2)
    return [""] * pad_top + [pad_left + line if line else "" for line in lines]


class BigDigits(Widget):
    """A number or a clock (`12:05`) drawn as large as the widget."""

    DEFAULT_CSS = """
    BigDigits { width: 1fr; height: 1fr; }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def update(self, text: str) -> None:
        """Show other digits."""
        if text != self.text:
            self.text = text
            self.refresh()

    def rows(self) -> list[str]:
        """What is drawn at the present size (tests read it); a margin of 2 cells a side."""
        width = self.size.width - 4 if self.size.width > 20 else self.size.width
        return render(self.text, width, self.size.height)

    def render_lines_margin(self) -> int:
        return 2 if self.size.width > 20 else 0

    def render(self) -> Text:
        margin = " " * self.render_lines_margin()
        return Text("\n".join(margin + r for r in self.rows()), no_wrap=True, overflow="crop")
