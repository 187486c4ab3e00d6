"""The event file on disk: its pragmas, what it refuses to open, how an old file is upgraded,
and how a new file comes into the world (whole or not at all, never over another file)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from eventrunner.model import Attendee, Event, EventSettings, Presence, Round, Table
from eventrunner.store import SCHEMA_VERSION, EventStore, StoreError, TimerState
from eventrunner.store import schema as store_schema

REPO = Path(__file__).resolve().parents[1]
EVENT = Event(
    EventSettings(name="Jeudi"),
    (Attendee("zed", "Zed"), Attendee("amy", "Amy", interests=("go",))),
)
MAKE_ONE = "give the path of a .event file made by `eventrunner new`"


def refusal(path: Path, *, readonly: bool = False) -> str:
    with pytest.raises(StoreError) as info:
        EventStore.open(path, readonly=readonly)
    return str(info.value)


def test_wal_full_sync_and_identity_are_set(tmp_path: Path) -> None:
    path = tmp_path / "a.event"
    with EventStore.create(path, EVENT) as store:
        conn = store._conn  # synchronous and foreign_keys are per connection: ask this one
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # stored in the file
        assert raw.execute("PRAGMA application_id").fetchone()[0] == store_schema.APPLICATION_ID
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        raw.close()


def test_every_attendee_field_has_its_column(tmp_path: Path) -> None:
    """A new Attendee field needs a migration adding its column; this test says so."""
    with EventStore.create(tmp_path / "a.event", EVENT) as store:
        columns = {r[1] for r in store._conn.execute("PRAGMA table_info(attendees)")}
    # position and checked_in_at belong to the file (order, arrival time), not the record.
    assert columns == {f.name for f in attrs.fields(Attendee)} | {"position", "checked_in_at"}


# --- refusals ------------------------------------------------------------------------------


def _random_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('shopping list')")
    conn.commit()
    conn.close()


def _newer_event_file(path: Path) -> None:
    EventStore.create(path, EVENT).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.write_text("name,email\nAna,ana@example.org\n"),
            "{p}: not an event file (not a SQLite database); " + MAKE_ONE,
        ),
        (lambda p: p.write_bytes(b""), "{p}: empty file, not an event file; " + MAKE_ONE),
        (_random_sqlite, "{p}: a SQLite database but not an eventrunner event file; " + MAKE_ONE),
        (
            _newer_event_file,
            "{p}: made by a newer eventrunner (event file version "
            f"{SCHEMA_VERSION + 1}, this one reads up to {SCHEMA_VERSION}); "
            "upgrade eventrunner to open it",
        ),
        (
            lambda p: p.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20),
            "{p}: damaged event file (file is not a database); restore it from a backup",
        ),
    ],
    ids=["text", "empty", "other-sqlite", "newer", "damaged"],
)
@pytest.mark.parametrize("readonly", [False, True], ids=["write", "read-only"])
def test_refusals_are_one_line_and_change_nothing(
    tmp_path: Path, make: object, message: str, readonly: bool
) -> None:
    path = tmp_path / "thing.event"
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    text = refusal(path, readonly=readonly)
    assert text == message.format(p=path)
    assert "\n" not in text
    assert path.read_bytes() == before
    left = sorted(os.listdir(tmp_path))
    if readonly and left != ["thing.event"]:
        # A read-only reader of a WAL file cannot remove the (empty) side files it needed.
        assert left == ["thing.event", "thing.event-shm", "thing.event-wal"]
        assert (tmp_path / "thing.event-wal").stat().st_size == 0
    else:
        assert left == ["thing.event"]


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nope.event"
    assert refusal(missing) == (
        f"{missing}: no such event file; check the path or create one with `eventrunner new`"
    )
    assert not missing.exists()
    assert refusal(tmp_path) == f"{tmp_path}: is a folder, not an event file; {MAKE_ONE}"


# --- migrations ----------------------------------------------------------------------------

# The first event file format, written out by hand: what eventrunner 0.1 left on disk.
V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE attendees (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL,
    company TEXT NOT NULL, title TEXT NOT NULL, interests TEXT NOT NULL, offers TEXT NOT NULL,
    seeks TEXT NOT NULL, side TEXT NOT NULL, linkedin TEXT NOT NULL, twitter TEXT NOT NULL,
    website TEXT NOT NULL, consent TEXT NOT NULL, avoid TEXT NOT NULL, want TEXT NOT NULL,
    presence TEXT NOT NULL CHECK (presence IN ('registered', 'present', 'left')));
CREATE TABLE plans (version INTEGER PRIMARY KEY, created_at TEXT NOT NULL,
    reason TEXT NOT NULL, rounds TEXT NOT NULL, stats TEXT NOT NULL);
CREATE TABLE played (round INTEGER PRIMARY KEY CHECK (round >= 1),
    plan_version INTEGER NOT NULL REFERENCES plans (version),
    played_at TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE followups (who TEXT NOT NULL REFERENCES attendees (id),
    partner TEXT NOT NULL REFERENCES attendees (id), UNIQUE (who, partner),
    CHECK (who <> partner));
CREATE TABLE journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
    action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
    BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
    BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER played_no_update BEFORE UPDATE ON played
    BEGIN SELECT RAISE(ABORT, 'played is append-only'); END;
CREATE TRIGGER played_no_delete BEFORE DELETE ON played
    BEGIN SELECT RAISE(ABORT, 'played is append-only'); END;
"""

