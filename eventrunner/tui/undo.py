"""Undo in words: what `EventStore.undo_last` just took back, said the organizer's way.

The store undoes the latest presence or follow-up change and returns its journal entry. The
words come from comparing what the event file held before and after the undo (who changed,
from what), not from parsing the journal's text, which is written for the log. No textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from eventrunner.model import Attendee, FollowUpWish, Presence
from eventrunner.store import JournalEntry
from eventrunner.textsafe import clean_text

#: The undone action, by the presence it had set (the presence before the undo).
_PRESENCE_WORDS = {
    Presence.PRESENT: "check-in of {name}",
    Presence.LEFT: "departure of {name}",
    Presence.REGISTERED: "{name} marked not arrived",
}


@attrs.frozen
class Snapshot:
    """The part of the event file an undo can change."""

    presence: Mapping[str, Presence]
    """Presence by attendee id."""
    names: Mapping[str, str]
    """Display names by attendee id."""
    wishes: frozenset[tuple[str, str]]
    """(who, partner) of every follow-up wish."""

    @classmethod
    def of(cls, attendees: Iterable[Attendee], wishes: Iterable[FollowUpWish]) -> Snapshot:
        people = tuple(attendees)
        return cls(
            presence={a.id: a.presence for a in people},
            names={a.id: a.name for a in people},
            wishes=frozenset((w.who, w.partner) for w in wishes),
        )

    def name(self, attendee_id: str) -> str:
        return clean_text(self.names.get(attendee_id, attendee_id))


def undo_words(entry: JournalEntry, before: Snapshot, after: Snapshot) -> str:
    """`Undid: check-in of Zoë Martin` (the action undone, named by what it had done)."""
    done: list[str] = []
    for attendee_id, was in before.presence.items():
        if after.presence.get(attendee_id, was) is not was:
            done.append(_PRESENCE_WORDS[was].format(name=before.name(attendee_id)))
    for who, partner in sorted(before.wishes - after.wishes):
        done.append(f"follow-up wish of {before.name(who)} for {before.name(partner)}")
    for who, partner in sorted(after.wishes - before.wishes):
        done.append(f"removal of {before.name(who)}'s follow-up wish for {before.name(partner)}")
    if not done:
        # Nothing visible changed (someone else already put it back): say what the log says.
        done.append(clean_text(f"{entry.action} {entry.detail}"))
    return "Undid: " + "; ".join(done)
