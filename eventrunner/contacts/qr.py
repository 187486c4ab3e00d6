"""QR codes: the module matrix of a payload, and ways to draw it without an image library.

`matrix` asks `qrcode` for the modules only (never an image, so no Pillow on this path).
The rest draws a matrix: dark runs and rectangles for vector output (fpdf2 pages, SVG),
an SVG document, a 1-bit PNG written with zlib, and Unicode half blocks for a terminal.
What goes into a code is decided elsewhere (`contacts`); this module only draws it.
"""

from __future__ import annotations

import functools
import os
import struct
import tempfile
import zlib
from pathlib import Path

import qrcode
from qrcode.exceptions import DataOverflowError

from eventrunner.files import check_output_folder, follow_umask

#: Rows of modules from top to bottom, True for dark; the quiet zone (border) included.
Matrix = tuple[tuple[bool, ...], ...]

_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
#: Upper half, lower half, both, neither: two module rows per line of text.
_HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


@functools.lru_cache(maxsize=256)
def matrix(data: str, *, error_correction: str = "M", border: int = 4) -> Matrix:
    """The modules of the smallest QR code holding `data` (UTF-8) at that error correction.

    Raises ValueError when the level is unknown or the data cannot fit in any QR code.
    """
    level = _LEVELS.get(error_correction.upper())
    if level is None:
        raise ValueError(f"error correction must be one of L, M, Q, H, not {error_correction!r}")
    if border < 0:
        raise ValueError("the quiet zone (border) cannot be negative")
    code = qrcode.QRCode(error_correction=level, border=border)
    code.add_data(data)
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError):  # qrcode says "Invalid version (was 41...)"
        size = len(data.encode("utf-8"))
        raise ValueError(
            f"{size} bytes do not fit in a QR code at level {error_correction.upper()}; "
            "shorten what the code carries"
        ) from None
    return tuple(tuple(bool(module) for module in row) for row in code.get_matrix())


def version_of(m: Matrix, *, border: int = 4) -> int:
    """The QR version (1-40) of a matrix drawn with that quiet zone: bigger is denser."""
    return (len(m) - 2 * border - 17) // 4


def _as_matrix(data_or_matrix: str | Matrix) -> Matrix:
    return matrix(data_or_matrix) if isinstance(data_or_matrix, str) else data_or_matrix


def dark_runs(m: Matrix) -> list[tuple[int, int, int]]:
    """(row, column, length) of every horizontal run of dark modules, top to bottom.

    One rectangle per run instead of one per module: fewer shapes and no hairline seams
    between neighbours in PDF viewers.
    """
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(m):
        start: int | None = None
        for c, dark in enumerate((*row, False)):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                runs.append((r, start, c - start))
                start = None
    return runs


def rectangles(
    m: Matrix, *, x: float = 0.0, y: float = 0.0, module: float = 1.0
) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) of the dark runs with the code's top-left corner at (x, y).

    `module` is the side of one module in the caller's unit (mm for fpdf2's `rect`).
    """
    return [(x + c * module, y + r * module, n * module, module) for r, c, n in dark_runs(m)]


def to_svg(data_or_matrix: str | Matrix, *, module_mm: float | None = None) -> str:
    """An SVG document of the code: a light square and one path of dark runs.

    With module_mm the size is physical (`module_mm` per module, quiet zone included);
    without it the drawing is 8 px per module and scales freely.
    """
    m = _as_matrix(data_or_matrix)
    n = len(m)
    size = f"{n * module_mm:g}mm" if module_mm is not None else f"{n * 8}"
    path = "".join(f"M{c} {r}h{k}v1h-{k}z" for r, c, k in dark_runs(m))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {n} {n}" shape-rendering="crispEdges">\n'
        f'<rect width="{n}" height="{n}" fill="#fff"/>\n'
        f'<path fill="#000" d="{path}"/>\n'
        "</svg>\n"
    )


def png_bytes(data_or_matrix: str | Matrix, *, scale: int = 8) -> bytes:
    """A 1-bit greyscale PNG of the code, `scale` pixels per module (zlib only)."""
    if scale < 1:
        raise ValueError("the PNG scale must be at least one pixel per module")
    m = _as_matrix(data_or_matrix)
    side = len(m) * scale
    lines = bytearray()
    for row in m:
        # In 1-bit greyscale, 1 is white: a light module sets its bits.
        bits = "".join(("0" if dark else "1") * scale for dark in row)
        bits += "0" * (-len(bits) % 8)
        packed = int(bits, 2).to_bytes(len(bits) // 8, "big")
        lines += (b"\x00" + packed) * scale  # filter type 0, then the pixels
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(lines), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def write_png(path: Path, data: str | Matrix, *, scale: int = 8) -> None:
    """Write the code as a PNG file, all of it or nothing (an existing file stays intact)."""
    content = png_bytes(data, scale=scale)
    path = Path(path)
    write_file(path, content)


def write_file(path: Path, content: bytes) -> None:
    """Write `content` to `path` all at once (an existing file stays intact on failure)."""
    path = Path(path)
    check_output_folder(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    follow_umask(fd)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_terminal(data: str | Matrix, *, invert: bool = False) -> str:
    """The code in Unicode half blocks, two module rows per line, quiet zone included.

    Characters are drawn in the terminal's text colour. By default that colour is taken to
    be light on a dark background, so the blocks are the light modules (and the quiet zone)
    and the dark modules are left as background. `invert=True` is for dark text on a light
    background: the blocks are then the dark modules. Either way a phone reads it; no
    colour escape codes are used, so the text can be shown inside any widget or file.
    """
    m = _as_matrix(data)
    rows = [*m, (False,) * len(m[0])] if len(m) % 2 else list(m)  # pad with a light row
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        lines.append(
            "".join(
                _HALF_BLOCKS[(t == invert, b == invert)] for t, b in zip(top, bottom, strict=True)
            )
        )
    return "\n".join(lines)
