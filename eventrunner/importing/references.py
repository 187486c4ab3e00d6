"""Checks of the `avoid` and `want` columns: each names someone, and not oneself.

A reference that matches nobody is kept (the person may register later, or be in the event
file the import goes into) but reported, so a typo in an email does not silently drop a
request; naming oneself is reported too. `eventrunner import` checks again against the
attendees already in the event (`unknown_references(..., known=...)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from eventrunner.importing.text import show
from eventrunner.model import Attendee


def _keys(attendee: Attendee) -> set[str]:
    keys = {attendee.id.casefold()}
    if attendee.email:
        keys.add(attendee.email.casefold())
    return keys


def self_references(attendees: Sequence[Attendee]) -> list[str]:
    """Warnings for attendees whose avoid or want names themselves."""
    warnings = []
    for person in attendees:
        mine = _keys(person)
        for field in ("avoid", "want"):
            for key in getattr(person, field):
                if key.casefold() in mine:
                    warnings.append(
                        f"{show(person.name)}: {field} names {show(key)}, that is themselves; "
                        "it is ignored (remove it from the file)"
                    )
    return warnings


def unknown_references(
    attendees: Sequence[Attendee], *, known: Iterable[Attendee] = ()
) -> list[str]:
    """Warnings for avoid/want entries that match no id or email of `attendees` + `known`."""
    everyone: set[str] = set()
    for person in (*attendees, *known):
        everyone |= _keys(person)
    warnings = []
    for person in attendees:
        for field in ("avoid", "want"):
            for key in getattr(person, field):
                if key.casefold() not in everyone:
                    warnings.append(
                        f"{show(person.name)}: {field} {show(key)} matches no attendee id or "
                        "email; check the spelling"
                    )
    return warnings


def renamed(before: Iterable[Attendee], after: Sequence[Attendee]) -> list[str]:
    """Warnings for attendees an import updates to another name (same id or email)."""
    old = {a.id: a for a in before}
    return [
        f"{show(a.id)}: name {show(old[a.id].name)} replaced by {show(a.name)} (same id or "
        "email); if they are two people, give them different emails"
        for a in after
        if a.id in old and old[a.id].name.casefold() != a.name.casefold()
    ]
