"""Issue 12 from the command line and the store: outputs never replace an event file, the
round at the tables is frozen for every writer, export/import round-trips, text controls go,
read-only and full disks get one line, the demo is never deleted under a running console."""

from __future__ import annotations

import csv
import os
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner, Result

from eventrunner import files
from eventrunner.cli import cli
from eventrunner.generate import generate_attendees
from eventrunner.importing import read_attendees
from eventrunner.model import Attendee, Event, EventSettings, Presence
from eventrunner.scheduling import plan
from eventrunner.store import EventStore, StoreError, in_use
from eventrunner.store.schema import APPLICATION_ID

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def one_line(result: Result) -> str:
    lines = result.output.strip().splitlines()
    assert lines and "Traceback" not in result.output, result.output
    return lines[-1]


@pytest.fixture
def event(tmp_path: Path) -> Path:
    """A 12-person event with a plan."""
    people = generate_attendees(12, seed=3)
    settings = EventSettings(name="Robust", rounds=4, minutes=5)
    path = tmp_path / "robust.event"
    with EventStore.create(path, Event(settings, tuple(people))) as store:
        store.save_plan(plan(people, settings, time_limit=0.5), reason="test plan")
    return path


def _intact(path: Path) -> None:
    with EventStore.open(path, readonly=True) as store:
        assert len(store.attendees()) == 12


