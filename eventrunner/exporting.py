"""Attendees back out as our native CSV (PRODUCT.md columns), formula-safe.

The inverse of `importing` for the native format: a file written here imports back to the
same attendees.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eventrunner.csvsafe import write_rows
from eventrunner.model import Attendee

NATIVE_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "email",
    "phone",
    "company",
    "title",
    "interests",
    "offers",
    "seeks",
    "side",
    "linkedin",
    "twitter",
    "website",
    "share",
    "avoid",
    "want",
)

_TAG_COLUMNS = frozenset({"interests", "offers", "seeks", "avoid", "want"})


def attendee_row(attendee: Attendee) -> dict[str, str]:
    """One attendee as native CSV cells (tags joined with `;`)."""
    row: dict[str, str] = {}
    for column in NATIVE_COLUMNS:
        if column == "share":
            row[column] = attendee.consent.to_text()
        elif column in _TAG_COLUMNS:
            row[column] = ";".join(getattr(attendee, column))
        else:
            row[column] = getattr(attendee, column)
    return row


def write_attendees_csv(attendees: Sequence[Attendee], path: Path) -> None:
    """Write attendees as our native CSV, atomically."""
    rows = ([attendee_row(a)[c] for c in NATIVE_COLUMNS] for a in attendees)
    write_rows(Path(path), NATIVE_COLUMNS, rows)
