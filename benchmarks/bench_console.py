"""Console start-up time on the 150-person sample event, and keypress latency while the
solver runs. Prints figures; asserts nothing (timings are not tests).

    python benchmarks/bench_console.py [--runs 5]

Start-up is measured two ways: in-process (make_app to the first screen drawn, headless) and
as a fresh process under a pseudo-terminal (interpreter start to the first frame written),
which is what the organizer waits for after typing `eventrunner run`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs
from textual.worker import WorkerCancelled

from eventrunner.importing import read_event_toml
from eventrunner.model import Event, Presence
from eventrunner.resources import data_dir
from eventrunner.store import EventStore

SAMPLE = "conference-session"


def build_event(folder: Path) -> Path:
    """The 150-person sample, everybody checked in, with a solver plan."""
    from eventrunner.scheduling import plan

    settings, report = read_event_toml(data_dir("sample_events") / f"{SAMPLE}.toml")
    assert settings is not None
    people = tuple(attrs.evolve(a, presence=Presence.PRESENT) for a in report.attendees)
    path = folder / f"{SAMPLE}.event"
    with EventStore.create(path, Event(settings, people)) as store:
        store.save_plan(plan(people, settings, time_limit=5.0), reason="benchmark plan")
    return path


async def in_process_start(path: Path) -> float:
    from eventrunner.tui import make_app

    start = time.perf_counter()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return time.perf_counter() - start


def process_start(path: Path) -> float:
    """Seconds from launching `python -c run_console(...)` to its first full frame."""
    main, child = pty.openpty()
    code = "import sys, pathlib; from eventrunner.tui import run_console; "
    code += "run_console(pathlib.Path(sys.argv[1]))"
    env = {**os.environ, "TERM": "xterm-256color"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        stdin=child, stdout=child, stderr=child, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(child)
    seen = b""
    try:
        while time.perf_counter() - start < 30:
            ready, _, _ = select.select([main], [], [], 0.05)
            if ready:
                seen += os.read(main, 65536)
                # The footer is drawn with the first complete frame.
                if b"Start/pause" in seen:
                    return time.perf_counter() - start
        return float("nan")
    finally:
        proc.kill()
        proc.wait()
        os.close(main)


async def keypress_latency(path: Path, *, solver: bool, presses: int = 40) -> list[float]:
    """Milliseconds per key (← → on the Plan screen, as Pilot sees it: key sent, handled,
    screen idle again), with or without the solver working meanwhile."""
    from eventrunner.tui import make_app, solving

    solving.PLAN_SECONDS = 30.0
    app = make_app(path)
    timings: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        if solver:
            await pilot.press("m", "y")
            await pilot.pause(2.0)  # the solver process is up and searching
            assert app.solving, "the solver should be running"  # type: ignore[attr-defined]
        for i in range(presses):
            key = "right" if i % 2 else "left"
            start = time.perf_counter()
            await pilot.press(key)
            timings.append((time.perf_counter() - start) * 1000)
        if solver:
            app.stop_planning(keep=False)  # type: ignore[attr-defined]
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete()
    return timings


async def pilot_baseline(presses: int = 40) -> list[float]:
    """Milliseconds per key in an app that does nothing: Pilot's own share of the figures."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Empty(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("nothing")

    timings: list[float] = []
    async with Empty().run_test(size=(120, 40)) as pilot:
        for _ in range(presses):
            start = time.perf_counter()
            await pilot.press("x")
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = build_event(Path(tmp))
        inside = [asyncio.run(in_process_start(path)) for _ in range(args.runs)]
        outside = [process_start(path) for _ in range(args.runs)]
        empty = asyncio.run(pilot_baseline())
        idle = asyncio.run(keypress_latency(path, solver=False))
        busy = asyncio.run(keypress_latency(path, solver=True))
    print(f"console start-up, {SAMPLE} (150 people), {args.runs} runs:")
    print(
        f"  headless, make_app to first screen: median {statistics.median(inside):.2f} s, "
        f"max {max(inside):.2f} s"
    )
    print(
        f"  new process under a pty, to first frame: median {statistics.median(outside):.2f} s, "
        f"max {max(outside):.2f} s (goal: under 1.5 s)"
    )
    runs = (("empty app, Pilot alone", empty), ("solver idle", idle), ("solver running", busy))
    for label, keys in runs:
        print(
            f"keypress, {label} ({len(keys)} keys): median {statistics.median(keys):.1f} ms, "
            f"90th percentile {statistics.quantiles(keys, n=10)[-1]:.1f} ms, "
            f"max {max(keys):.1f} ms (goal: under 100 ms; includes Pilot's own round trip)"
        )
    load = os.getloadavg()[0]
    print(f"machine load average while measuring: {load:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