# -- 1. outputs never overwrite the event or the input ------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("print", "{ev}", "badges", "-o", "{ev}"),
        ("export", "{ev}", "--attendees", "{ev}"),
        ("export", "{ev}", "--mail-merge", "{other}"),
        ("plan", "{ev}", "--json", "{other}", "--time-limit", "0.2"),
        ("qr", "{ev}", "{who}", "--png", "{other}"),
        ("qr", "{ev}", "{who}", "--svg", "{ev}"),
        ("generate", "--attendees", "5", "-o", "{other}"),
        ("new", "X", "--attendees", "{csv}", "-o", "{csv}"),
        ("plan", "{csv}", "--json", "{csv}", "--time-limit", "0.2"),
    ],
)
def test_no_output_replaces_an_event_file_or_the_input(
    event: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    other = tmp_path / "other.event"
    with EventStore.create(other, Event(EventSettings(name="o"), ())):
        pass
    registrations = tmp_path / "in.csv"
    registrations.write_text("name,email\nAna,ana@x.org\nBo,bo@x.org\n", encoding="utf-8")
    before = registrations.read_bytes()
    with EventStore.open(event, readonly=True) as s:
        who = s.attendees()[0].id
    given = [a.format(ev=event, other=other, csv=registrations, who=who) for a in args]
    result = run(*given)
    assert result.exit_code != 0
    line = one_line(result)
    assert "event file" in line or "file being read" in line
    _intact(event)
    assert files.is_event_file(other)
    assert registrations.read_bytes() == before


# -- 2. the round at the tables is frozen for every writer --------------------------------


def test_no_writer_changes_the_round_at_the_tables(event: Path) -> None:
    with EventStore.open(event) as store:
        current = store.current_plan()
        assert current is not None
        from eventrunner.store import TimerState

        store.set_timer(
            TimerState(round=2, phase="meeting", started_at=time.time()), action="start"
        )
        store.mark_played(1)
        swapped = attrs.evolve(
            current,
            rounds=(current.rounds[0], current.rounds[2], current.rounds[1], *current.rounds[3:]),
        )
        with pytest.raises(StoreError, match="round 2 is at the tables"):
            store.save_plan(swapped, reason="elsewhere")
    # The same refusal from the database itself, for code that goes around the store.
    conn = sqlite3.connect(event)
    rounds = conn.execute("SELECT rounds FROM plans ORDER BY version DESC").fetchone()[0]
    import json

    data = json.loads(rounds)
    data[1], data[2] = data[2], data[1]
    with pytest.raises(sqlite3.DatabaseError, match="round at the tables"):
        conn.execute(
            "INSERT INTO plans (version, created_at, reason, rounds, stats) "
            "SELECT MAX(version) + 1, 'now', 'x', ?, stats FROM plans",
            (json.dumps(data),),
        )
    conn.close()
    # `eventrunner plan` in another terminal re-plans only the rounds after it.
    with EventStore.open(event) as store:
        store.set_presence(store.attendees()[0].id, Presence.LEFT)
    result = run("plan", event, "--time-limit", "0.5")
    assert result.exit_code == 0, result.output
    with EventStore.open(event, readonly=True) as store:
        after = store.current_plan()
        assert after is not None and after.rounds[:2] == current.rounds[:2]
        # and `play` cannot record rounds that have not been at the tables yet
        with pytest.raises(StoreError, match="round 2 is at the tables"):
            EventStore.open(event).mark_played(3)


# -- 6. export then import changes nothing -------------------------------------------------


def test_export_then_import_gives_back_exactly_what_was_exported(tmp_path: Path) -> None:
    people = (
        Attendee(id="a", name="=SUM(1;2)", phone="+1 555 0100", company="-Minus"),
        Attendee(id="b", name="'=quoted already", phone="+44 (20) 7946-0958", title="@handle"),
        Attendee(id="c", name="Plain", company="'apostrophe", title="+plus"),
    )
    path = tmp_path / "e.event"
    with EventStore.create(path, Event(EventSettings(name="e"), people)):
        pass
    out = tmp_path / "out.csv"
    assert run("export", path, "--attendees", out).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as f:
        cells = {row["id"]: row for row in csv.DictReader(f)}
    assert cells["a"]["phone"] == "+1 555 0100"  # a phone number is not a formula
    assert cells["a"]["name"] == "'=SUM(1;2)"
    back = {a.id: a for a in read_attendees(out).attendees}
    for person in people:
        got = back[person.id]
        assert (got.name, got.phone, got.company, got.title) == (
            person.name,
            person.phone,
            person.company,
            person.title,
        )


# -- 10. read-only files and folders, stale temporaries -----------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_a_read_only_event_gets_one_line_before_any_solving(event: Path) -> None:
    event.chmod(0o444)
    started = time.monotonic()
    result = run("plan", event, "--time-limit", "30")
    assert result.exit_code != 0 and "read-only" in one_line(result)
    assert time.monotonic() - started < 10


def test_read_only_is_said_in_one_line(event: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root ignores file modes; the answer the store gives is checked through os.access.
    real = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode: False if Path(p) == event and mode & os.W_OK else real(p, mode),
    )
    result = run("plan", event, "--time-limit", "30")
    assert result.exit_code != 0
    line = one_line(result)
    assert "read-only" in line and "unexpected" not in line and "chmod" in line
    assert "Planned" not in result.output  # refused before solving


def test_an_interrupted_new_leaves_nothing_that_the_next_new_keeps(tmp_path: Path) -> None:
    # What `new` leaves when killed: its temporary database and the WAL beside it.
    stale = tmp_path / ".party.event.abc123.tmp"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{stale}{suffix}").write_bytes(b"x")
    # One being written right now by another `new` (it holds the lock) is left alone.
    fd, busy = tempfile.mkstemp(prefix=".party.event.", suffix=".tmp", dir=tmp_path)
    files.hold_lock(fd)
    try:
        with EventStore.create(tmp_path / "party.event", Event(EventSettings(name="p"), ())):
            pass
        left = sorted(p.name for p in tmp_path.iterdir())
        assert left == sorted(["party.event", Path(busy).name])
    finally:
        os.close(fd)


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "m.event"
        with EventStore.create(path, Event(EventSettings(name="m"), ())) as store:
            assert stat.S_IMODE(path.stat().st_mode) == 0o644
            out = tmp_path / "a.csv"
            assert run("export", path, "--attendees", out).exit_code == 0
            assert stat.S_IMODE(out.stat().st_mode) == 0o644
            del store
    finally:
        os.umask(old)


# -- 11. text controls are stripped at every boundary --------------------------------------


def test_bidi_controls_and_escapes_never_reach_the_file_an_export_or_info(tmp_path: Path) -> None:
    registrations = tmp_path / "in.csv"
    registrations.write_text(
        "name,email,company\nAna\u202eevil,ana@x.org,Acme\u2066Corp\u2069\nBo,bo@x.org,B\n",
        encoding="utf-8",
    )
    path = tmp_path / "e.event"
    result = run("new", "Night \u202e\x1b]0;owned\x07Out", "--attendees", registrations, "-o", path)
    assert result.exit_code == 0, result.output
    with EventStore.open(path) as store:
        assert [a.name for a in store.attendees()] == ["Anaevil", "Bo"]
        assert store.settings().name == "Night Out"
        # An attendee written by any other code path is cleaned on the way in too.
        store.add_attendee(Attendee(id="x", name="Eve\x1b[31m\u202bRed", company="\u202dC"))
        assert store.attendee("x") == Attendee(id="x", name="EveRed", company="C")
    info = run("info", path)
    assert "\x1b" not in info.output and "\u202e" not in info.output
    out = tmp_path / "out.csv"
    assert run("export", path, "--attendees", out).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert not any(c in text for c in "\x1b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_an_escape_already_in_an_old_file_is_not_exported(tmp_path: Path) -> None:
    path = tmp_path / "old.event"
    with EventStore.create(path, Event(EventSettings(name="o"), (Attendee(id="a", name="A"),))):
        pass
    conn = sqlite3.connect(path)  # as an older eventrunner may have stored it
    conn.execute("UPDATE attendees SET name = ? WHERE id = 'a'", ("A\x1b[2J\u202eB",))
    conn.commit()
    conn.close()
    out = tmp_path / "out.csv"
    assert run("export", path, "--attendees", out).exit_code == 0
    assert "\x1b" not in out.read_text(encoding="utf-8-sig")
    assert "\u202e" not in out.read_text(encoding="utf-8-sig")


# -- 12. import tells what it did -----------------------------------------------------------


def test_import_warns_about_references_to_nobody_or_oneself(tmp_path: Path) -> None:
    registrations = tmp_path / "in.csv"
    registrations.write_text(
        "name,email,avoid,want\nAna,ana@x.org,nobody@x.org,ana@x.org\nBo,bo@x.org,,ana@x.org\n",
        encoding="utf-8",
    )
    path = tmp_path / "e.event"
    result = run("new", "E", "--attendees", registrations, "-o", path)
    assert result.exit_code == 0
    assert "2 warnings" in result.output
    assert "'nobody@x.org' matches no attendee" in result.output
    assert "that is themselves" in result.output
    # Into an event: a reference to someone already there is fine; a rename is told.
    more = tmp_path / "more.csv"
    more.write_text("name,email,want\nAna Smith,ana@x.org,bo@x.org\nCy,cy@x.org,bo@x.org\n")
    result = run("import", path, more)
    assert result.exit_code == 0
    assert "1 warning" in result.output and "replaced by 'Ana Smith'" in result.output


# -- 13. smaller ----------------------------------------------------------------------------


def test_qr_into_a_missing_folder_is_one_line(event: Path, tmp_path: Path) -> None:
    with EventStore.open(event, readonly=True) as s:
        who = s.attendees()[0].id
    result = run("qr", event, who, "--png", tmp_path / "missing" / "x.png")
    assert result.exit_code != 0
    line = one_line(result)
    assert "does not exist" in line and ".tmp" not in line and "unexpected" not in line


def test_new_refuses_more_rounds_than_people_can_fill(tmp_path: Path) -> None:
    registrations = tmp_path / "in.csv"
    people = generate_attendees(45, seed=1)
    rows = ["name,email"] + [f"{a.name},{a.email}" for a in people]
    registrations.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("new", "Big", "--attendees", registrations, "--rounds", "500")
    assert result.exit_code != 0
    assert "at most 45 rounds" in one_line(result)


# -- 9. demo -------------------------------------------------------------------------------


def test_demo_reopens_and_never_deletes_a_file_open_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventrunner.cli import console_cmds

    monkeypatch.setattr(console_cmds.platformdirs, "user_data_dir", lambda _: str(tmp_path))
    first, made = console_cmds.demo_event("founders-mixer")
    assert made
    with EventStore.open(first) as store:
        initial = {a.id: a.presence for a in store.attendees()}
        progress = next(a.id for a in store.attendees() if a.presence is Presence.REGISTERED)
        store.set_presence(progress, Presence.PRESENT)
    again, made = console_cmds.demo_event("founders-mixer")
    assert again == first and not made  # progress kept
    # A console in another process has it open: --fresh refuses instead of deleting it.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from eventrunner.store import EventStore; "
            "s = EventStore.open(sys.argv[1]); s.attendees(); print('open', flush=True); "
            "time.sleep(60)",
            str(first),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert in_use(first)
        inode = first.stat().st_ino
        with pytest.raises(Exception, match="open in another eventrunner"):
            console_cmds.demo_event("founders-mixer", fresh=True)
        assert first.stat().st_ino == inode
    finally:
        holder.kill()
        holder.wait()
    assert not in_use(first)
    fresh, made = console_cmds.demo_event("founders-mixer", fresh=True)
    assert made
    with EventStore.open(fresh, readonly=True) as store:  # the demo's starting check-ins
        assert {a.id: a.presence for a in store.attendees()} == initial


def test_application_id_matches_what_files_py_reads() -> None:
    assert APPLICATION_ID.to_bytes(4, "big") == b"EVRN"
