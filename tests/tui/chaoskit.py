"""A scripted evening in a real console in a pseudo-terminal, killed at random moments.

The console runs as `run_console` in a child process on a pty; its screen is read back with
pyte (a terminal emulator), so "confirmed" means what an organizer would have seen: the
toast `Ana checked in.`, the round title, the follow-up count. The script (check-ins, a
walk-in, rounds started and ended, a follow-up, a departure, another round) is walked step
by step; at a random moment the console gets SIGKILL, the event file is checked against
everything the screen confirmed so far, and a new console is opened on the same file to go
on with the next step. `tests/tui/test_chaos.py` runs a few kills; `benchmarks/bench_chaos.py`
runs at least 50 and prints the figures.
"""

from __future__ import annotations

import fcntl
import os
import pty
import random
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import attrs
import pyte
from tuikit import round_robin

from eventrunner.generate import generate_attendees
from eventrunner.model import Event, EventSettings, Presence
from eventrunner.store import EventStore

ROOT = Path(__file__).resolve().parents[2]
COLS, ROWS = 140, 36
F2, F3, F5, ENTER, TAB, CTRL_N, CTRL_L = "\x1bOQ", "\x1bOR", "\x1b[15~", "\r", "\t", "\x0e", "\x0c"


class Killed(Exception):
    """The console was killed (the moment chosen for this session came)."""


