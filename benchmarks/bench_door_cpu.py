"""The console's own work under a busy door, in CPU time (less at the mercy of a shared
machine's load than bench_door.py's wall-clock latency). Prints figures; asserts nothing.

    python benchmarks/bench_door_cpu.py [--people 150] [--repeat 15]

On the check-in screen of the real app (headless, Pilot), `--repeat` times: an arrow key;
five check-ins written by another connection (a door station) and picked up by the console;
a scanner burst (ticket code + Enter) and the key after it. For each, the median wall time
and the median CPU time of this process (the console, its store and its threads).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_door import build

from eventrunner.store import EventStore


async def run(people: int, repeat: int) -> None:
    from textual import events

    from eventrunner.tui import make_app

    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder), people)
        station = EventStore.open(path)
        everyone = station.attendees()
        app = make_app(path)
        figures: dict[str, list[tuple[float, float]]] = {"key": [], "door": [], "scan": []}
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f3")
            await pilot.pause(0.5)
            rng = random.Random(1)

            def clocks() -> tuple[float, float]:
                return time.perf_counter(), time.process_time()

            def since(start: tuple[float, float], pause: float = 0.0) -> tuple[float, float]:
                wall, cpu = clocks()
                return (wall - start[0] - pause) * 1000, (cpu - start[1]) * 1000

            for _ in range(repeat):
                start = clocks()
                await pilot.press("down")
                figures["key"].append(since(start))
                for person in rng.sample(everyone, 5):
                    station.toggle_presence(person.id)
                start = clocks()
                await pilot.pause(0.45)  # the console looks at the file every 0.3 s
                await pilot.press("down")
                figures["door"].append(since(start, 0.45))
                driver = app._driver
                assert driver is not None
                start = clocks()
                for key in [*rng.choice(everyone).tickets[0], "enter"]:
                    event = events.Key({"-": "minus"}.get(key, key), key if len(key) == 1 else None)
                    event.set_sender(app)
                    driver.send_message(event)
                await pilot.press("down")
                figures["scan"].append(since(start))
                await pilot.pause(0.3)
        station.close()
    words = {
        "key": "an arrow key",
        "door": "5 check-ins from a station, then a key",
        "scan": "a scanner burst, then a key",
    }
    print(f"{people} attendees, {repeat} times each (medians)")
    for name, values in figures.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"  {words[name]:40s} wall {wall:5.0f} ms   console CPU {cpu:4.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    asyncio.run(run(args.people, args.repeat))


if __name__ == "__main__":
    main()
