"""Writing CSV that a spreadsheet opens safely.

A cell that begins with `= + - @`, a tab or a carriage return is run as a formula by
spreadsheet programs (CSV/formula injection); such cells get a leading apostrophe, which
spreadsheets show as text and hide. A phone number (`+1 555 0100`) is not a formula and is
written as it is; importing the file back removes exactly the apostrophes added here.
Every CSV we export goes through `write_rows`.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from eventrunner.files import follow_umask
from eventrunner.textsafe import neutralize_formula, strip_controls


def neutralize(cell: str) -> str:
    """The cell, made inert if a spreadsheet would read it as a formula (`textsafe` holds the
    rule, so that importing our own export undoes exactly this)."""
    return neutralize_formula(cell)


def write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a UTF-8 CSV (with BOM, for spreadsheets) atomically: all of it or nothing."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    follow_umask(fd)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([neutralize(strip_controls(h)) for h in header])
            for row in rows:
                writer.writerow([neutralize(strip_controls(str(c))) for c in row])
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
