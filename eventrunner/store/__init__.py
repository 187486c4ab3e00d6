"""The event file: one SQLite database per event, and the only code that writes it.

The console and the command line share `EventStore`. Every write is one transaction that
also appends its journal row, so an action is stored whole or not at all, and killing the
program at any moment loses nothing that was confirmed. Nothing is cached in memory: every
read asks the file, so a projector (read-only) and the console always agree.

Played rounds are frozen: `mark_played` stores copies, the database refuses to rewrite them,
and `save_plan` refuses a plan whose played rounds differ from those copies (a re-plan keeps
them verbatim), so `current_plan()` always shows the rounds as they were played.

This is the face of the package; the rest lives beside it: `schema` (tables, migrations,
opening and refusing files), `codec` (records <-> columns, cattrs), `queries` (reads),
`actions` (the writes), `answers` (tags read again from the answers as typed, with a reader
the caller hands in), `records` (the small records below and StoreError), `changes` (what
changed since a reader last looked, for the console's cache).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType

import attrs

from eventrunner.files import follow_umask, hold_lock, remove_stale_temporaries
from eventrunner.model import Attendee, Event, EventSettings, FollowUpWish, Plan, Presence, Round
from eventrunner.store import actions as act
from eventrunner.store import answers as typed
from eventrunner.store import changes, computed, door, guards, outbox
from eventrunner.store import queries as q
from eventrunner.store.answers import Reread
from eventrunner.store.changes import Refresh, Seen
from eventrunner.store.computed import TimerStep
from eventrunner.store.door import CheckIn, DoorKey
from eventrunner.store.records import (
    JournalEntry,
    LiveView,
    MailRecord,
    MailServer,
    PlanVersion,
    StoreError,
    StoreUnwritable,
    TimerState,
    UpsertReport,
)
from eventrunner.store.schema import (
    SCHEMA_VERSION,
    connect_existing,
    connect_new,
    in_use,
    publish,
)

__all__ = [
    "SCHEMA_VERSION",
    "CheckIn",
    "DoorKey",
    "EventStore",
    "JournalEntry",
    "LiveView",
    "MailRecord",
    "MailServer",
    "PlanVersion",
    "Refresh",
    "Reread",
    "Seen",
    "StoreError",
    "StoreUnwritable",
    "TimerState",
    "TimerStep",
    "UpsertReport",
    "in_use",
]


class EventStore:
    """An open event file. Make one with `create` or `open`; close it (or use `with`).

    Safe to share between the console's threads: calls are serialized on one connection.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool) -> None:
        """Wrap a connection made by `schema`; call `create` or `open` instead."""
        self.path = path
        self._conn = conn
        self._conn.row_factory = sqlite3.Row
        self._readonly = readonly
        self._lock = threading.RLock()
        self._own_writes = 0
        # Journal rows this EventStore wrote: the console's ctrl+z undoes only its own.
        self._mine: set[int] = set()

    # --- opening and closing ---------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        event: Event,
        *,
        source: str = "",
        synonyms: Mapping[str, str] | None = None,
        answers: Sequence[str] = (),
        reread: Reread | None = None,
    ) -> EventStore:
        """Make a new event file holding `event` and open it; refuses if `path` exists.

        `synonyms` (the event's own interest spellings) and `answers` (what the free-text
        answers became, for `info`) are kept with it; with `reread`, the typed answers are
        then read as one event (as every later import reads them).

        The file is built beside its final place and moved there complete, so a failed
        create leaves nothing behind and nobody ever sees half a file.
        """
        path = Path(path)
        if os.path.lexists(path):
            raise StoreError(f"{path}: already exists; choose another name or remove it first")
        if not path.parent.is_dir():
            raise StoreError(f"{path}: folder {path.parent} does not exist; create it first")
        act.check_new_attendees(path, event.attendees, ())
        # What an interrupted create left behind (nobody holds its lock any more) goes first.
        remove_stale_temporaries(path.parent, path.name)
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as exc:
            raise StoreError(f"{path}: could not create the event file ({exc.strerror})") from exc
        # The lock tells a later create that this temporary is still being written.
        hold_lock(fd)
        follow_umask(fd)
        tmp = Path(tmp_name)
        try:
            conn = connect_new(tmp)
            try:
                act.fill_new(conn, path, event, source)
                if synonyms or answers:
                    act.keep_reading(conn, synonyms, answers)
                if reread is not None:
                    conn.row_factory = sqlite3.Row  # the queries read columns by name
                    typed.reread(conn, reread, "new event")
                conn.execute("COMMIT")
            finally:
                conn.close()
            publish(tmp, path)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: could not create the event file ({exc})") from exc
        except OSError as exc:
            raise StoreError(f"{path}: could not create the event file ({exc.strerror})") from exc
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
            os.close(fd)
        return cls.open(path)

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> EventStore:
        """Open an event file, upgrading an older one; refuses anything else (StoreError)."""
        path = Path(path)
        if not readonly and path.is_file():
            reason = guards.unwritable(path)
            if reason is not None and "disk is full" not in reason:
                raise StoreUnwritable(reason)
        return cls(path, connect_existing(path, readonly=readonly), readonly=readonly)

    def check_writable(self) -> None:
        """Raise StoreUnwritable (one line) if a write now would fail: read-only, disk full.

        For commands that work a long time before they write (planning).
        """
        reason = guards.unwritable(self.path)
        if reason is not None:
            raise StoreUnwritable(reason)

    def close(self) -> None:
        """Close the file. Everything was already committed, action by action."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- reads -----------------------------------------------------------------------------

    def settings(self) -> EventSettings:
        """How the evening runs."""
        with self._reading() as conn:
            return q.settings(conn)

    def event(self) -> Event:
        """Settings and attendees, from one consistent snapshot."""
        with self._reading() as conn:
            return Event(settings=q.settings(conn), attendees=q.attendees(conn))

    def attendees(self) -> tuple[Attendee, ...]:
        """Everyone registered, in registration order."""
        with self._reading() as conn:
            return q.attendees(conn)

    def attendee(self, key: str) -> Attendee | None:
        """The attendee with this id or email (ignoring case), or None."""
        with self._reading() as conn:
            return q.find(conn, key)

    def current_plan(self) -> Plan | None:
        """The latest saved plan (its played rounds as played), or None before the first."""
        with self._reading() as conn:
            current = q.current_plan(conn)
        return None if current is None else current[1]

    def plan_history(self) -> list[PlanVersion]:
        """Every saved plan version, oldest first, without their rounds."""
        with self._reading() as conn:
            return q.plan_history(conn)

    def plan_version(self, version: int) -> Plan:
        """One saved plan version; StoreError if there is no such version."""
        with self._reading() as conn:
            row = conn.execute("SELECT * FROM plans WHERE version = ?", (version,)).fetchone()
            count = conn.execute("SELECT COUNT(*) FROM plans").fetchone()[0]
        if row is None:
            known = f"versions are 1 to {count}" if count else "no plan was saved yet"
            raise StoreError(f"{self.path}: no plan version {version}; {known}")
        return q.plan_from_row(row)

    def played_through(self) -> int:
        """N when rounds 1..N are recorded as played (0 before the first)."""
        with self._reading() as conn:
            return q.played_through(conn)

    def played_rounds(self) -> tuple[Round, ...]:
        """The rounds as they were played, in order (copies frozen when recorded)."""
        with self._reading() as conn:
            return q.played_rounds(conn)

    def followups(self) -> tuple[FollowUpWish, ...]:
        """Every follow-up wish, in the order they were recorded."""
        with self._reading() as conn:
            return q.followups(conn)

    def journal(self) -> list[JournalEntry]:
        """Every organizer action, oldest first."""
        with self._reading() as conn:
            return q.journal(conn)

    def timer(self) -> TimerState:
        """The live round timer as last set."""
        with self._reading() as conn:
            return q.timer(conn)

    def frozen_rounds(self) -> int:
        """Rounds no plan may change now: the played ones and the one at the tables."""
        with self._reading() as conn:
            return guards.frozen_rounds(conn)

    def plan_version_number(self) -> int:
        """The number of the current plan version (0 before the first plan)."""
        with self._reading() as conn:
            return int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM plans").fetchone()[0])

    def refresh(self, seen: Seen) -> Refresh:
        """What changed since `seen` (`Seen()`: everything), from one consistent snapshot;
        every attendee and the plan are decoded only when the journal says they changed."""
        with self._reading() as conn:
            return changes.read(conn, seen)

    def data_version(self) -> int:
        """A number that changes whenever anyone commits to the file; cheap to poll."""
        with self._lock:
            try:
                # PRAGMA data_version moves only for other connections' commits.
                other = self._conn.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot read the event file ({exc})") from exc
            return int(other) + self._own_writes

    # --- writes: each one transaction with its journal row ----------------------------------

    def update_settings(self, settings: EventSettings) -> None:
        """Replace the event settings; refuses fewer rounds than already played."""
        with self._action() as conn:
            act.update_settings(conn, self.path, settings)

    def upsert_attendees(
        self,
        attendees: Sequence[Attendee],
        *,
        source: str,
        synonyms: Mapping[str, str] | None = None,
        answers: Sequence[str] = (),
        reread: Reread | None = None,
    ) -> UpsertReport:
        """Add attendees with new ids and update the others, keeping their presence; in the
        same transaction, keep the event's synonyms and what the answers became.

        With `reread`, every typed answer of the event (old attendees too) is then read
        again, so that topics shared across imports and new synonyms reach everyone."""
        with self._action() as conn:
            report = act.upsert_attendees(conn, self.path, attendees, source)
            if synonyms or answers:
                act.keep_reading(conn, synonyms, answers)
            if reread is not None:
                changed = typed.reread(conn, reread, f"import of {source or 'attendees'}")
                report = attrs.evolve(report, retagged=changed)
            return report

    def interest_reading(self) -> tuple[dict[str, str], list[str]]:
        """The event's own interest synonyms, and what imported free-text answers became."""
        with self._reading() as conn:
            return q.reading(conn)

    def reread_answers(
        self, reread: Reread, *, reason: str, synonyms: Mapping[str, str] | None = None
    ) -> tuple[str, ...]:
        """Read every typed answer again (after storing `synonyms` over the event's own, when
        given), in one transaction; returns the ids of the attendees whose tags changed."""
        with self._action() as conn:
            if synonyms:
                act.keep_reading(conn, synonyms, ())
            return typed.reread(conn, reread, reason)

    def answers_stale(self) -> bool:
        """True when typed answers changed (a walk-in, an edit) since tags were read from
        them: the next plan reads them again."""
        with self._reading() as conn:
            return typed.is_stale(conn)

    def add_attendee(self, attendee: Attendee, *, action: str = "walk-in") -> None:
        """Register one more attendee at the end of the list; StoreError if the id is taken."""
        with self._action() as conn:
            act.add_attendee(conn, self.path, attendee, action)

    def update_attendee(self, attendee: Attendee) -> None:
        """Replace every field of an attendee (presence included) by those given."""
        with self._action() as conn:
            act.update_attendee(conn, self.path, attendee)

    def set_presence(self, attendee_id: str, presence: Presence) -> None:
        """Check an attendee in, mark them gone, or back to registered (undoable)."""
        with self._action() as conn:
            act.set_presence(conn, self.path, attendee_id, presence)

    def save_plan(self, plan: Plan, *, reason: str, based_on: int | None = None) -> int:
        """Store a new plan version, which becomes current; returns its version number.

        Refuses (StoreError) a plan that changes or lacks a round already played, or that
        changes the round at the tables (a meeting running or paused): a re-plan keeps them
        verbatim. With `based_on`, also refuses when the current version is no longer that
        one (someone else saved a plan meanwhile).
        """
        with self._action() as conn:
            return act.save_plan(conn, self.path, plan, reason, based_on)

    def mark_played(self, through: int) -> None:
        """Record rounds 1..through of the current plan as played, frozen from now on.

        Refuses going backwards and going beyond the plan; the same `through` again is a no-op.
        """
        with self._action() as conn:
            act.mark_played(conn, self.path, through)

    def add_followup(self, who: str, partner: str) -> bool:
        """Record that `who` wants to keep in touch with `partner` (ids or emails).

        False (and nothing written) if that wish was already there.
        """
        with self._action() as conn:
            return act.add_followup(conn, self.path, who, partner)

    def remove_followup(self, who: str, partner: str) -> bool:
        """Forget a follow-up wish (ids or emails); False if it was not there."""
        with self._action() as conn:
            return act.remove_followup(conn, self.path, who, partner)

    def set_timer(self, state: TimerState, *, action: str) -> None:
        """Store the live round timer; `action` says what the organizer did (`start` ...)."""
        with self._action() as conn:
            act.set_timer(conn, state, action)

    # --- the follow-up mail outbox (see `outbox`) ---------------------------------------------

    def mail_log(self) -> dict[str, MailRecord]:
        """Every attendee's follow-up mail record, by attendee id."""
        with self._reading() as conn:
            return outbox.mail_log(conn)

    def claim_mail(self, attendee: str, recipient: str, message_id: str) -> MailRecord | None:
        """Record that `attendee`'s mail is about to go; None if it was sent already."""
        with self._action() as conn:
            return outbox.claim(conn, self.path, attendee, recipient, message_id)

    def settle_mail(self, attendee: str, message_id: str, error: str | None) -> None:
        """Record the server's answer to a claimed mail: accepted (`error` None) or failed."""
        with self._action() as conn:
            outbox.settle(conn, self.path, attendee, message_id, error)

    def set_mail_consent(self, attendee: str, allowed: bool) -> bool:
        """Mark an attendee as wanting follow-up mail or not; False if it was so already."""
        with self._action() as conn:
            return outbox.set_mail_consent(conn, self.path, attendee, allowed)

    def mail_server(self) -> MailServer:
        """The SMTP settings used last."""
        with self._reading() as conn:
            return outbox.mail_server(conn)

    def set_mail_server(self, server: MailServer) -> None:
        """Remember SMTP settings (never a password) for the next run."""
        with self._action() as conn:
            outbox.set_mail_server(conn, server)

    def toggle_presence(self, attendee_id: str) -> Presence:
        """Check in (or, if present, back to registered), decided on the stored presence."""
        with self._action() as conn:
            return computed.toggle_presence(conn, self.path, attendee_id)

    def change_settings(self, change: Callable[[EventSettings], EventSettings]) -> EventSettings:
        """Apply `change` to the settings as stored now (not to a copy read earlier)."""
        with self._action() as conn:
            return computed.change_settings(conn, self.path, change)

    def edit_attendee(self, original: Attendee, edited: Attendee) -> Attendee:
        """Store the fields changed from `original` to `edited` over the stored attendee."""
        with self._action() as conn:
            return computed.edit_attendee(conn, self.path, original, edited)

    def change_timer(
        self, compute: Callable[[TimerState, LiveView], Sequence[TimerStep]]
    ) -> list[TimerStep]:
        """Store the timer steps `compute` makes of the stored timer (one transaction);
        a step that ends a meeting records its round as played. Returns the steps stored."""
        with self._action() as conn:
            return computed.change_timer(conn, self.path, compute)

    def undo_last(self, *, only_mine: bool = False) -> JournalEntry | None:
        """Undo the latest presence or follow-up change not yet undone; returns its entry.

        Looks past timer actions only: after any other action (an import, a plan ...) there
        is nothing to undo and None is returned. Repeated calls undo further back. The undo
        is journaled itself (action `undo`); the journal is never rewritten.
        """
        with self._action() as conn:
            return act.undo_last(conn, self._mine if only_mine else None)

    # --- the door: tickets, arrivals, station keys -------------------------------------------

    def find_ticket(self, code: str) -> tuple[Attendee, ...]:
        """Who a scanned code belongs to (ticket code, ticket URL or attendee id); may be 0-n."""
        with self._reading() as conn:
            return door.find_ticket(conn, code)

    def checked_in_at(self, attendee_id: str) -> str:
        """When this attendee was last checked in (ISO 8601 UTC), '' if never or not known."""
        with self._reading() as conn:
            return door.checked_in_at(conn, attendee_id)

    def check_in(self, attendee_id: str) -> CheckIn:
        """Mark one attendee present in one transaction; says if they already were, since when."""
        with self._action() as conn:
            return door.check_in(conn, self.path, attendee_id)

    def door_keys(self) -> tuple[DoorKey, ...]:
        """Every door station key, oldest first, revoked ones included."""
        with self._reading() as conn:
            return door.door_keys(conn)

    def key_opens(self, key: str) -> bool:
        """True when `key` is a door station key that was not revoked."""
        with self._reading() as conn:
            return door.key_opens(conn, key)

    def add_door_key(self, label: str = "") -> DoorKey:
        """Make a new door station key."""
        with self._action() as conn:
            return door.add_door_key(conn, label)

    def revoke_door_key(self, key: str) -> None:
        """Close the door page to the station holding `key`."""
        with self._action() as conn:
            door.revoke_door_key(conn, self.path, key)

    def set_door_address(self, url: str) -> None:
        """Remember the address `eventrunner door` serves on (for the console's links)."""
        with self._action() as conn:
            door.set_door_address(conn, url)

    def door_address(self) -> str:
        """The address `eventrunner door` last served on ('' if it never ran)."""
        with self._reading() as conn:
            return door.door_address(conn)

    # --- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The connection inside a read transaction: one snapshot for all its queries."""
        with self._lock:
            try:
                self._conn.execute("BEGIN")
                try:
                    yield self._conn
                finally:
                    self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot read the event file ({exc})") from exc

    @contextlib.contextmanager
    def _action(self) -> Iterator[sqlite3.Connection]:
        """The connection inside a write transaction, committed whole or rolled back."""
        if self._readonly:
            raise StoreError(f"{self.path}: opened read-only; open it normally to change it")
        with self._lock:
            conn = self._conn
            try:
                # IMMEDIATE takes the write lock now, so a second writer (the CLI beside the
                # console) waits its turn instead of failing half-way through an action.
                _begin_immediate(conn)
                before = conn.total_changes
                last_seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM journal").fetchone()[0]
                try:
                    yield conn
                    written = conn.execute(
                        "SELECT seq FROM journal WHERE seq > ?", (last_seq,)
                    ).fetchall()
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise guards.explain(self.path, exc) from exc
            self._mine.update(row[0] for row in written)
            if conn.total_changes != before:
                self._own_writes += 1


#: How often a write tries again for the lock after SQLite's own busy wait ran out.
LOCK_RETRIES = 8


def _begin_immediate(conn: sqlite3.Connection) -> None:
    """Take the write lock, waiting as long as several door stations and the console need.

    SQLite waits BUSY_TIMEOUT_MS by itself; a crowd at the door (several stations, the
    console, a scanner) may hold it longer in total, so we try again, with growing pauses,
    before telling anyone the file is locked.
    """
    for attempt in range(LOCK_RETRIES):
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
