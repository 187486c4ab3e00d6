"""The exact model for small tables (scheduling.tables.exact): its optimum is the true one.

Checked against brute force on events small enough to enumerate, and through `plan`, whose
figures then say "proven optimal" (bound = the proven maximum, every rule kept).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventrunner.generate import dense_attendees
from eventrunner.model import Attendee, EventSettings
from eventrunner.scheduling import plan
from eventrunner.scheduling.problem import Problem
from eventrunner.scheduling.tables import table_layout, tables_upper_bound
from eventrunner.scheduling.tables.exact import solve_exact
from eventrunner.scheduling.validation import assert_valid

TOPICS = ("ai", "art", "bio", "data", "food", "golf")


def triples(people: tuple[int, ...]) -> list[list[tuple[int, ...]]]:
    """Every split of `people` into tables of three."""
    if not people:
        return [[]]
    first, rest = people[0], people[1:]
    out = []
    for mates in itertools.combinations(rest, 2):
        left = tuple(p for p in rest if p not in mates)
        out.extend([(first, *mates), *tail] for tail in triples(left))
    return out


def brute_force(weight: np.ndarray, n: int, rounds: int) -> int | None:
    """The best total affinity of `rounds` rounds of triples with no pair twice."""
    best = None
    for plan_ in itertools.product(triples(tuple(range(n))), repeat=rounds):
        pairs = [pair for rnd in plan_ for t in rnd for pair in itertools.combinations(t, 2)]
        if len(set(pairs)) < len(pairs):
            continue
        total = sum(int(weight[a, b]) for a, b in pairs)
        best = total if best is None else max(best, total)
    return best


@settings(max_examples=6, deadline=None)
@given(
    st.lists(st.sets(st.sampled_from(TOPICS), max_size=3), min_size=9, max_size=9),
    st.integers(1, 2),
)
def test_exact_optimum_matches_brute_force(interests: list[set[str]], rounds: int) -> None:
    people = [
        Attendee(id=f"p{i}", name=f"P{i}", interests=tuple(t)) for i, t in enumerate(interests)
    ]
    problem = Problem.build(people, EventSettings("x", rounds, table_size=3))
    layout = table_layout(problem)
    hint = np.tile(np.arange(9) // 3, (rounds, 1))
    found = solve_exact(problem, layout, hint, seconds=30)
    assert found.optimal
    assert found.affinity == brute_force(problem.weight, 9, rounds)


@pytest.mark.parametrize(("n", "size", "rounds"), [(9, 3, 2), (9, 3, 3)])
def test_plan_of_a_small_event_is_proven_optimal(n: int, size: int, rounds: int) -> None:
    people = dense_attendees(n)
    s = EventSettings("x", rounds, table_size=size)
    result = plan(people, s, time_limit=30.0)
    assert_valid(result, people, s)
    assert result.stats.proven_optimal
    assert result.stats.affinity_total == result.stats.upper_bound
    # The proof can only tighten the relaxation bound, never loosen it.
    assert result.stats.upper_bound <= tables_upper_bound(Problem.build(people, s))
    assert result.stats.quality == "proven optimal"
