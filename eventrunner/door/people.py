"""What a door station may see of an attendee: a name, a table, whether they are in.

Never an email, phone or any other contact field, and not the attendee id either (ids are
often emails): people are named to the page by a handle, a keyed hash of the id that only
this server can map back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from eventrunner.model import Attendee, Plan, Presence
from eventrunner.namesearch import fold
from eventrunner.store import TimerState
from eventrunner.textsafe import clean_text

#: Most people a search returns (a station shows a short list; type more to narrow it).
MAX_RESULTS = 30


class Handles:
    """Attendee id <-> the opaque handle the page uses, keyed by a secret of this server."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def of(self, attendee_id: str) -> str:
        digest = hmac.new(self._secret, attendee_id.encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:20]

    def find(self, handle: str, people: Sequence[Attendee]) -> Attendee | None:
        return next((a for a in people if hmac.compare_digest(self.of(a.id), handle)), None)


def shown_round(state: TimerState, rounds: int) -> int:
    """The round whose table a station shows: the one at the tables, or about to start."""
    if rounds <= 0:
        return 0
    if state.phase in ("meeting", "paused", "finished"):
        return min(max(state.round, 1), rounds)
    if state.phase == "switch":
        return min(state.round + 1, rounds)
    return 1


def tables_of(plan: Plan | None, round_number: int) -> dict[str, str]:
    """Attendee id -> `7` (table number) or `bye`, in one round of the plan."""
    if plan is None or not 0 < round_number <= len(plan.rounds):
        return {}
    rnd = plan.rounds[round_number - 1]
    seats = {a: str(t.number) for t in rnd.tables for a in t.attendees}
    seats.update({a: "bye" for a in rnd.byes})
    return seats


def card(
    person: Attendee, handles: Handles, seats: Mapping[str, str], at: str = ""
) -> dict[str, Any]:
    """One attendee as the page shows them: handle, name, table, presence."""
    return {
        "handle": handles.of(person.id),
        "name": clean_text(person.name),
        "table": seats.get(person.id, ""),
        "present": person.presence is Presence.PRESENT,
        "left": person.presence is Presence.LEFT,
        "at": at,
    }


def search(people: Sequence[Attendee], query: str) -> list[Attendee]:
    """People whose name holds every word typed (accents optional), the not-yet-in first.

    Names only: a station cannot probe emails or companies."""
    words = fold(query).split()
    found = [a for a in people if all(w in fold(a.name) for w in words)]
    found.sort(key=lambda a: (a.presence is Presence.PRESENT, fold(a.name)))
    return found[:MAX_RESULTS]
