"""SIGKILL a running console mid-round; the reopened console resumes the same round with the
right remaining time (or says the round ended while it was closed)."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Digits
from tuikit import FakeClock, notes, screen_text

from eventrunner.store import EventStore
from eventrunner.tui import make_app
from eventrunner.tui.widgets.countdown import Countdown

ROOT = Path(__file__).resolve().parents[2]


def wait_until(check: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the console")


def timer_phase(path: Path) -> str:
    with EventStore.open(path, readonly=True) as s:
        return s.timer().phase


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
async def test_sigkill_mid_round_then_resume(small_event: Callable[..., Path]) -> None:
    path = small_event()
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    code = "import sys, pathlib; from eventrunner.tui import run_console; "
    code += "run_console(pathlib.Path(sys.argv[1]))"
    console = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        start_new_session=True,
    )
    os.close(child)
    try:
        time.sleep(0.5)
        # Space until the round starts: the first keys may arrive before the app listens.
        deadline = time.monotonic() + 30
        while timer_phase(path) != "meeting":
            assert time.monotonic() < deadline, "the console never started the round"
            assert console.poll() is None, "the console exited"
            os.write(main, b" ")
            time.sleep(0.5)
        time.sleep(0.5)
        os.kill(console.pid, signal.SIGKILL)
        console.wait(10)
    finally:
        if console.poll() is None:
            console.kill()
        os.close(main)
    assert console.returncode == -signal.SIGKILL

    with EventStore.open(path, readonly=True) as s:
        state = s.timer()
        length = s.settings().minutes * 60
    assert (state.round, state.phase) == (1, "meeting")
    assert state.started_at is not None

    # Reopened 90 s after the start: the same round with 90 s less on the clock.
    clock = FakeClock(state.started_at + 90.5)  # half a second off a tick: no float ties
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        minutes, seconds = divmod(int(length - 90), 60)
        assert app.query_one(Countdown).query_one(Digits).value == f"{minutes:02d}:{seconds:02d}"
        assert "Round 1 of 4" in screen_text(app)

    # Reopened after the meeting's end: the round is recorded as played and the console says so.
    clock = FakeClock(state.started_at + length + 30)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Round 1 ended while the console was closed" in notes(app)
        assert "switch" in screen_text(app)
    with EventStore.open(path, readonly=True) as s:
        assert s.played_through() == 1
        assert (s.timer().round, s.timer().phase) == (1, "switch")
        assert s.timer().started_at == pytest.approx(state.started_at + length)
