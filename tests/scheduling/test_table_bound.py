"""The tables bound over whole tables (scheduling.tables.cliques): valid against plans found
by enumeration, never looser than the b-matching bound, honest when its budget runs out."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from eventrunner.generate import dense_attendees
from eventrunner.model import EventSettings
from eventrunner.scheduling import plan
from eventrunner.scheduling.problem import Problem
from eventrunner.scheduling.tables import tables_upper_bound
from eventrunner.scheduling.tables.bound import _bound
from eventrunner.scheduling.tables.cliques import table_lp_bound
from eventrunner.scheduling.validation import assert_valid


def partitions(people: tuple[int, ...], sizes: tuple[int, ...]) -> list[list[tuple[int, ...]]]:
    """Every split of `people` into tables of `sizes` (tables of one size unordered)."""
    if not sizes:
        return [[]]
    first, rest = people[0], people[1:]
    out = []
    for mates in itertools.combinations(rest, sizes[0] - 1):
        left = tuple(p for p in rest if p not in mates)
        for tail in partitions(left, sizes[1:]):
            out.append([(first, *mates), *tail])
    return out


def best_plan(weight: np.ndarray, never: np.ndarray, sizes: tuple[int, ...], rounds: int) -> int:
    """The best affinity of `rounds` rounds with no pair twice and no `never` pair, by
    trying every sequence of splits (-1 when there is none)."""
    n = weight.shape[0]
    splits = []
    for split in partitions(tuple(range(n)), sizes):
        pairs = {pq for t in split for pq in itertools.combinations(sorted(t), 2)}
        if not any(never[p, q] for p, q in pairs):
            splits.append((pairs, sum(int(weight[p, q]) for p, q in pairs)))
    best = -1
    for chosen in itertools.combinations(range(len(splits)), rounds):
        seen: set[tuple[int, int]] = set()
        total = 0
        for c in chosen:
            pairs, value = splits[c]
            if seen & pairs:
                break
            seen |= pairs
            total += value
        else:
            best = max(best, total)
    return best


# Small enough to enumerate, and a plan without repeats exists (tables of four need at
# least four tables for a second round, too many to enumerate: one round there).
@pytest.mark.parametrize(
    ("seed", "sizes", "rounds"),
    [
        (0, (3, 3, 3), 2),
        (1, (4, 4), 1),
        (2, (3, 3, 2), 2),
        (3, (4, 4, 4), 1),
        (4, (3, 3, 3), 2),
        (5, (4, 3), 1),
        (6, (4, 4, 3), 1),
    ],
)
def test_table_bound_is_never_below_the_best_plan(
    seed: int, sizes: tuple[int, ...], rounds: int
) -> None:
    rng = np.random.default_rng(seed)
    n = sum(sizes)
    weight = np.triu(rng.integers(0, 4, (n, n)), 1)
    weight = weight + weight.T
    never = np.zeros((n, n), dtype=np.bool_)
    never[0, 1] = never[1, 0] = True  # an avoid pair
    best = best_plan(weight, never, sizes, rounds)
    assert best >= 0
    bound = table_lp_bound(weight, never, sizes, rounds, 1, 10.0)
    assert bound is not None
    assert bound >= best


def test_table_bound_is_tighter_than_the_b_matching_where_cliques_matter() -> None:
    # Nine people in threes for three rounds: CP-SAT proves 27 the best; the b-matching
    # bound lets people pick partners who cannot all sit together and says 28.
    problem = Problem.build(dense_attendees(9), EventSettings("b", 3, table_size=3))
    matching = _bound(problem, False, 1, True, (), 0.0)  # short: no table programme
    assert matching == 28
    assert tables_upper_bound(problem) == 27


@pytest.mark.parametrize(("n", "rounds"), [(16, 3), (16, 4), (24, 5)])
def test_table_bound_never_looser_and_valid_in_any_budget(n: int, rounds: int) -> None:
    s = EventSettings("b", rounds, table_size=4)
    matching = _bound(Problem.build(dense_attendees(n), s), False, 1, True, (), 0.0)
    result = plan(dense_attendees(n), s, time_limit=3.0, seed=1)
    assert_valid(result, dense_attendees(n), s)
    found = result.stats.affinity_total
    for seconds in (0.01, 0.2, 5.0):
        bound = _bound(Problem.build(dense_attendees(n), s), False, 1, False, (), seconds)
        assert found <= bound <= matching


def test_table_bound_gives_way_when_no_plan_keeps_the_rules() -> None:
    # Eight people, two tables of four, three rounds: 36 pairs in 28 distinct ones, so the
    # programme needs slack; it then says nothing and the b-matching bound stands.
    weight = np.ones((8, 8), dtype=np.int64) - np.eye(8, dtype=np.int64)
    never = np.zeros((8, 8), dtype=np.bool_)
    assert table_lp_bound(weight, never, (4, 4), 3, 1, 5.0) is None
    assert table_lp_bound(weight, never, (4, 4), 3, 2, 5.0) == 36


def test_plan_says_proven_optimal_through_the_table_bound() -> None:
    people = dense_attendees(9)
    s = EventSettings("b", 3, table_size=3)
    result = plan(people, s, time_limit=4.0, seed=0)
    assert_valid(result, people, s)
    assert result.stats.affinity_total == 27
    assert result.stats.quality == "proven optimal"
