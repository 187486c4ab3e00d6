"""The table limit as pure rules: tables a round needs, rounds over the limit, the limit read
back from plan reasons."""

from __future__ import annotations

import pytest
from tuikit import people, round_robin

from eventrunner.model import EventSettings
from eventrunner.tui import tablelimit


@pytest.mark.parametrize(
    ("count", "size", "needed"),
    [(0, 2, 0), (1, 2, 0), (2, 2, 1), (11, 2, 5), (12, 2, 6), (7, 3, 3), (150, 4, 38), (5, 4, 2)],
)
def test_tables_needed(count: int, size: int, needed: int) -> None:
    assert tablelimit.tables_needed(count, size) == needed


def test_crowded_rounds_are_the_future_ones_over_the_limit() -> None:
    plan = round_robin(people(10, tricky=False), EventSettings(name="x", rounds=4))
    assert tablelimit.crowded_rounds(plan, 0, None) == ()
    assert tablelimit.crowded_rounds(plan, 0, 5) == ()
    assert tablelimit.crowded_rounds(plan, 0, 4) == (1, 2, 3, 4)
    assert tablelimit.crowded_rounds(plan, 2, 4) == (3, 4)
    assert tablelimit.crowded_rounds(plan, 4, 1) == ()


def test_the_limit_is_that_of_the_latest_plan() -> None:
    note = tablelimit.note(7)
    assert note == "7 tables usable" and tablelimit.note(1) == "1 table usable"
    assert tablelimit.from_reasons([]) is None
    assert tablelimit.from_reasons(["first plan", f"re-plan: Ann arrived; only {note}"]) == 7
    assert (
        tablelimit.from_reasons([f"re-plan: only {note}", "re-plan: all tables usable again"])
        is None
    )
    assert tablelimit.from_reasons([f"remake after round 2 ({tablelimit.note(1)})"]) == 1
