"""Chaos benchmark (issue 12): scripted evenings in a real console on a pty, SIGKILLed at
random moments and reopened each time, until at least KILLS kills (default 50).

    nice -n 10 python benchmarks/bench_chaos.py [KILLS]

Each evening (tests/tui/chaoskit.py) checks people in, adds walk-ins, starts and ends
rounds, records a follow-up and a departure; each console session is killed at a random
moment between 0.5 s and 6 s after it starts (at most 15 kills an evening, then the evening
is finished unkilled). After every kill the event file is compared with everything the
screen had confirmed. Figures, not assertions.
"""

from __future__ import annotations

import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "tui"))

from chaoskit import Tally, run_evening


def main() -> None:
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    tally = Tally()
    started = time.monotonic()
    evenings = 0
    with tempfile.TemporaryDirectory() as folder:
        seed = 0
        while tally.kills < wanted:
            seed += 1
            before = tally.kills
            run_evening(Path(folder), seed, tally, kill_window=6.0, max_kills=before + 15)
            evenings += 1
            print(f"evening {seed}: {tally.kills - before} kills", flush=True)
    reopen = tally.reopen_seconds
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {platform.system()}")
    print(f"evenings {evenings}, console sessions {tally.sessions}, kills {tally.kills}")
    print(f"actions confirmed on screen {tally.confirmed}, lost after a kill {len(tally.lost)}")
    print(f"actions typed but never confirmed (typed again in a new session) {tally.unconfirmed}")
    if reopen:
        print(
            f"console open to first screen: median {statistics.median(reopen):.2f} s, "
            f"max {max(reopen):.2f} s"
        )
    print(f"wall time {time.monotonic() - started:.0f} s")
    for problem in tally.lost:
        print("  " + problem)


if __name__ == "__main__":
    main()
