"""Check-in at the door: tickets looked up, arrivals dated, and the keys of door stations.

Reads and writes inside the caller's transaction, like `queries` and `actions`. A check-in
here is the same presence change as on the console (journaled, undoable), plus the answer a
scanner needs: who it was, and whether they were already in (and since when).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from pathlib import Path

import attrs

from eventrunner.model import Attendee, Presence, ticket_keys
from eventrunner.store import actions as act
from eventrunner.store import queries as q
from eventrunner.store.records import StoreError
from eventrunner.store.schema import append_journal, utc_now


@attrs.frozen
class CheckIn:
    """The outcome of checking one attendee in."""

    attendee: Attendee
    """Who, as stored after the check-in."""
    already: bool
    """True when they were checked in before (nothing was written)."""
    at: str
    """When they were checked in (ISO 8601, UTC); '' when the file does not know."""


@attrs.frozen
class DoorKey:
    """The key of one door station (a volunteer's phone or tablet)."""

    key: str
    """The secret in the station's URL."""
    label: str
    """What the organizer calls it ("station 2")."""
    created_at: str
    """When it was made (ISO 8601, UTC)."""
    revoked_at: str | None
    """When it was revoked, or None while it opens the door page."""


def find_ticket(conn: sqlite3.Connection, code: str) -> tuple[Attendee, ...]:
    """The attendees a scanned code belongs to: a ticket code (in any of its forms) or an id.

    More than one when the code is shared (an order number covering several tickets).
    """
    wanted = set(ticket_keys(code))
    if not wanted:
        return ()
    found: list[str] = []
    for attendee_id, tickets in conn.execute("SELECT id, tickets FROM attendees ORDER BY position"):
        known = {key for ticket in json.loads(tickets) for key in ticket_keys(ticket)}
        if known & wanted or attendee_id.casefold() in wanted:
            found.append(attendee_id)
    return tuple(a for a in (q.find(conn, i) for i in found) if a is not None)


def checked_in_at(conn: sqlite3.Connection, attendee_id: str) -> str:
    """When this attendee was last checked in ('' if never, or not known)."""
    row = conn.execute("SELECT checked_in_at FROM attendees WHERE id = ?", (attendee_id,))
    found = row.fetchone()
    return (found[0] or "") if found else ""


def check_in(conn: sqlite3.Connection, path: Path, attendee_id: str) -> CheckIn:
    """Mark one attendee present, unless they already are (then nothing is written)."""
    before = q.get(conn, path, attendee_id)
    if before.presence is Presence.PRESENT:
        return CheckIn(before, True, checked_in_at(conn, attendee_id))
    act.set_presence(conn, path, attendee_id, Presence.PRESENT)
    return CheckIn(q.get(conn, path, attendee_id), False, checked_in_at(conn, attendee_id))


def door_keys(conn: sqlite3.Connection) -> tuple[DoorKey, ...]:
    """Every station key ever made, oldest first (revoked ones too)."""
    rows = conn.execute("SELECT * FROM door_keys ORDER BY created_at, key").fetchall()
    return tuple(DoorKey(r["key"], r["label"], r["created_at"], r["revoked_at"]) for r in rows)


def key_opens(conn: sqlite3.Connection, key: str) -> bool:
    """True when `key` is a station key that was not revoked."""
    row = conn.execute("SELECT revoked_at FROM door_keys WHERE key = ?", (key,)).fetchone()
    return row is not None and row[0] is None


def add_door_key(conn: sqlite3.Connection, label: str) -> DoorKey:
    """A new station key (16 random URL-safe characters: not guessable, easy to type)."""
    key = secrets.token_urlsafe(12)
    label = label.strip() or f"station {len(door_keys(conn)) + 1}"
    made = DoorKey(key, label, utc_now(), None)
    conn.execute(
        "INSERT INTO door_keys (key, label, created_at) VALUES (?, ?, ?)",
        (made.key, made.label, made.created_at),
    )
    append_journal(conn, "door key", f"made the key of {label}")
    return made


def revoke_door_key(conn: sqlite3.Connection, path: Path, key: str) -> None:
    """Close the door page to a station; its open pages stop working at the next action."""
    row = conn.execute("SELECT label, revoked_at FROM door_keys WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise StoreError(f"{path}: no door station with that key; the keys are on the console")
    if row["revoked_at"] is not None:
        return
    conn.execute("UPDATE door_keys SET revoked_at = ? WHERE key = ?", (utc_now(), key))
    append_journal(conn, "door key", f"revoked the key of {row['label']}")


def set_door_address(conn: sqlite3.Connection, url: str) -> None:
    """Remember where `eventrunner door` serves, so the console can show the stations' links."""
    if door_address(conn) == url:
        return
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('door_url', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (url,),
    )
    append_journal(conn, "door", f"door page served on {url}")


def door_address(conn: sqlite3.Connection) -> str:
    """The address `eventrunner door` last said it serves on ('' before it ever ran)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'door_url'").fetchone()
    return str(row[0]) if row else ""
