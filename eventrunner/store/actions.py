"""The organizer's actions on an event file, each run inside the caller's write transaction.

Every function here changes the file and appends its journal row last, on the connection
`EventStore._action` opened with `BEGIN IMMEDIATE`: if anything raises, the transaction is
rolled back and neither the change nor its journal row exists. A call that would change
nothing writes nothing (no journal row either).

Presence and follow-up changes store their inverse in the journal's `undo` column, which
`undo_last` replays; the journal itself is never rewritten.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from eventrunner.model import Attendee, Event, EventSettings, Plan, Presence, Round
from eventrunner.store import answers as typed
from eventrunner.store import guards
from eventrunner.store import queries as q
from eventrunner.store.codec import ATTENDEE_COLUMNS, attendee_row, dumps
from eventrunner.store.records import JournalEntry, StoreError, TimerState, UpsertReport
from eventrunner.store.schema import append_journal, utc_now
from eventrunner.textsafe import strip_controls

_INSERT_ATTENDEE: Final = (
    f"INSERT INTO attendees ({', '.join(ATTENDEE_COLUMNS)}, position) "
    f"VALUES ({', '.join(':' + c for c in ATTENDEE_COLUMNS)}, :position)"
)
_UPDATE_ATTENDEE: Final = (
    f"UPDATE attendees SET {', '.join(f'{c} = :{c}' for c in ATTENDEE_COLUMNS if c != 'id')} "
    "WHERE id = :id"
)
#: Journal actions that `undo_last` looks past: the timer runs beside check-in.
_UNDO_TRANSPARENT: Final = frozenset({"timer"})


def fill_new(conn: sqlite3.Connection, path: Path, event: Event, source: str) -> None:
    """Put a new event into a freshly made (empty) schema."""
    check_new_attendees(path, event.attendees, ())
    settings = attrs.evolve(event.settings, name=strip_controls(event.settings.name))
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("settings", dumps(settings)), ("created_at", utc_now()), ("source", source)],
    )
    for position, attendee in enumerate(event.attendees, start=1):
        conn.execute(_INSERT_ATTENDEE, {**attendee_row(attendee), "position": position})
    origin = f" from {source}" if source else ""
    append_journal(conn, "create", f"created with {len(event.attendees)} attendees{origin}")


def keep_reading(
    conn: sqlite3.Connection, synonyms: Mapping[str, str] | None, answers: Sequence[str]
) -> None:
    """Store the event's interest synonyms (when given) and add what an import's free-text
    answers became to those of earlier imports."""
    old_synonyms, old_answers = q.reading(conn)
    rows = [("answers", json.dumps([*old_answers, *answers], ensure_ascii=False))]
    if synonyms is not None:
        rows.append(("synonyms", json.dumps({**old_synonyms, **synonyms}, ensure_ascii=False)))
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        rows,
    )


def update_settings(conn: sqlite3.Connection, path: Path, new: EventSettings) -> None:
    """Replace the settings; refuses fewer rounds than already played."""
    old = q.settings(conn)
    new = attrs.evolve(new, name=strip_controls(new.name))
    if new == old:
        return
    played = q.played_through(conn)
    if new.rounds < played:
        raise StoreError(
            f"{path}: rounds: {played} rounds are already played; choose {played} or more"
        )
    conn.execute("UPDATE meta SET value = ? WHERE key = 'settings'", (dumps(new),))
    changes = [
        f"{f.name} {getattr(old, f.name)} → {getattr(new, f.name)}"
        for f in attrs.fields(EventSettings)
        if getattr(old, f.name) != getattr(new, f.name)
    ]
    append_journal(conn, "settings", ", ".join(changes))


def upsert_attendees(
    conn: sqlite3.Connection, path: Path, given: Sequence[Attendee], source: str
) -> UpsertReport:
    """Add new ids at the end of the list; update the others, keeping their presence."""
    check_new_attendees(path, given, ())
    existing = {a.id: a for a in q.attendees(conn)}
    position = q.next_position(conn)
    added: list[str] = []
    updated: list[str] = []
    for attendee in given:
        old = existing.get(attendee.id)
        if old is None:
            conn.execute(_INSERT_ATTENDEE, {**attendee_row(attendee), "position": position})
            position += 1
            added.append(attendee.id)
            continue
        new = attrs.evolve(attendee, presence=old.presence)
        if new != old:
            conn.execute(_UPDATE_ATTENDEE, attendee_row(new))
            updated.append(attendee.id)
    if added or updated:
        label = source or "import"
        append_journal(conn, "import", f"{label}: {len(added)} added, {len(updated)} updated")
    return UpsertReport(added=tuple(added), updated=tuple(updated))


def add_attendee(conn: sqlite3.Connection, path: Path, attendee: Attendee, action: str) -> None:
    """Register one attendee at the end of the list; refuses an id already there."""
    check_new_attendees(path, [attendee], q.ids(conn))
    row = {**attendee_row(attendee), "position": q.next_position(conn)}
    conn.execute(_INSERT_ATTENDEE, row)
    if attendee.presence is Presence.PRESENT:
        conn.execute(
            "UPDATE attendees SET checked_in_at = ? WHERE id = ?", (utc_now(), attendee.id)
        )
    if attendee.answers:
        typed.mark_stale(conn)  # their words may share a topic with the others'
    append_journal(conn, action, _who(attendee))


def update_attendee(conn: sqlite3.Connection, path: Path, attendee: Attendee) -> None:
    """Replace every field of an existing attendee, presence included."""
    old = q.get(conn, path, attendee.id)
    if attendee == old:
        return
    conn.execute(_UPDATE_ATTENDEE, attendee_row(attendee))
    if attendee.answers != old.answers:
        typed.mark_stale(conn)
    changed = [
        f.name for f in attrs.fields(Attendee) if getattr(old, f.name) != getattr(attendee, f.name)
    ]
    append_journal(conn, "edit", f"{_who(attendee)}: {', '.join(changed)}")


def set_presence(conn: sqlite3.Connection, path: Path, attendee_id: str, new: Presence) -> None:
    """Change one attendee's presence (undoable)."""
    old = q.get(conn, path, attendee_id)
    if old.presence is new:
        return
    conn.execute("UPDATE attendees SET presence = ? WHERE id = ?", (new.value, attendee_id))
    if new is Presence.PRESENT:
        # When they arrived, for "already checked in at 19:02" on a second scan.
        query = "UPDATE attendees SET checked_in_at = ? WHERE id = ?"
        conn.execute(query, (utc_now(), attendee_id))
    undo = {"op": "presence", "id": attendee_id, "presence": old.presence.value}
    detail = f"{_who(old)}: {old.presence.value} → {new.value}"
    append_journal(conn, "presence", detail, undo=json.dumps(undo))


