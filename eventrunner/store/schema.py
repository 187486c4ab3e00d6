"""The event file's SQLite schema, its forward migrations, and opening a file safely.

An event file says what it is twice: `PRAGMA application_id` (so a random SQLite file is not
taken for one) and `PRAGMA user_version` (the schema version). A new file is built by running
every migration from an empty database, so the upgrade path is exercised on every create; an
older file is upgraded on open in one transaction, journaled. A file from a newer eventrunner,
or anything that is not an event file, is refused with one line naming the path.

Migrations are history: never edit a published step, append a new one.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import sqlite3
from pathlib import Path
from typing import Final

from eventrunner.store.records import StoreError

#: "EVRN": marks a SQLite file as an eventrunner event file.
APPLICATION_ID: Final = 0x4556524E

#: Seconds a write waits for another eventrunner (e.g. the CLI beside the console) to finish.
BUSY_TIMEOUT_MS: Final = 5000

_SQLITE_MAGIC: Final = b"SQLite format 3\x00"
_MAKE_ONE: Final = "give the path of a .event file made by `eventrunner new`"

_APPEND_ONLY = "BEFORE {op} ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"

# While a meeting runs (or is paused), a new plan must carry that round exactly as the
# current plan has it (store.guards checks the same with a clear message first).
_RUNNING = "(SELECT round FROM timer WHERE id = 1)"
_ROUND_AT_TABLES_TRIGGER = f"""
CREATE TRIGGER plans_keep_round_at_tables BEFORE INSERT ON plans
WHEN (SELECT phase FROM timer WHERE id = 1) IN ('meeting', 'paused')
 AND {_RUNNING} >= 1
 AND EXISTS (SELECT 1 FROM plans)
 AND json_extract(NEW.rounds, '$[' || ({_RUNNING} - 1) || ']') IS NOT (
     SELECT json_extract(rounds, '$[' || ({_RUNNING} - 1) || ']')
     FROM plans ORDER BY version DESC LIMIT 1)
