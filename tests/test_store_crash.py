"""Killing the program at any moment loses nothing it confirmed and half-writes nothing.

A writer subprocess runs organizer actions in a loop and prints "committed N" after each
commit; we SIGKILL it mid-stream, reopen the file, and check it is intact and holds every
action that was reported, each with its journal row. Then the writer resumes, and we kill
it again.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from eventrunner.model import Attendee, Event, EventSettings, Presence
from eventrunner.store import EventStore

REPO = Path(__file__).resolve().parents[1]

# Action k: 0 = a walk-in arrives, 1 = they are checked in, 2 = they want to follow up with
# the host. The writer resumes after the last action the journal holds.
WRITER = """
import sys
from pathlib import Path
from eventrunner.model import Attendee, Presence
from eventrunner.store import EventStore

store = EventStore.open(Path(sys.argv[1]))
k = len(store.journal()) - 1  # every row but `create` is one of our actions
while True:
    person, step = f"w{k // 3}", k % 3
    if step == 0:
        store.add_attendee(Attendee(person, f"Walk-in {k // 3} ✓"))
    elif step == 1:
        store.set_presence(person, Presence.PRESENT)
    else:
        store.add_followup(person, "host")
    print(f"committed {k}", flush=True)
    k += 1
"""


def run_and_kill(path: Path, commits: int) -> int:
    """Start the writer, SIGKILL it after `commits` reports; the last action it reported."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert writer.stdout is not None
    reported = -1
    for seen, line in enumerate(writer.stdout, start=1):
        reported = int(line.removeprefix("committed "))
        if seen >= commits:
            break
    os.kill(writer.pid, signal.SIGKILL)
    # Lines already in the pipe were printed after their commit: they count too.
    for line in writer.stdout.read().splitlines():
        reported = int(line.removeprefix("committed "))
    writer.wait()
    assert writer.returncode == -signal.SIGKILL
    return reported


def check_file(path: Path, reported: int) -> None:
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        raw.close()
    with EventStore.open(path) as store:
        walk_ins = [a for a in store.attendees() if a.id.startswith("w")]
        present = [a for a in walk_ins if a.presence is Presence.PRESENT]
        wishes = store.followups()
        journal = [e.action for e in store.journal()]
    # Every reported action is there...
    for k in range(reported + 1):
        person, step = k // 3, k % 3
        assert len((walk_ins, present, wishes)[step]) > person, f"action {k} was lost"
    # ...at most one more (committed, killed before printing)...
    done = len(walk_ins) + len(present) + len(wishes)
    assert reported + 1 <= done <= reported + 2
    # ...and each change came with exactly its own journal row.
    assert journal.count("walk-in") == len(walk_ins)
    assert journal.count("presence") == len(present)
    assert journal.count("follow-up") == len(wishes)
    assert len(journal) == 1 + done


def test_killed_writer_loses_nothing_it_reported(tmp_path: Path) -> None:
    path = tmp_path / "crash.event"
    EventStore.create(path, Event(EventSettings(name="Crash"), (Attendee("host", "Host"),))).close()
    total = -1
    for _ in range(3):
        reported = run_and_kill(path, commits=25)
        assert reported > total, "the writer did not resume after the last action"
        total = reported
        check_file(path, reported)