def save_plan(
    conn: sqlite3.Connection, path: Path, plan: Plan, reason: str, based_on: int | None = None
) -> int:
    """Store a new current plan version; refuses one that changes a played round or the
    round at the tables, or (with `based_on`) one made from an older plan version."""
    guards.check_based_on(conn, path, based_on)
    guards.check_round_at_tables(conn, path, plan)
    for index, played in enumerate(q.played_rounds(conn)):
        if index >= len(plan.rounds) or plan.rounds[index] != played:
            raise StoreError(
                f"{path}: the new plan changes round {index + 1}, which was already "
                "played; keep played rounds as they are and re-plan the later ones"
            )
    version = int(conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM plans").fetchone()[0])
    conn.execute(
        "INSERT INTO plans (version, created_at, reason, rounds, stats) VALUES (?, ?, ?, ?, ?)",
        (version, utc_now(), reason, dumps(plan.rounds, tuple[Round, ...]), dumps(plan.stats)),
    )
    stats = plan.stats
    append_journal(
        conn,
        "plan",
        f"version {version}: {reason} ({len(plan.rounds)} rounds, "
        f"affinity {stats.affinity_total} of at most {stats.upper_bound})",
    )
    return version


def mark_played(conn: sqlite3.Connection, path: Path, through: int) -> None:
    """Freeze copies of rounds 1..through of the current plan as played."""
    current = q.current_plan(conn)
    if current is None:
        raise StoreError(f"{path}: no plan yet; make a plan before recording played rounds")
    version, plan = current
    done = q.played_through(conn)
    if through < done:
        raise StoreError(
            f"{path}: rounds 1 to {done} are already played and cannot be taken back; "
            f"give {done} or more"
        )
    if through > len(plan.rounds):
        raise StoreError(
            f"{path}: the plan has only {len(plan.rounds)} rounds; give at most {len(plan.rounds)}"
        )
    if through <= done:
        return
    running = guards.running_round(conn)
    if running and through > running:
        raise StoreError(
            f"{path}: round {running} is at the tables now; rounds after it cannot be "
            f"recorded as played yet (give at most {running})"
        )
    now = utc_now()
    for number, rnd in enumerate(plan.rounds[done:through], start=done + 1):
        # Stored under its place in the plan, which is what played_through counts.
        conn.execute(
            "INSERT INTO played (round, plan_version, played_at, data) VALUES (?, ?, ?, ?)",
            (number, version, now, dumps(rnd)),
        )
    rounds = f"round {through}" if through == done + 1 else f"rounds {done + 1} to {through}"
    append_journal(conn, "played", f"{rounds} (plan version {version})")


def add_followup(conn: sqlite3.Connection, path: Path, who: str, partner: str) -> bool:
    """Record a follow-up wish (ids or emails); False if it was already there."""
    a, b = _pair(conn, path, who, partner)
    if q.has_followup(conn, a, b):
        return False
    conn.execute("INSERT INTO followups (who, partner) VALUES (?, ?)", (a, b))
    undo = json.dumps({"op": "unfollow", "who": a, "partner": b})
    append_journal(conn, "follow-up", f"{a} → {b}", undo=undo)
    return True


def remove_followup(conn: sqlite3.Connection, path: Path, who: str, partner: str) -> bool:
    """Forget a follow-up wish; False if it was not there."""
    a, b = _pair(conn, path, who, partner)
    if not q.has_followup(conn, a, b):
        return False
    conn.execute("DELETE FROM followups WHERE who = ? AND partner = ?", (a, b))
    undo = json.dumps({"op": "follow", "who": a, "partner": b})
    append_journal(conn, "unfollow", f"{a} → {b}", undo=undo)
    return True


def set_timer(conn: sqlite3.Connection, state: TimerState, action: str) -> None:
    """Store the live round timer."""
    conn.execute(
        "UPDATE timer SET round = ?, phase = ?, started_at = ?, paused_at = ?, "
        "paused_seconds = ?, extra_seconds = ? WHERE id = 1",
        (
            state.round,
            state.phase,
            state.started_at,
            state.paused_at,
            state.paused_seconds,
            state.extra_seconds,
        ),
    )
    append_journal(conn, "timer", f"{action}: round {state.round}, {state.phase}")


def undo_last(conn: sqlite3.Connection, mine: Collection[int] | None = None) -> JournalEntry | None:
    """Undo the latest presence or follow-up change not yet undone (see EventStore).

    With `mine` (journal rows one EventStore wrote), changes others made (`eventrunner
    followup` in another terminal) are looked past and stay; their barriers still stop.
    """
    undone: set[int] = set()
    target: sqlite3.Row | None = None
    cursor = conn.execute("SELECT * FROM journal ORDER BY seq DESC")
    try:
        for row in cursor:
            if row["undoes"] is not None:
                undone.add(row["undoes"])
            elif row["seq"] in undone or row["action"] in _UNDO_TRANSPARENT:
                continue
            elif mine is not None and row["seq"] not in mine and row["undo"] is not None:
                continue  # someone else's undoable change: theirs to take back
            else:
                # The latest real action: undoable, or a barrier (an import, a plan ...).
                target = row if row["undo"] is not None else None
                break
    finally:
        cursor.close()
    if target is None:
        return None
    _apply_undo(conn, json.loads(target["undo"]))
    entry = JournalEntry(target["at"], target["action"], target["detail"])
    append_journal(conn, "undo", f"{entry.action} {entry.detail}", undoes=target["seq"])
    return entry


def check_new_attendees(path: Path, given: Sequence[Attendee], taken: Collection[str]) -> None:
    """Refuse blank ids, ids given twice, and ids already registered (`taken`)."""
    seen: set[str] = set()
    for number, attendee in enumerate(given, start=1):
        if not attendee.id.strip():
            raise StoreError(
                f"{path}: attendee {number} ({attendee.name!r}) has no id; give every one an id"
            )
        if attendee.id in seen:
            raise StoreError(f"{path}: attendee id {attendee.id!r} is given twice; make ids unique")
        if attendee.id in taken:
            raise StoreError(
                f"{path}: an attendee with id {attendee.id!r} is already registered; "
                "choose another id"
            )
        seen.add(attendee.id)


def _apply_undo(conn: sqlite3.Connection, undo: dict[str, Any]) -> None:
    """Put back what a journaled change replaced (the `undo` column of its row)."""
    op = undo["op"]
    if op == "presence":
        query = "UPDATE attendees SET presence = ? WHERE id = ?"
        conn.execute(query, (undo["presence"], undo["id"]))
    elif op == "unfollow":
        query = "DELETE FROM followups WHERE who = ? AND partner = ?"
        conn.execute(query, (undo["who"], undo["partner"]))
    elif op == "follow":
        query = "INSERT OR IGNORE INTO followups (who, partner) VALUES (?, ?)"
        conn.execute(query, (undo["who"], undo["partner"]))
    else:
        raise StoreError(f"unknown undo operation {op!r} in the journal; this is a bug")


def _pair(conn: sqlite3.Connection, path: Path, who: str, partner: str) -> tuple[str, str]:
    """The ids of two different attendees given by id or email."""
    found: list[str] = []
    for key in (who, partner):
        attendee = q.find(conn, key)
        if attendee is None:
            raise StoreError(f"{path}: no attendee {key!r}; give an id or email from the list")
        found.append(attendee.id)
    if found[0] == found[1]:
        raise StoreError(f"{path}: {who!r} cannot follow up with themselves; give two people")
    return found[0], found[1]


def _who(attendee: Attendee) -> str:
    return f"{attendee.name} ({attendee.id})"
