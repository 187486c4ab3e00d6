"""Actions computed from the stored state inside their own write transaction.

The console keeps a copy of the file for drawing, but another terminal may have written
since it last looked: a toggle, a settings switch, an edit or a timer step worked out from
that copy would put old values back (a lost update). These functions read what they change
inside the caller's `BEGIN IMMEDIATE` transaction and write the result in the same one, so
what they build on is exactly what the file holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import attrs

from eventrunner.model import Attendee, EventSettings, Presence
from eventrunner.store import actions as act
from eventrunner.store import queries as q
from eventrunner.store.records import LiveView, StoreError, TimerState


class TimerStep(Protocol):
    """One timer transition to store: the new state, its words, a round to record played."""

    @property
    def state(self) -> TimerState: ...
    @property
    def action(self) -> str: ...
    @property
    def played(self) -> int: ...


def live_view(conn: sqlite3.Connection) -> LiveView:
    """Settings, plan length and played rounds, as a timer computation needs them."""
    settings = q.settings(conn)
    current = q.current_plan(conn)
    rounds = len(current[1].rounds) if current is not None else settings.rounds
    return LiveView(settings=settings, rounds=rounds, played=q.played_through(conn))


def toggle_presence(conn: sqlite3.Connection, path: Path, attendee_id: str) -> Presence:
    """Present becomes registered, anything else present; returns the new presence."""
    stored = q.get(conn, path, attendee_id)
    new = Presence.REGISTERED if stored.presence is Presence.PRESENT else Presence.PRESENT
    act.set_presence(conn, path, attendee_id, new)
    return new


def change_settings(
    conn: sqlite3.Connection, path: Path, change: Callable[[EventSettings], EventSettings]
) -> EventSettings:
    """Apply `change` to the stored settings; returns the settings as stored."""
    new = change(q.settings(conn))
    act.update_settings(conn, path, new)
    return new


def edit_attendee(
    conn: sqlite3.Connection, path: Path, original: Attendee, edited: Attendee
) -> Attendee:
    """Store the fields the organizer changed (`original` -> `edited`) over the stored row.

    Fields the form left as they were keep what the file holds now, so an import in another
    terminal since the form opened is not undone by saving the form.
    """
    if edited.id != original.id:
        raise StoreError(f"{path}: an edit cannot change the id {original.id!r}")
    stored = q.get(conn, path, original.id)
    changes = {
        f.name: getattr(edited, f.name)
        for f in attrs.fields(Attendee)
        if getattr(edited, f.name) != getattr(original, f.name)
    }
    result = attrs.evolve(stored, **changes)
    act.update_attendee(conn, path, result)
    return result


def change_timer(
    conn: sqlite3.Connection,
    path: Path,
    compute: Callable[[TimerState, LiveView], Sequence[TimerStep]],
) -> list[TimerStep]:
    """Run `compute` on the stored timer and store every step it returns, in order.

    A step that ends a meeting records its round as played first (a round already recorded,
    e.g. by `eventrunner play`, is left as it is), in the same transaction as the timer.
    """
    steps = list(compute(q.timer(conn), live_view(conn)))
    for step in steps:
        if step.played > q.played_through(conn):
            act.mark_played(conn, path, step.played)
        act.set_timer(conn, step.state, step.action)
    return steps
