"""The chaos test: a scripted evening in a real console on a pty, SIGKILLed at random
moments and reopened each time; the event file must hold everything the screen confirmed
(check-ins, walk-ins, departures, rounds, follow-ups) and agree with its journal.

A few kills here, to keep CI quick; `benchmarks/bench_chaos.py` runs at least 50 and reports
the figures (benchmarks/README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from chaoskit import Tally, run_evening


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_killed_evenings_lose_nothing_the_screen_confirmed(tmp_path: Path) -> None:
    tally = Tally()
    run_evening(tmp_path, 1, tally, kill_window=6.0, max_kills=4)
    assert tally.kills == 4
    assert tally.confirmed >= 5
    assert tally.lost == []
