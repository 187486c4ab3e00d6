"""Reading records out of an open event file, inside the caller's transaction.

Used by `EventStore`'s reads and by the actions in `actions`, which must see the file
as it is inside their own write transaction. Nothing here writes.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from eventrunner.model import Attendee, EventSettings, FollowUpWish, Plan, PlanStats, Round
from eventrunner.store.codec import attendee_from_row, loads
from eventrunner.store.records import JournalEntry, PlanVersion, StoreError, TimerState


def settings(conn: sqlite3.Connection) -> EventSettings:
    """The event settings."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
    return loads(row[0], EventSettings)


def reading(conn: sqlite3.Connection) -> tuple[dict[str, str], list[str]]:
    """The event's own interest synonyms and what the free-text answers of its imports became
    (both kept in `meta`; empty for files made before free text was read)."""
    found = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('synonyms', 'answers')"))
    synonyms = json.loads(found.get("synonyms", "{}"))
    answers = json.loads(found.get("answers", "[]"))
    return (
        {str(k): str(v) for k, v in synonyms.items()} if isinstance(synonyms, dict) else {},
        [str(a) for a in answers] if isinstance(answers, list) else [],
    )


def attendees(conn: sqlite3.Connection) -> tuple[Attendee, ...]:
    """Every attendee, in registration order."""
    rows = conn.execute("SELECT * FROM attendees ORDER BY position").fetchall()
    return tuple(attendee_from_row(r) for r in rows)


def ids(conn: sqlite3.Connection) -> set[str]:
    """The ids of every attendee."""
    return {r[0] for r in conn.execute("SELECT id FROM attendees")}


def find(conn: sqlite3.Connection, key: str) -> Attendee | None:
    """The attendee with this exact id, else the first whose id or email matches ignoring case."""
    found = _by_id(conn, key)
    if found is not None:
        return found
    # Case-folding in Python, not SQL: NOCASE only folds ASCII and names are in any script.
    wanted = key.strip().casefold()
    if not wanted:
        return None
    # Only two columns per row: building every Attendee would cost ~50 µs each.
    rows = conn.execute("SELECT id, email FROM attendees ORDER BY position")
    for attendee_id, email in rows.fetchall():
        if wanted in (attendee_id.casefold(), email.strip().casefold()):
            return _by_id(conn, attendee_id)
    return None


def get(conn: sqlite3.Connection, path: Path, attendee_id: str) -> Attendee:
    """The attendee with this id; StoreError naming the file if there is none."""
    found = _by_id(conn, attendee_id)
    if found is None:
        raise StoreError(f"{path}: no attendee with id {attendee_id!r}; check the attendee list")
    return found


def _by_id(conn: sqlite3.Connection, attendee_id: str) -> Attendee | None:
    row = conn.execute("SELECT * FROM attendees WHERE id = ?", (attendee_id,)).fetchone()
    return None if row is None else attendee_from_row(row)


def next_position(conn: sqlite3.Connection) -> int:
    """The registration position the next new attendee gets."""
    row = conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM attendees").fetchone()
    return int(row[0])


def plan_from_row(row: sqlite3.Row) -> Plan:
    """The plan a row of the plans table holds."""
    return Plan(
        rounds=loads(row["rounds"], tuple[Round, ...]),
        stats=loads(row["stats"], PlanStats),
    )


def current_plan(conn: sqlite3.Connection) -> tuple[int, Plan] | None:
    """The latest plan and its version number, or None before the first plan."""
    row = conn.execute("SELECT * FROM plans ORDER BY version DESC LIMIT 1").fetchone()
    return None if row is None else (int(row["version"]), plan_from_row(row))


def plan_history(conn: sqlite3.Connection) -> list[PlanVersion]:
    """Every plan version, oldest first, without rounds."""
    rows = conn.execute("SELECT version, created_at, reason, stats FROM plans ORDER BY version")
    return [
        PlanVersion(r["version"], r["created_at"], r["reason"], loads(r["stats"], PlanStats))
        for r in rows.fetchall()
    ]


def played_through(conn: sqlite3.Connection) -> int:
    """N when rounds 1..N are recorded as played."""
    return int(conn.execute("SELECT COALESCE(MAX(round), 0) FROM played").fetchone()[0])


def played_rounds(conn: sqlite3.Connection) -> tuple[Round, ...]:
    """The played rounds as recorded, in order."""
    rows = conn.execute("SELECT data FROM played ORDER BY round").fetchall()
    return tuple(loads(r[0], Round) for r in rows)


def followups(conn: sqlite3.Connection) -> tuple[FollowUpWish, ...]:
    """Every follow-up wish, in the order recorded."""
    rows = conn.execute("SELECT who, partner FROM followups ORDER BY rowid").fetchall()
    return tuple(FollowUpWish(r["who"], r["partner"]) for r in rows)


def has_followup(conn: sqlite3.Connection, who: str, partner: str) -> bool:
    """Whether `who` already wishes to follow up with `partner` (ids)."""
    query = "SELECT 1 FROM followups WHERE who = ? AND partner = ?"
    return conn.execute(query, (who, partner)).fetchone() is not None


def journal(conn: sqlite3.Connection) -> list[JournalEntry]:
    """The whole journal, oldest first."""
    rows = conn.execute("SELECT at, action, detail FROM journal ORDER BY seq").fetchall()
    return [JournalEntry(r["at"], r["action"], r["detail"]) for r in rows]


def timer(conn: sqlite3.Connection) -> TimerState:
    """The stored round timer."""
    row = conn.execute("SELECT * FROM timer WHERE id = 1").fetchone()
    return TimerState(
        round=row["round"],
        phase=row["phase"],
        started_at=row["started_at"],
        paused_at=row["paused_at"],
        paused_seconds=row["paused_seconds"],
        extra_seconds=row["extra_seconds"],
    )