class Console:
    """One console process on a pty, its screen emulated by pyte."""

    def __init__(self, path: Path, kill_at: float) -> None:
        self.main, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        code = "import sys, pathlib; from eventrunner.tui import run_console; "
        code += "run_console(pathlib.Path(sys.argv[1]))"
        env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(path)],
            stdin=child,
            stdout=child,
            stderr=child,
            env=env,
            start_new_session=True,
        )
        os.close(child)
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.monotonic()
        self.kill_at = self.started + kill_at

    def pump(self, seconds: float) -> None:
        """Read what the console drew for `seconds`; kill it when its moment comes."""
        end = time.monotonic() + seconds
        while True:
            now = time.monotonic()
            if now >= self.kill_at:
                self.kill()
                raise Killed
            if now >= end:
                return
            ready, _, _ = select.select([self.main], [], [], min(0.05, end - now))
            if ready:
                try:
                    self.stream.feed(os.read(self.main, 65536))
                except OSError:
                    return

    def text(self) -> str:
        return " ".join(" ".join(self.screen.display).split())

    def wait_for(self, needle: str, timeout: float = 15.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if needle in self.text():
                return True
            self.pump(0.1)
        return False

    def send(self, keys: str, gap: float = 0.05) -> None:
        for key in [keys] if len(keys) > 1 and keys.startswith("\x1b") else list(keys):
            os.write(self.main, key.encode())
            self.pump(gap)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        if self.main >= 0:
            os.close(self.main)
            self.main = -1

    def quit(self) -> None:
        self.kill()


@dataclass
class Step:
    """One organizer action: skipped when the file shows it done (a step cut by a kill
    may have been stored), else typed, then confirmed by what the screen shows."""

    name: str
    done: Callable[[EventStore], bool]
    act: Callable[[Console], None]
    confirm: str


@dataclass
class Tally:
    """What the runs saw."""

    kills: int = 0
    confirmed: int = 0
    lost: list[str] = field(default_factory=list)
    reopen_seconds: list[float] = field(default_factory=list)
    sessions: int = 0
    unconfirmed: int = 0
    """Actions typed whose confirmation never showed (typed again in a new session)."""


def make_event(folder: Path, seed: int) -> Path:
    """16 people, 10 checked in, 4 short rounds (the switch waits for space)."""
    people = generate_attendees(16, seed=seed)
    # Plain names: the emulated screen is compared as text (names in every script are
    # the business of tests/tui/test_literal_text.py).
    people = [
        attrs.evolve(
            a,
            name=f"Guest {i:02d} {a.company.split()[0] if a.company else 'Solo'}",
            email=f"guest{i:02d}@example.org",
            presence=Presence.PRESENT if i < 10 else Presence.REGISTERED,
        )
        for i, a in enumerate(people)
    ]
    settings = EventSettings(name="Chaos", rounds=4, minutes=5, auto_advance=False)
    path = folder / f"chaos-{seed}.event"
    with EventStore.create(path, Event(settings, tuple(people))) as store:
        store.save_plan(round_robin(people[:10], settings), reason="test plan")
    return path


def script(path: Path) -> list[Step]:
    """The evening: check-ins, a walk-in, round 1, a follow-up, a departure, round 2 ..."""
    with EventStore.open(path, readonly=True) as store:
        people = store.attendees()
        plan = store.current_plan()
    assert plan is not None
    late = [a for a in people if a.presence is Presence.REGISTERED]
    here = [a for a in people if a.presence is Presence.PRESENT]
    first_table = plan.rounds[0].tables[0].attendees
    who = next(a for a in people if a.id == first_table[0])
    leaver = next(a for a in here if a.id not in first_table)

    def presence(attendee_id: str, wanted: Presence) -> Callable[[EventStore], bool]:
        return lambda s: any(a.id == attendee_id and a.presence is wanted for a in s.attendees())

    def check_in(person_id: str, email: str, name: str) -> Step:
        def act(c: Console) -> None:
            c.send(F3)
            c.pump(0.3)
            c.send(email)
            c.pump(0.2)
            c.send(ENTER)

        return Step(f"check in {name}", presence(person_id, Presence.PRESENT), act,
                    f"{name} checked in.")  # fmt: skip

    def walk_in(name: str) -> Step:
        def act(c: Console) -> None:
            c.send(F3)
            c.pump(0.3)
            c.send(CTRL_N)
            c.send(name)  # at once: the form must take what follows ctrl+n
            c.send(TAB)
            c.send("Acme")
            c.send(ENTER)

        return Step(f"walk-in {name}", lambda s: any(a.name == name for a in s.attendees()),
                    act, f"{name} added and checked in.")  # fmt: skip

    def start(number: int) -> Step:
        def act(c: Console) -> None:
            c.send(F2)
            c.pump(0.3)
            c.send(" ")
            # People seated in the round but not checked in: the console asks first (the
            # evening here starts anyway, as planned).
            if c.wait_for("not checked in", 1.5):
                c.send("s")

        def done(s: EventStore) -> bool:
            t = s.timer()
            return t.round > number or (t.round == number and t.phase != "idle")

        return Step(f"start round {number}", done, act, f"Round {number} — at the tables now")

    def end(number: int) -> Step:
        def act(c: Console) -> None:
            c.send(F2)
            c.pump(0.3)
            c.send("e")
            c.pump(0.3)
            c.send("y")

        return Step(f"end round {number}", lambda s: s.played_through() >= number, act,
                    f"Round {number} of 4 done")  # fmt: skip

    def follow_up(partner_count: int) -> Step:
        def act(c: Console) -> None:
            c.send(F5)
            c.pump(0.3)
            c.send(who.email)
            c.pump(0.2)
            c.send(ENTER)
            # As the organizer does: tick once the list of who they met is there.
            c.wait_for("space ticks who to keep in touch with", 5)
            c.pump(0.2)
            c.send(" ")

        return Step(f"follow-up of {who.name}", lambda s: len(s.followups()) >= partner_count,
                    act, f"Follow-ups: {partner_count} wishes")  # fmt: skip

    def departure(person_id: str, email: str, name: str) -> Step:
        def act(c: Console) -> None:
            c.send(F3)
            c.pump(0.3)
            c.send(email)
            c.pump(0.2)
            c.send(CTRL_L)

        return Step(f"{name} leaves", presence(person_id, Presence.LEFT), act,
                    f"{name} left the event.")  # fmt: skip

    return [
        check_in(late[0].id, late[0].email, late[0].name),
        check_in(late[1].id, late[1].email, late[1].name),
        walk_in("Walk In Ada"),
        start(1),
        check_in(late[2].id, late[2].email, late[2].name),
        end(1),
        follow_up(1),
        departure(leaver.id, leaver.email, leaver.name),
        walk_in("Walk In Bo"),
        start(2),
        end(2),
        check_in(late[3].id, late[3].email, late[3].name),
        start(3),
    ]


def verify(path: Path, confirmed: list[Step]) -> list[str]:
    """Confirmed steps the file does not hold, and journal/state disagreements."""
    problems = []
    with EventStore.open(path, readonly=True) as store:
        for step in confirmed:
            if not step.done(store):
                problems.append(f"lost: {step.name}")
        journal = store.journal()
        actions = [e.action for e in journal]
        people = store.attendees()
        walkins = [a for a in people if a.name.startswith("Walk In")]
        if actions.count("walk-in") != len(walkins):
            problems.append("journal: walk-ins and attendees disagree")
        if sum(a in ("follow-up",) for a in actions) < len(store.followups()):
            problems.append("journal: a follow-up without its journal row")
        history = store.plan_history()
        for number, played in enumerate(store.played_rounds(), start=1):
            if not any(store.plan_version(v.version).rounds[number - 1] == played for v in history):
                problems.append(f"played round {number} is in no plan version")
    return problems


def run_evening(
    folder: Path, seed: int, tally: Tally, *, kill_window: float, max_kills: int = 1000
) -> None:
    """One evening: sessions until the script is done, each killed at a random moment
    (after `max_kills` kills, the sessions left run to the end of the script)."""
    rng = random.Random(seed)
    path = make_event(folder, seed)
    steps = script(path)
    confirmed: list[Step] = []
    index = 0
    retries = 0
    while index < len(steps):
        kills_left = tally.kills < max_kills
        console = Console(path, kill_at=rng.uniform(0.5, kill_window) if kills_left else 1e9)
        tally.sessions += 1
        try:
            opened = time.monotonic()
            if not console.wait_for("Round", 25):
                raise AssertionError("the console did not open")
            tally.reopen_seconds.append(time.monotonic() - opened)
            while index < len(steps):
                step = steps[index]
                with EventStore.open(path, readonly=True) as store:
                    already = step.done(store)
                if not already:
                    step.act(console)
                    if not console.wait_for(step.confirm, 10):
                        # Not confirmed, so not owed: start a new session and type it again.
                        tally.unconfirmed += 1
                        retries += 1
                        if retries > 3:
                            raise AssertionError(f"{step.name}: the screen never confirmed it")
                        break
                    confirmed.append(step)
                    tally.confirmed += 1
                index += 1
        except Killed:
            # The step in flight was stored or not: the next session looks at the file
            # (`done`) and types it again only if it is not there.
            tally.kills += 1
        finally:
            console.kill()
        problems = verify(path, confirmed)
        tally.lost.extend(f"seed {seed}: {p}" for p in problems)