V1_ROUND = {
    "number": 1,
    "tables": [{"number": 1, "attendees": ["zed", "amy"], "affinity": 0, "shared": []}],
    "byes": [],
}


def _v1_person(person_id: str, name: str, presence: str) -> tuple[object, ...]:
    consent = json.dumps({"fields": ["company"], "stated": True})
    return (person_id, name, f"{person_id}@example.org", "", "", "", '["go"]', "[]", "[]",
            "", "", "", "", consent, "[]", "[]", presence)  # fmt: skip


def write_v1_file(path: Path, *, extra_sql: str = "") -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(V1_SCHEMA + extra_sql)
    settings = {"name": "Old night", "rounds": 3, "minutes": 4.0}
    conn.execute("INSERT INTO meta VALUES ('settings', ?)", (json.dumps(settings),))
    # Registration order was insertion order: Zoë registered before Adam.
    conn.execute(f"INSERT INTO attendees VALUES ({', '.join('?' * 17)})",
                 _v1_person("zoe", "Zoë", "present"))  # fmt: skip
    conn.execute(f"INSERT INTO attendees VALUES ({', '.join('?' * 17)})",
                 _v1_person("adam", "Adam", "registered"))  # fmt: skip
    conn.execute(
        "INSERT INTO plans VALUES (1, '2024-05-02T18:00:00+00:00', 'first plan', ?, '{}')",
        (json.dumps([V1_ROUND]),),
    )
    conn.execute(
        "INSERT INTO played VALUES (1, 1, '2024-05-02T18:10:00+00:00', ?)", (json.dumps(V1_ROUND),)
    )
    conn.execute("INSERT INTO followups VALUES ('zoe', 'adam')")
    conn.execute("INSERT INTO journal (at, action, detail) VALUES ('2024-05-02T17:00:00+00:00', "
                 "'create', 'created with 2 attendees')")  # fmt: skip
    conn.execute(f"PRAGMA application_id = {store_schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_a_version_1_file_is_upgraded_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.event"
    write_v1_file(path)
    with EventStore.open(path) as store:
        assert [a.id for a in store.attendees()] == ["zoe", "adam"]
        zoe = store.attendee("ZOE@example.org")
        assert zoe is not None and zoe.presence is Presence.PRESENT and zoe.interests == ("go",)
        assert store.settings() == EventSettings(name="Old night", rounds=3, minutes=4.0)
        played = Round(1, (Table(1, ("zed", "amy")),))
        assert store.played_rounds() == (played,)
        assert store.current_plan() is not None and store.current_plan().rounds == (played,)  # type: ignore[union-attr]
        assert [(f.who, f.partner) for f in store.followups()] == [("zoe", "adam")]
        assert store.timer() == TimerState()
        assert [(e.action, e.detail) for e in store.journal()] == [
            ("create", "created with 2 attendees"),
            ("upgrade", f"event file upgraded from version 1 to {SCHEMA_VERSION}"),
        ]
        # The upgraded file takes every action, new ones included.
        store.add_attendee(Attendee("eve", "Eve"))
        store.set_presence("adam", Presence.PRESENT)
        assert store.undo_last() is not None
        assert [a.id for a in store.attendees()] == ["zoe", "adam", "eve"]
        assert store.claim_mail("zoe", "zoe@example.org", "<1@example.org>") is not None
        store.settle_mail("zoe", "<1@example.org>", None)
        assert store.mail_log()["zoe"].status == "sent"
    with EventStore.open(path) as again:  # upgraded once, not at every open
        assert [e.action for e in again.journal()].count("upgrade") == 1


def test_a_failed_upgrade_leaves_the_old_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "odd.event"
    # Someone added a `timer` table by hand: step 2 fails half-way, after altering attendees.
    write_v1_file(path, extra_sql="CREATE TABLE timer (x);")
    message = refusal(path)
    assert message.startswith(f"{path}: could not upgrade the event file from version 1 (")
    assert message.endswith("; it was left unchanged; send it to the eventrunner developers")
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        columns = {r[1] for r in raw.execute("PRAGMA table_info(attendees)")}
        assert "position" not in columns
        assert raw.execute("SELECT COUNT(*) FROM journal").fetchone()[0] == 1
    finally:
        raw.close()


def test_an_old_file_opened_read_only_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "old.event"
    write_v1_file(path)
    before = path.read_bytes()
    assert refusal(path, readonly=True) == (
        f"{path}: event file version 1 needs an upgrade to version {SCHEMA_VERSION}; "
        "open it once for writing (e.g. `eventrunner run`)"
    )
    assert path.read_bytes() == before


# --- creating ------------------------------------------------------------------------------


def test_create_refuses_an_existing_path_and_leaves_it_untouched(tmp_path: Path) -> None:
    path = tmp_path / "night.event"
    path.write_bytes(b"the organizer's precious notes")
    stat = path.stat()
    with pytest.raises(StoreError) as info:
        EventStore.create(path, EVENT)
    assert str(info.value) == f"{path}: already exists; choose another name or remove it first"
    assert path.read_bytes() == b"the organizer's precious notes"
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert os.listdir(tmp_path) == ["night.event"]


def test_create_refuses_to_replace_an_event_file(tmp_path: Path) -> None:
    path = tmp_path / "night.event"
    with EventStore.create(path, EVENT) as store:
        store.set_presence("amy", Presence.PRESENT)
    with pytest.raises(StoreError):
        EventStore.create(path, Event(EventSettings(name="Other")))
    with EventStore.open(path) as store:
        assert store.settings().name == "Jeudi"
        assert store.attendee("amy").presence is Presence.PRESENT  # type: ignore[union-attr]


def test_a_failed_create_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def clock_broken() -> str:
        raise RuntimeError("clock broken")

    # Fails at the very end of building the file: after every attendee was written.
    monkeypatch.setattr(store_schema, "utc_now", clock_broken)
    with pytest.raises(RuntimeError):
        EventStore.create(tmp_path / "night.event", EVENT)
    assert os.listdir(tmp_path) == []


def test_create_refuses_bad_attendee_lists_and_missing_folders(tmp_path: Path) -> None:
    twice = Event(EventSettings(name="x"), (Attendee("a", "A"), Attendee("a", "A again")))
    with pytest.raises(StoreError) as info:
        EventStore.create(tmp_path / "x.event", twice)
    assert (
        str(info.value)
        == f"{tmp_path / 'x.event'}: attendee id 'a' is given twice; make ids unique"
    )
    blank = Event(EventSettings(name="x"), (Attendee(" ", "Nobody"),))
    with pytest.raises(StoreError, match="attendee 1 \\('Nobody'\\) has no id"):
        EventStore.create(tmp_path / "x.event", blank)
    assert os.listdir(tmp_path) == []
    nested = tmp_path / "missing" / "x.event"
    with pytest.raises(StoreError) as info:
        EventStore.create(nested, EVENT)
    assert str(info.value) == f"{nested}: folder {nested.parent} does not exist; create it first"


def test_store_modules_never_import_textual() -> None:
    code = (
        "import sys, eventrunner.store, eventrunner.store.schema, eventrunner.store.codec; "
        "sys.exit('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    assert result.returncode == 0
