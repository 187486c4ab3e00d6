"""What the event file refuses, whoever writes it, and how a failed write is told.

The round at the tables is as frozen as the played rounds: while a meeting runs (or is
paused) no writer (the console, `eventrunner plan` in another terminal, an import) may
store a plan whose rounds up to that one differ from the current plan. The check runs
inside the write transaction, on the stored timer, and a trigger in the schema repeats it
for any code that reaches the database another way.

A write that fails because the file or its folder is read-only, or the disk is full, becomes
`StoreUnwritable` with one line saying what to do; the console backs off on it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Final

from eventrunner.model import Plan
from eventrunner.store import queries as q
from eventrunner.store.records import StoreError, StoreUnwritable

#: Below this much free space a long job (planning) is refused before it starts.
MIN_FREE_BYTES: Final = 1 << 20

#: The phases in which a round's people sit at its tables.
AT_TABLES: Final = ("meeting", "paused")


def running_round(conn: sqlite3.Connection) -> int:
    """The round at the tables now (meeting or paused), else 0."""
    row = conn.execute("SELECT round, phase FROM timer WHERE id = 1").fetchone()
    return int(row["round"]) if row["phase"] in AT_TABLES else 0


def frozen_rounds(conn: sqlite3.Connection) -> int:
    """Rounds no plan may change: every played round and the one at the tables."""
    return max(q.played_through(conn), running_round(conn))


def check_round_at_tables(conn: sqlite3.Connection, path: Path, plan: Plan) -> None:
    """Refuse a plan that changes the round people are sitting at."""
    running = running_round(conn)
    if not running:
        return
    current = q.current_plan(conn)
    if current is None:
        return
    _, old = current
    new_round = plan.rounds[running - 1] if len(plan.rounds) >= running else None
    old_round = old.rounds[running - 1] if len(old.rounds) >= running else None
    if new_round != old_round:
        raise StoreError(
            f"{path}: round {running} is at the tables now and cannot change; re-plan the "
            f"rounds after {running} (keep rounds 1 to {running} as they are)"
        )


def check_based_on(conn: sqlite3.Connection, path: Path, based_on: int | None) -> None:
    """Refuse a plan made from a plan version that is no longer the current one."""
    if based_on is None:
        return
    current = int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM plans").fetchone()[0])
    if current != based_on:
        raise StoreError(
            f"{path}: the plan changed (version {current}, saved elsewhere) while this one "
            f"was made from version {based_on}; plan again from the current plan"
        )


def unwritable(path: Path) -> str | None:
    """Why the event file at `path` cannot be written now (one line), or None."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return (
            f"{path}: the event file is read-only; make it writable (chmod u+w {path}) or "
            "copy it somewhere you can write"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"{path}: its folder {folder} is read-only (the event file needs to write beside "
            "itself); move the file to a writable folder"
        )
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    if free < MIN_FREE_BYTES:
        return f"{path}: the disk is full; free some space, then try again"
    return None


def explain(path: Path, exc: sqlite3.Error) -> StoreError:
    """The organizer's line for a failed write; nothing of it was stored."""
    text = str(exc)
    lower = text.casefold()
    if "disk is full" in lower or "disk i/o" in lower:
        return StoreUnwritable(
            f"{path}: the disk is full, so nothing was saved; free some space and it carries "
            "on by itself"
        )
    if "readonly" in lower or "read-only" in lower:
        reason = unwritable(path) or f"{path}: the event file is read-only"
        return StoreUnwritable(f"{reason}; nothing was saved")
    if "locked" in lower or "busy" in lower:
        return StoreError(
            f"{path}: another eventrunner kept the file busy too long; nothing was saved, try again"
        )
    if "round at the tables" in lower:
        return StoreError(
            f"{path}: the round at the tables cannot change; re-plan only the later rounds"
        )
    return StoreError(f"{path}: the change was not saved ({text}); nothing was written")
