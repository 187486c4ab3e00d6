"""Every sample event plans and validates with its own settings (1:1 and tables alike)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventrunner.importing import read_event_toml
from eventrunner.scheduling import plan
from eventrunner.scheduling.report import BREAK_WORDS
from eventrunner.scheduling.validation import check

SAMPLES = sorted((Path(__file__).parents[2] / "sample_events").glob("*.toml"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_event_plans_within_the_rules(path: Path) -> None:
    settings, report = read_event_toml(path)
    assert settings is not None
    people = list(report.attendees)
    result = plan(people, settings, time_limit=1.0, seed=0)
    assert len(result.rounds) == settings.rounds
    found = check(result, people, settings)
    # Whatever had to give way is reported; nothing else is broken.
    breaks = " | ".join(result.stats.rule_breaks)
    for rule, lines in found.items():
        assert bool(lines) == (BREAK_WORDS[rule] in breaks), (rule, lines, breaks)
    assert not found["avoid"] and not found["repeats"] and not found["table sizes"]
    assert result.stats.affinity_total <= result.stats.upper_bound
