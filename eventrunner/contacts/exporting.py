"""Files we hand out: attendees as our native CSV, follow-up .vcf files, a mail-merge CSV.

The attendee CSV is the inverse of `importing` for the native format (a file written here
imports back to the same attendees). Every CSV is formula-safe (`csvsafe`); what goes into
.vcf and mail-merge files is decided by `followup` and `vcard` (consent, release policy).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from eventrunner.contacts.csvsafe import write_rows
from eventrunner.contacts.followup import (
    MAIL_MERGE_HEADER,
    FollowUp,
    contact_cards,
    mail_merge_rows,
)
from eventrunner.contacts.vcard import vcf_text
from eventrunner.model import Attendee, Event

CSV_COLUMNS: tuple[str, ...] = (
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
    "ticket",
)
#: Columns written only when some attendee has a value in them (older tools keep working).
OPTIONAL_COLUMNS: tuple[str, ...] = ("no_email",)

_TAG_COLUMNS = frozenset({"interests", "offers", "seeks", "avoid", "want"})


def attendee_row(attendee: Attendee) -> dict[str, str]:
    """One attendee as native CSV cells (tags joined with `;`)."""
    row: dict[str, str] = {}
    for column in (*CSV_COLUMNS, *OPTIONAL_COLUMNS):
        if column == "share":
            row[column] = attendee.consent.to_text()
        elif column == "no_email":
            row[column] = "" if attendee.consent.mail else "yes"
        elif column == "ticket":
            row[column] = ";".join(attendee.tickets)
        elif column in _TAG_COLUMNS:
            row[column] = ";".join(getattr(attendee, column))
        else:
            row[column] = getattr(attendee, column)
    return row


def attendee_rows(attendees: Sequence[Attendee]) -> list[dict[str, str]]:
    """Each attendee as a row of the native CSV: the native columns, plus the optional ones
    any of these attendees has a value in."""
    cells = [attendee_row(a) for a in attendees]
    extra = [c for c in OPTIONAL_COLUMNS if any(row[c] for row in cells)]
    columns = (*CSV_COLUMNS, *extra)
    return [{c: row[c] for c in columns} for row in cells]


def write_attendees_csv(attendees: Sequence[Attendee], path: Path) -> None:
    """Write attendees as our native CSV, atomically."""
    rows = attendee_rows(attendees)
    columns = tuple(rows[0]) if rows else CSV_COLUMNS
    write_rows(Path(path), columns, ([row[c] for c in columns] for row in rows))


def write_vcf_dir(event: Event, packs: Mapping[str, FollowUp], folder: Path) -> tuple[int, int]:
    """One `<id-slug>.vcf` per attendee who may keep contacts; returns (files, cards).

    Only contacts the release policy allows are written (`followup` decides that).
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = cards = 0
    used: set[str] = set()
    for person in event.attendees:
        pack = packs.get(person.id)
        if pack is None or not pack.contacts:
            continue
        payloads = contact_cards(pack, event)
        stem = _file_stem(person.id, used)
        target = folder / f"{stem}.vcf"
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(vcf_text(payloads).encode("utf-8"))
        os.replace(tmp, target)
        files += 1
        cards += len(payloads)
    return files, cards


def write_mail_merge(event: Event, packs: Mapping[str, FollowUp], path: Path) -> int:
    """The mail-merge CSV (formula-safe); returns the number of rows."""
    rows = mail_merge_rows(event, packs)
    write_rows(Path(path), MAIL_MERGE_HEADER, rows)
    return len(rows)


def _file_stem(ident: str, used: set[str]) -> str:
    """A file-system-safe, unique stem for an attendee id (ids may be emails)."""
    stem = re.sub(r"[^\w.@-]+", "_", ident).strip("._") or "attendee"
    candidate, n = stem, 2
    while candidate.casefold() in used:
        candidate, n = f"{stem}-{n}", n + 1
    used.add(candidate.casefold())
    return candidate
