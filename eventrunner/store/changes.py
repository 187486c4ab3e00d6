"""What changed in an event file since a reader last looked, read at the cost of what moved.

A console keeps a copy of the file (settings, attendees, plan, timer) for drawing. Reading
it all again after every check-in made at a door station costs most of a second on a busy
laptop (every attendee and the whole plan decoded), so a reader says how far it has read
(the last journal row it saw, the plan version it holds) and gets back, from one read
transaction, the parts that are always cheap (presence of everyone, timer, settings,
rounds played) and the expensive parts only when the journal says they changed.

This relies on the rule of `actions` and every other writer: each change appends its journal
row in the same transaction, so the journal since a row names every kind of change since.
"""

from __future__ import annotations

import sqlite3

import attrs

from eventrunner.model import Attendee, EventSettings, Plan, Presence
from eventrunner.store import queries as q
from eventrunner.store.records import PlanVersion, TimerState

#: Journal actions that change no attendee field other than presence. Any other action
#: (an import, an edit, a walk-in, a consent change, one this list does not know yet)
#: makes the reader read every attendee again.
PRESENCE_ONLY = frozenset(
    {
        "presence",
        "undo",  # an undo puts back a presence or a follow-up (`actions._apply_undo`)
        "timer",
        "plan",
        "played",
        "follow-up",
        "unfollow",
        "door key",
        "door",
        "mail",
        "mail settings",
        "settings",
    }
)


@attrs.frozen
class Seen:
    """How far a reader has read the file."""

    seq: int = -1
    """The last journal row it has seen; -1: nothing yet (read everything)."""
    plan_version: int = -1
    """The plan version it holds (0: none yet); -1: nothing read yet."""


@attrs.frozen
class Refresh:
    """The file as of one read transaction, for a reader that has seen `Seen`."""

    seen: Seen
    """How far this refresh reads (give it back next time)."""
    settings: EventSettings
    timer: TimerState
    played: int
    presence: dict[str, Presence]
    """Everyone's presence, by id, in registration order."""
    attendees: tuple[Attendee, ...] | None
    """Every attendee, when more than presence may have changed; else None."""
    plan: Plan | None
    """The current plan (None before the first), meaningful when `plan_changed`."""
    plan_history: list[PlanVersion] | None
    """Every plan version, when `plan_changed`; else None."""
    actions: frozenset[str]
    """The journal actions written since the reader last looked."""

    @property
    def plan_changed(self) -> bool:
        return self.plan_history is not None


def read(conn: sqlite3.Connection, seen: Seen) -> Refresh:
    """What changed since `seen`, inside the caller's read transaction."""
    rows = conn.execute(
        "SELECT seq, action FROM journal WHERE seq > ? ORDER BY seq", (seen.seq,)
    ).fetchall()
    actions = frozenset(r[1] for r in rows)
    last_seq = rows[-1][0] if rows else max(seen.seq, 0)
    presence = {
        r[0]: Presence(r[1])
        for r in conn.execute("SELECT id, presence FROM attendees ORDER BY position")
    }
    everyone: tuple[Attendee, ...] | None = None
    if seen.seq < 0 or not actions <= PRESENCE_ONLY:
        everyone = q.attendees(conn)
    version = int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM plans").fetchone()[0])
    plan: Plan | None = None
    history: list[PlanVersion] | None = None
    if version != seen.plan_version:
        current = q.current_plan(conn)
        plan = None if current is None else current[1]
        history = q.plan_history(conn)
    return Refresh(
        seen=Seen(last_seq, version),
        settings=q.settings(conn),
        timer=q.timer(conn),
        played=q.played_through(conn),
        presence=presence,
        attendees=everyone,
        plan=plan,
        plan_history=history,
        actions=actions,
    )