BEGIN SELECT RAISE(ABORT, 'the round at the tables cannot change'); END"""

# Check-in at the door: ticket codes per attendee, when each one arrived, and the keys of the
# door stations (phones and tablets of volunteers, `eventrunner door`).
_DOOR_STEP: Final = (
    "ALTER TABLE attendees ADD COLUMN tickets TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE attendees ADD COLUMN checked_in_at TEXT",
    # Arrivals before this version are dated by their journal row, the only record of them.
    """UPDATE attendees SET checked_in_at = (
        SELECT MAX(j.at) FROM journal j WHERE j.action = 'presence'
        AND j.detail LIKE '%(' || attendees.id || '): % → present')
       WHERE presence = 'present'""",
    """CREATE TABLE door_keys (
        key TEXT PRIMARY KEY, label TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT)""",
)

# The tag answers as typed in the form, so that a plan can read them again with the event's
# synonyms as they are then; rows of older files have none and keep their tags.
_ANSWERS_STEP: Final = ("ALTER TABLE attendees ADD COLUMN answers TEXT NOT NULL DEFAULT '{}'",)

#: MIGRATIONS[n] turns a version-n file into a version-(n + 1) file.
MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    # 0 -> 1: the first event file.
    (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE attendees (
            id TEXT PRIMARY KEY, name TEXT NOT NULL,
            email TEXT NOT NULL, phone TEXT NOT NULL, company TEXT NOT NULL,
            title TEXT NOT NULL, interests TEXT NOT NULL, offers TEXT NOT NULL,
            seeks TEXT NOT NULL, side TEXT NOT NULL, linkedin TEXT NOT NULL,
            twitter TEXT NOT NULL, website TEXT NOT NULL, consent TEXT NOT NULL,
            avoid TEXT NOT NULL, want TEXT NOT NULL,
            presence TEXT NOT NULL CHECK (presence IN ('registered', 'present', 'left')))""",
        """CREATE TABLE plans (
            version INTEGER PRIMARY KEY, created_at TEXT NOT NULL, reason TEXT NOT NULL,
            rounds TEXT NOT NULL, stats TEXT NOT NULL)""",
        """CREATE TABLE played (
            round INTEGER PRIMARY KEY CHECK (round >= 1),
            plan_version INTEGER NOT NULL REFERENCES plans (version),
            played_at TEXT NOT NULL, data TEXT NOT NULL)""",
        """CREATE TABLE followups (
            who TEXT NOT NULL REFERENCES attendees (id),
            partner TEXT NOT NULL REFERENCES attendees (id),
            UNIQUE (who, partner), CHECK (who <> partner))""",
        """CREATE TABLE journal (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
            action TEXT NOT NULL, detail TEXT NOT NULL)""",
        # The journal and the played rounds are history: the database itself refuses to
        # rewrite them, whatever code holds the connection.
        "CREATE TRIGGER journal_no_update " + _APPEND_ONLY.format(op="UPDATE", table="journal"),
        "CREATE TRIGGER journal_no_delete " + _APPEND_ONLY.format(op="DELETE", table="journal"),
        "CREATE TRIGGER played_no_update " + _APPEND_ONLY.format(op="UPDATE", table="played"),
        "CREATE TRIGGER played_no_delete " + _APPEND_ONLY.format(op="DELETE", table="played"),
    ),
    # 1 -> 2: registration order as data, the live round timer, undo of journaled changes.
    (
        "ALTER TABLE attendees ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
        # Version 1 kept registration order only as insertion (rowid) order.
        "UPDATE attendees SET position = rowid",
        "CREATE UNIQUE INDEX attendees_by_position ON attendees (position)",
        """CREATE TABLE timer (
            id INTEGER PRIMARY KEY CHECK (id = 1), round INTEGER NOT NULL,
            phase TEXT NOT NULL, started_at REAL, paused_at REAL,
            paused_seconds REAL NOT NULL, extra_seconds REAL NOT NULL)""",
        "INSERT INTO timer VALUES (1, 0, 'idle', NULL, NULL, 0, 0)",
        "ALTER TABLE journal ADD COLUMN undo TEXT",
        "ALTER TABLE journal ADD COLUMN undoes INTEGER REFERENCES journal (seq)",
    ),
    # 2 -> 3: the round at the tables is frozen for every writer, like the played rounds.
    (_ROUND_AT_TABLES_TRIGGER,),
    # 3 -> 4: the follow-up mail outbox: one message per attendee, recorded before and after
    # sending, so a run after a crash sends what is missing and nothing twice.
    (
        """CREATE TABLE mail (
            attendee TEXT PRIMARY KEY REFERENCES attendees (id),
            recipient TEXT NOT NULL, message_id TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
            attempts INTEGER NOT NULL CHECK (attempts >= 1),
            updated_at TEXT NOT NULL, error TEXT NOT NULL DEFAULT '')""",
        # A message the server accepted is history, whatever code holds the connection.
        """CREATE TRIGGER mail_sent_is_final BEFORE UPDATE ON mail WHEN OLD.status = 'sent'
            BEGIN SELECT RAISE(ABORT, 'a sent message is final'); END""",
        """CREATE TRIGGER mail_no_delete BEFORE DELETE ON mail
            BEGIN SELECT RAISE(ABORT, 'mail is append-only'); END""",
    ),
    # 4 -> 5: tickets, check-in times, door station keys.
    _DOOR_STEP,
    # 5 -> 6: the tag answers as typed.
    _ANSWERS_STEP,
)

#: The schema version this eventrunner writes.
SCHEMA_VERSION: Final = len(MIGRATIONS)


