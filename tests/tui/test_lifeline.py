"""Children die with their parent: the solver child of a killed console, the projector child
of a `serve` that is gone (issue 12, point 8). Real processes, killed with SIGKILL."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A stand-in for the console: the solver child working on a long plan from a worker thread.
CONSOLE = textwrap.dedent(
    """
    import multiprocessing, sys, threading, time
    sys.path.insert(0, sys.argv[2])
    from tuikit import people
    from eventrunner.model import EventSettings
    from eventrunner.tui import solver_process

    if __name__ == "__main__":
        # Big enough that the solver works for its whole limit (tables of 3 search long).
        group = people(240, tricky=False)
        settings = EventSettings(name="x", rounds=10, table_size=3)
        job = threading.Thread(
            target=solver_process.solve,
            args=(group, settings, None, 0, 120.0),
            kwargs={"cancelled": lambda: False},
            daemon=True,
        )
        job.start()
        while not multiprocessing.active_children():
            time.sleep(0.05)
        print(multiprocessing.active_children()[0].pid, flush=True)
        time.sleep(300)
    """
)


def _gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            waited, _ = os.waitpid(pid, os.WNOHANG)
            if waited == pid:
                return True
        except ChildProcessError:
            pass  # not our child: look with a signal 0
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # A zombie (its parent died, init has not reaped it yet) is gone too.
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                if f.read().split(")")[-1].split()[0] == "Z":
                    return True
        except OSError:
            return True
        time.sleep(0.1)
    return False


def test_the_solver_child_dies_with_a_killed_console(tmp_path: Path) -> None:
    script = tmp_path / "console.py"
    script.write_text(CONSOLE, encoding="utf-8")
    console = subprocess.Popen(
        [sys.executable, str(script), "x", str(ROOT / "tests" / "tui")],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert console.stdout is not None
        child = int(console.stdout.readline())
        assert not _gone(child, 0.5), "the solver child should be working"
        os.kill(console.pid, signal.SIGKILL)
        console.wait(10)
        assert _gone(child, 5.0), "the solver child outlived the console"
    finally:
        if console.poll() is None:
            console.kill()
        with contextlib.suppress(NameError, ProcessLookupError):
            os.kill(child, signal.SIGKILL)


def test_the_projector_child_dies_with_serve(small_event: Callable[..., Path]) -> None:
    path = small_event()
    # `serve` stand-in: any process; the projector is told its pid, as serve does.
    serve = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    projector = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "eventrunner.tui.projector",
            str(path),
            "--parent",
            str(serve.pid),
        ],
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        },
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2.0)
        assert projector.poll() is None, "the projector should be running"
        serve.kill()
        serve.wait(10)
        projector.wait(5)  # raises TimeoutExpired if it outlives serve
    finally:
        for p in (projector, serve):
            if p.poll() is None:
                p.kill()
