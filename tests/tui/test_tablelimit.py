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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", 7),
        (" 3 ", 3),
        ("7, 12", frozenset({7, 12})),
        ("#7", frozenset({7})),
        ("table 7", frozenset({7})),
        ("Tables 3 and 4", frozenset({3, 4})),
        ("7 12", frozenset({7, 12})),
        ("7;12", frozenset({7, 12})),
    ],
)
def test_answers_are_counts_or_table_numbers(text: str, expected: object) -> None:
    assert tablelimit.parse_answer(text, 10) == expected


@pytest.mark.parametrize("text", ["", "seven", "0", "11", "3x", "#0"])
def test_unusable_answers_say_what_to_type(text: str) -> None:
    with pytest.raises(ValueError, match="tables"):
        tablelimit.parse_answer(text, 10)


def test_broken_tables_are_found_again_in_the_plan_reason() -> None:
    note = tablelimit.broken_note(frozenset({12, 7}))
    assert note == "tables 7, 12 broken" and tablelimit.broken_note(frozenset({3})) == (
        "table 3 broken"
    )
    reason = f"re-plan: {note}; only {tablelimit.note(9)}"
    assert tablelimit.broken_from_reasons(["first", reason]) == frozenset({7, 12})
    assert tablelimit.from_reasons([reason]) == 9
    assert tablelimit.broken_from_reasons([reason, "re-plan: all tables usable again"]) == set()
    assert tablelimit.limit_words(None, frozenset()) == "all tables usable"
