"""Check-ins per minute at the door: 3 door stations and a barcode scanner at the console,
all at once on one event file, and the console's key latency meanwhile. Prints figures;
asserts nothing (timings are not tests).

    python benchmarks/bench_door.py [--seconds 30] [--people 150] [--pace S] [--baseline]

- the door page runs as the real `eventrunner door` process; three simulated stations
  (aiohttp clients, in a process of their own) each search a name, tap "Check in", and
  (to keep the crowd coming) undo every other one, as fast as the server answers;
- the console (the real app, headless, in this process) gets a scanner burst (ticket code +
  Enter) every 0.5 s on its check-in screen, and an arrow key every 0.25 s whose handling time
  is measured (Pilot's press: the key delivered, handled and the screen idle again);
- everything is counted from the event file's journal at the end: check-ins, undos, and any
  write refused ("database is locked" or otherwise);
- the console's CPU time (this process) against the clock: on a shared machine the key
  latency moves with the load, the work the console does much less.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import aiohttp
import attrs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "tests" / "tui"))

from browserkit import free_port, start_eventrunner, stop, wait_http  # noqa: E402

from eventrunner.generate import generate_attendees  # noqa: E402
from eventrunner.model import Event, EventSettings, Presence  # noqa: E402
from eventrunner.store import EventStore  # noqa: E402


def build(folder: Path, n: int) -> Path:
    from eventrunner.scheduling import plan

    people = tuple(
        attrs.evolve(a, tickets=(f"TK-{i:05d}",), presence=Presence.REGISTERED)
        for i, a in enumerate(generate_attendees(n, seed=14), start=1)
    )
    settings = EventSettings(name="Door benchmark", rounds=6, minutes=5)
    path = folder / "door.event"
    with EventStore.create(path, Event(settings, people)) as store:
        store.save_plan(plan(people, settings, time_limit=3.0), reason="benchmark")
    return path


async def station(
    base: str, names: list[str], until: float, seed: int, out: dict[str, int], pace: float
) -> None:
    rng = random.Random(seed)
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < until:
            query = rng.choice(names).split()[0]
            async with http.get(base + "api/search", params={"q": query}) as reply:
                found = (await reply.json())["people"]
            waiting = [p for p in found if not p["present"]] or found
            if not waiting:
                continue
            target = waiting[0]
            async with http.post(base + "api/checkin", json={"handle": target["handle"]}) as r:
                out["http_errors"] += r.status != 200
                out["taps"] += 1
            if rng.random() < 0.5:
                async with http.post(base + "api/undo", json={"handle": target["handle"]}) as r:
                    out["http_errors"] += r.status != 200
            await asyncio.sleep(pace)


def run_stations(url: str, names: list[str], until: float, pace: float) -> dict[str, int]:
    """Three stations at once until `until` (a monotonic time, the same in every process)."""
    counts = {"taps": 0, "http_errors": 0}

    async def all_three() -> None:
        await asyncio.gather(*(station(url, names, until, seed, counts, pace) for seed in range(3)))

    asyncio.run(all_three())
    return counts


async def console(
    path: Path, codes: list[str], until: float, out: dict[str, list[float]], scans: bool = True
) -> None:
    from textual import events

    from eventrunner.tui import make_app

    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        driver = app._driver
        assert driver is not None
        next_scan = time.monotonic()
        rng = random.Random(3)
        cpu_start, wall_start = time.process_time(), time.monotonic()
        while time.monotonic() < until:
            if scans and time.monotonic() >= next_scan:
                for key in [*rng.choice(codes), "enter"]:
                    name = {"-": "minus"}.get(key, key)
                    event = events.Key(name, key if len(key) == 1 else None)
                    event.set_sender(app)
                    driver.send_message(event)
                next_scan += 0.5
                out["scans"].append(time.monotonic())
            start = time.perf_counter()
            await pilot.press("down")
            out["key_ms"].append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0.25)
        out["refusals"] = [float(n.severity == "error") for n in app._notifications]
        # The console's own work (this process: app, store, its threads), against the clock.
        out["cpu"] = [time.process_time() - cpu_start, time.monotonic() - wall_start]


async def run(seconds: float, people: int, baseline: bool, pace: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder), people)
        with EventStore.open(path, readonly=True) as s:
            attendees = s.attendees()
        names = [a.name for a in attendees]
        codes = [a.tickets[0] for a in attendees]
        port = free_port()
        server = start_eventrunner("door", str(path), "--port", str(port), "--host", "127.0.0.1",
                                   "--no-qr")  # fmt: skip
        try:
            wait_http(f"http://127.0.0.1:{port}/", server)
            assert server.stdout is not None
            url = ""
            while not url:
                found = re.search(r"http://127\.0\.0\.1:\d+/s/[\w-]+/", server.stdout.readline())
                url = found.group(0) if found else ""
            counts = {"taps": 0, "http_errors": 0}
            timings: dict[str, list[float]] = {"key_ms": [], "scans": []}
            until = time.monotonic() + seconds
            started = time.monotonic()

            if baseline:  # the same console, nobody else at the door: the reference
                await console(path, codes, until, timings, scans=False)
            else:
                # The stations are other devices: another process, so they share neither
                # the console's event loop nor its interpreter lock.
                with ProcessPoolExecutor(1) as pool:
                    loop = asyncio.get_running_loop()
                    remote = loop.run_in_executor(pool, run_stations, url, names, until, pace)
                    _, got = await asyncio.gather(console(path, codes, until, timings), remote)
                counts.update(got)
            elapsed = time.monotonic() - started
        finally:
            stop(server)
        with EventStore.open(path, readonly=True) as s:
            journal = s.journal()
        check_ins = [e for e in journal if e.action == "presence" and e.detail.endswith("present")]
        undone = [e for e in journal if e.action == "presence" and e.detail.endswith("registered")]
        keys = sorted(timings["key_ms"])
        load = (
            "nobody at the door (baseline)"
            if baseline
            else f"3 door stations ({pace:g} s between taps) + scanner every 0.5 s"
        )
        print(f"{people} attendees, {elapsed:.0f} s, {load}")
        print(f"  check-ins stored:     {len(check_ins)} ({len(check_ins) / elapsed * 60:.0f}/min)")
        print(f"  undos stored:         {len(undone)}")
        print(f"  station taps:         {counts['taps']}, answers not 200: {counts['http_errors']}")
        print(f"  scanner bursts sent:  {len(timings['scans'])}")
        print(f"  console refusals:     {int(sum(timings['refusals']))} (locked or otherwise)")
        print(
            f"  console key latency:  median {statistics.median(keys):.0f} ms, "
            f"p95 {keys[int(len(keys) * 0.95) - 1]:.0f} ms, max {keys[-1]:.0f} ms "
            f"({len(keys)} keys)"
        )
        cpu, wall = timings["cpu"]
        print(f"  console CPU:          {cpu:.1f} s in {wall:.0f} s ({cpu / wall:.0%} of one core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--baseline", action="store_true", help="the console alone")
    parser.add_argument(
        "--pace", type=float, default=0.0, help="seconds each station waits between taps"
    )
    args = parser.parse_args()
    asyncio.run(run(args.seconds, args.people, args.baseline, args.pace))


if __name__ == "__main__":
    main()
