"""The same QR matrices as `eventrunner.contacts.qr.matrix`, made fast enough for 500 badges a run.

`qrcode` lays the data out eight times, once per mask, and scores each layout in pure Python
(about 11 ms a code, most of a 500-badge print). Here the data is laid out once; the other
seven masks differ from it only on the data modules, so they are XORs of numpy arrays, and
the score is qrcode's own penalty (ISO/IEC 18004 rules 1-4, as `qrcode.util.lost_point`
counts them) computed with numpy. The mask chosen, and so every module, is identical to
`qr.matrix` (tests/printing/test_qrfast.py checks it); if `qrcode` ever changes the internals
used here, `matrix` quietly falls back to `qr.matrix`.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import qrcode
from numpy.typing import NDArray

from eventrunner.contacts import qr

Bools = NDArray[np.bool_]
_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
_FINDER = (
    np.array([1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], dtype=bool),
    np.array([0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1], dtype=bool),
)


@functools.cache
def _masks(count: int) -> tuple[Bools, ...]:
    """The eight mask patterns of an n x n code (qrcode.util.mask_func, vectorized)."""
    i, j = np.indices((count, count))
    return (
        (i + j) % 2 == 0,
        i % 2 == 0,
        j % 3 == 0,
        (i + j) % 3 == 0,
        (i // 2 + j // 3) % 2 == 0,
        (i * j) % 2 + (i * j) % 3 == 0,
        ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        ((i * j) % 3 + (i + j) % 2) % 2 == 0,
    )


def _runs_penalty(m: Bools) -> int:
    """Rule 1: every row or column run of 5 or more same-coloured modules scores len - 2."""
    total = 0
    for grid in (m, m.T):
        rows = np.full((grid.shape[0], grid.shape[1] + 1), 2, dtype=np.int8)
        rows[:, :-1] = grid
        flat = rows.ravel()
        starts = np.flatnonzero(np.concatenate(([True], flat[1:] != flat[:-1])))
        lengths = np.diff(np.append(starts, flat.size))
        real = (flat[starts] != 2) & (lengths >= 5)
        total += int((lengths[real] - 2).sum())
    return total


def penalty(m: Bools) -> int:
    """qrcode's lost_point of a matrix (without quiet zone)."""
    n = m.shape[0]
    score = _runs_penalty(m)
    corner = m[:-1, :-1]
    blocks = (corner == m[1:, :-1]) & (corner == m[:-1, 1:]) & (corner == m[1:, 1:])
    score += 3 * int(blocks.sum())
    for grid in (m, m.T):
        for pattern in _FINDER:
            hit = np.ones((n, n - 10), dtype=bool)
            for k, dark in enumerate(pattern):
                hit &= grid[:, k : k + n - 10] == dark
            score += 40 * int(hit.sum())
    percent = float(m.sum()) / (n**2)
    return score + int(abs(percent * 100 - 50) / 5) * 10


class _OneLayout(qrcode.QRCode):  # type: ignore[misc]  # qrcode ships no type hints
    """A QRCode that lays its data out once and derives the eight masks from that layout."""

    free: Bools | None = None
    base: Bools | None = None
    modules: Any  # qrcode's rows of modules (None where not yet set)
    version: Any

    def map_data(self, data: Any, mask_pattern: int) -> None:
        if self.free is None:  # the modules still unset are the data modules
            self.free = np.array([[cell is None for cell in row] for row in self.modules])
        super().map_data(data, mask_pattern)

    def masked(self, pattern: int) -> Bools:
        """The test layout (format bits light) under another mask."""
        assert self.base is not None and self.free is not None
        masks = _masks(self.base.shape[0])
        return self.base ^ (self.free & (masks[0] ^ masks[pattern]))

    def make(self, fit: bool = True) -> None:
        self.best_fit(start=self.version)
        self.makeImpl(True, 0)
        self.base = np.array(self.modules, dtype=np.bool_)
        scores = [penalty(self.masked(pattern)) for pattern in range(8)]
        best = int(np.argmin(scores))  # the first of equal scores, as qrcode picks
        self.modules = self.masked(best).tolist()
        # What makeImpl(False, best) would add to the test layout: the real format bits.
        self.setup_type_info(False, best)
        if self.version >= 7:
            self.setup_type_number(False)


@functools.lru_cache(maxsize=1024)
def matrix(data: str, *, error_correction: str = "M", border: int = 4) -> qr.Matrix:
    """Exactly `qr.matrix(data, error_correction=..., border=...)`, about five times faster."""
    level = _LEVELS.get(error_correction.upper())
    if level is None or border < 0:
        return qr.matrix(data, error_correction=error_correction, border=border)
    try:
        code = _OneLayout(error_correction=level, border=border)
        code.add_data(data)
        code.make(fit=True)
        rows = code.get_matrix()
    except Exception:
        # Data too large (qr.matrix words the error) or a qrcode whose internals moved.
        return qr.matrix(data, error_correction=error_correction, border=border)
    return tuple(tuple(bool(cell) for cell in row) for row in rows)
