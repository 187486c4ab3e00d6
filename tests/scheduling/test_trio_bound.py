"""The 1:1 bound of an odd evening with the trio policy: honest (never below the best plan,
found by brute force on small events) and tight (plans of odd evenings measure like even ones).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import numpy as np
import pytest

from eventrunner.model import Attendee, EventSettings, OddPolicy
from eventrunner.scheduling import plan
from eventrunner.scheduling.pairs.bound import lp_bound, upper_bound
from eventrunner.scheduling.problem import Problem
from eventrunner.scheduling.validation import assert_valid

TOPICS = ("hiking", "chess", "jazz", "saas", "fintech", "cycling", "cooking", "yoga")


def people(n: int, seed: int) -> list[Attendee]:
    rng = random.Random(seed)
    return [
        Attendee(id=f"p{i}", name=f"P{i}", company=f"c{i}", interests=tuple(rng.sample(TOPICS, 3)))
        for i in range(n)
    ]


def seatings(n: int) -> Iterator[list[tuple[int, ...]]]:
    """Every round of n (odd) people: pairs and one trio."""
    everyone = tuple(range(n))
    for trio in itertools.combinations(everyone, 3):
        rest = [i for i in everyone if i not in trio]
        for pairs in _pairings(rest):
            yield [trio, *pairs]


def _pairings(rest: list[int]) -> Iterator[list[tuple[int, int]]]:
    if not rest:
        yield []
        return
    first, others = rest[0], rest[1:]
    for k, partner in enumerate(others):
        for tail in _pairings(others[:k] + others[k + 1 :]):
            yield [(first, partner), *tail]


def best_total(weight: np.ndarray, n: int, rounds: int) -> int:
    """The best plan of `rounds` rounds without a repeat, by trying them all."""
    options = []
    for tables in seatings(n):
        pairs = frozenset(
            (a, b) for table in tables for a, b in itertools.combinations(sorted(table), 2)
        )
        options.append((pairs, sum(int(weight[a, b]) for a, b in pairs)))
    best = -1

    def extend(depth: int, used: frozenset[tuple[int, int]], total: int, start: int) -> None:
        nonlocal best
        if depth == rounds:
            best = max(best, total)
            return
        for k in range(start, len(options)):  # rounds in any order: take them ascending
            pairs, value = options[k]
            if not pairs & used:
                extend(depth + 1, used | pairs, total + value, k + 1)

    extend(0, frozenset(), 0, 0)
    return best


@pytest.mark.parametrize(("n", "rounds", "seed"), [(5, 1, 1), (7, 2, 2), (7, 2, 3), (7, 3, 4)])
def test_the_trio_bound_is_never_below_the_best_plan(n: int, rounds: int, seed: int) -> None:
    settings = EventSettings(name="odd", rounds=rounds, odd_policy=OddPolicy.TRIO)
    problem = Problem.build(people(n, seed), settings)
    best = best_total(problem.weight, n, rounds)
    assert best > 0
    assert upper_bound(problem) >= best


def test_an_odd_evening_is_measured_like_an_even_one() -> None:
    settings = EventSettings(name="odd", rounds=6, odd_policy=OddPolicy.TRIO)
    crowd = people(41, seed=7)
    problem = Problem.build(crowd, settings)
    bound = upper_bound(problem)
    # The bound before: the LP of the pairs alone plus two best meetings per round.
    pairs_only = lp_bound(
        problem.weight, ~problem.forbidden(), degree=6, meetings=6 * 20
    ) + 2 * 6 * int(problem.weight.max())
    assert bound < pairs_only
    result = plan(crowd, settings, time_limit=2.0, seed=1)
    assert_valid(result, crowd, settings)
    assert result.stats.affinity_total <= result.stats.upper_bound == bound