def utc_now() -> str:
    """The current time, ISO 8601 in UTC, to the millisecond."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")


def append_journal(
    conn: sqlite3.Connection,
    action: str,
    detail: str,
    *,
    undo: str | None = None,
    undoes: int | None = None,
) -> int:
    """Add a journal row inside the caller's transaction; returns its sequence number."""
    cur = conn.execute(
        "INSERT INTO journal (at, action, detail, undo, undoes) VALUES (?, ?, ?, ?, ?)",
        (utc_now(), action, detail, undo, undoes),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def migrate(conn: sqlite3.Connection, from_version: int) -> None:
    """Run the migrations from `from_version` to SCHEMA_VERSION in the caller's transaction."""
    for steps in MIGRATIONS[from_version:]:
        for statement in steps:
            conn.execute(statement)
    # Inside the transaction, so a failed upgrade leaves the old version number too.
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def configure(conn: sqlite3.Connection, *, readonly: bool) -> None:
    """Set the per-connection pragmas every event file connection needs."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if readonly:
        return
    # WAL is stored in the file; FULL makes each commit durable before it returns, so
    # what the organizer saw confirmed survives the laptop dying.
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def connect_new(path: Path) -> sqlite3.Connection:
    """A connection to a new, empty file at `path`, configured and with the schema inside an
    open transaction (the caller fills the file and commits)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        configure(conn, readonly=False)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrate(conn, 0)
    except BaseException:
        conn.close()
        raise
    return conn


def connect_existing(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """A configured connection to the event file at `path`, upgraded to SCHEMA_VERSION.

    Raises StoreError (one line, naming the path) for anything that is not an event file
    this eventrunner can open.
    """
    _check_header(path)
    try:
        if readonly:
            conn = sqlite3.connect(
                path.resolve().as_uri() + "?mode=ro",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
        else:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(
            f"{path}: cannot open the event file ({exc}); check its permissions"
        ) from exc
    try:
        # Identity first: a file we refuse must leave exactly as it came (configure would
        # turn a stranger's database to WAL).
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = _check_identity(conn, path)
        configure(conn, readonly=readonly)
        if version < SCHEMA_VERSION:
            if readonly:
                raise StoreError(
                    f"{path}: event file version {version} needs an upgrade to version "
                    f"{SCHEMA_VERSION}; open it once for writing (e.g. `eventrunner run`)"
                )
            _upgrade(conn, path, version)
    except sqlite3.OperationalError as exc:
        # Locked, unreadable, or a read-only open that SQLite cannot set up: not damage.
        conn.close()
        raise StoreError(f"{path}: cannot open the event file ({exc}); try again") from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: damaged event file ({exc}); restore it from a backup") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _check_header(path: Path) -> None:
    """Refuse what is plainly not a SQLite file before SQLite sees it (SQLite would take an
    empty file for a new database, and report a text file only on the first query)."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        raise StoreError(
            f"{path}: no such event file; check the path or create one with `eventrunner new`"
        ) from None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a folder, not an event file; {_MAKE_ONE}") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the event file ({exc.strerror})") from None
    if not head:
        raise StoreError(f"{path}: empty file, not an event file; {_MAKE_ONE}")
    if head != _SQLITE_MAGIC:
        raise StoreError(f"{path}: not an event file (not a SQLite database); {_MAKE_ONE}")


def _check_identity(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version, after checking it is an event file we can read."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID or version < 1:
        raise StoreError(
            f"{path}: a SQLite database but not an eventrunner event file; {_MAKE_ONE}"
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: made by a newer eventrunner (event file version {version}, this one "
            f"reads up to {SCHEMA_VERSION}); upgrade eventrunner to open it"
        )
    return int(version)


def _upgrade(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Bring a version-`version` file to SCHEMA_VERSION in one transaction, journaled."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another eventrunner may have upgraded it while we waited for the write lock.
        if conn.execute("PRAGMA user_version").fetchone()[0] == version:
            migrate(conn, version)
            detail = f"event file upgraded from version {version} to {SCHEMA_VERSION}"
            append_journal(conn, "upgrade", detail)
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise StoreError(
                f"{path}: could not upgrade the event file from version {version} ({exc}); "
                "it was left unchanged; send it to the eventrunner developers"
            ) from exc
        raise


def publish(tmp: Path, path: Path) -> None:
    """Move a finished new file into place, never replacing a file already there."""
    exists = f"{path}: already exists; choose another name or remove it first"
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    try:
        # A hard link fails if the target exists: no moment where another file is clobbered.
        os.link(tmp, path)
    except FileExistsError:
        raise StoreError(exists) from None
    except OSError:
        # Some file systems (FAT on a USB stick) have no hard links.
        if os.path.lexists(path):
            raise StoreError(exists) from None
        os.replace(tmp, path)
    # The new directory entry must survive a power cut too.
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


#: Where SQLite's unix VFS keeps its "dead man switch" lock in the -shm file: every open
#: connection to a WAL database holds a shared lock on this byte (os_unix.c, UNIX_SHM_DMS).
_SHM_DMS_BYTE: Final = 128


def in_use(path: Path) -> bool:
    """True when another process has the event file at `path` open (console, projector).

    Asks for the lock every connection holds on the -shm file. Call it only without a
    connection of this process to the file: POSIX locks belong to the process, and closing
    the descriptor used here would drop that connection's locks. Where `fcntl` is missing,
    a leftover -shm file counts as in use (the safe answer).
    """
    shm = Path(f"{path}-shm")
    if not shm.exists():
        return False
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return True
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False
