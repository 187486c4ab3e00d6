"""What a refresh of the console's copy of the event file changed, so screens redraw only that.

The console reads the file again after each of its own writes and whenever another process
(a door station, `eventrunner import`, a second console) committed. `EventStore.refresh`
returns only what moved; `merge_presence` folds a presence-only refresh into the attendees
the console holds, and `Changed` tells the screens which parts to draw again: at a busy
door, where dozens of check-ins a minute come from elsewhere, that is the arrivals count and
a few status cells, not every table of every round.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from eventrunner.model import Attendee, Presence


@attrs.frozen
class Changed:
    """The parts of the cache the last refresh changed (the default: all of them)."""

    settings: bool = True
    attendees: bool = True
    """More than presence: names, fields, people added or removed."""
    presence: frozenset[str] = frozenset()
    """Ids whose presence changed (also filled when `attendees` is)."""
    plan: bool = True
    """The plan or its versions."""
    timer: bool = True
    """The timer or the rounds played."""
    actions: frozenset[str] = frozenset()
    """What the journal says was done since the last refresh (a follow-up, a door key ...):
    screens that read more than the cache (follow-ups) redraw on those."""

    @property
    def only_presence(self) -> bool:
        """True when nothing but who is here changed."""
        return not (self.settings or self.attendees or self.plan or self.timer)

    @property
    def nothing(self) -> bool:
        return self.only_presence and not self.presence and not self.actions


EVERYTHING = Changed()


def merge_presence(
    held: tuple[Attendee, ...], presence: Mapping[str, Presence]
) -> tuple[tuple[Attendee, ...], frozenset[str]] | None:
    """The attendees held, with the presence read from the file, and whose presence moved;
    None when the file holds other people (then everyone must be read again)."""
    if len(held) != len(presence) or any(a.id not in presence for a in held):
        return None
    moved = frozenset(a.id for a in held if a.presence is not presence[a.id])
    if not moved:
        return held, moved
    merged = tuple(attrs.evolve(a, presence=presence[a.id]) if a.id in moved else a for a in held)
    return merged, moved


def presence_moved(before: tuple[Attendee, ...], after: tuple[Attendee, ...]) -> frozenset[str]:
    """Ids whose presence differs between two readings of everyone (or who came or went)."""
    old = {a.id: a.presence for a in before}
    new = {a.id: a.presence for a in after}
    return frozenset(i for i in old.keys() | new.keys() if old.get(i) is not new.get(i))
