"""Zero-repeat designs (scheduling.tables.designs, .seat): each family on the sizes it claims.

Every construction is checked pair by pair here and, through `plan`, by the solver-
independent `validation.assert_valid`.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventrunner.model import Attendee, EventSettings
from eventrunner.scheduling import plan
from eventrunner.scheduling.tables.designs import (
    DesignRound,
    cyclic_packing,
    design_pairs,
    doubled,
    find_rounds,
    groups,
    one_rotational,
)
from eventrunner.scheduling.tables.seat import seat_design, swap_gains
from eventrunner.scheduling.validation import assert_no_repeats, assert_valid


def pair_counts(rounds: list[DesignRound]) -> Counter[tuple[int, int]]:
    return Counter(pair for rnd in rounds for b in rnd for pair in itertools.combinations(b, 2))


def assert_packing(rounds: list[DesignRound] | None, n: int, k: int, count: int) -> None:
    assert rounds is not None
    assert len(rounds) == count
    for rnd in rounds:
        assert sorted(p for b in rnd for p in b) == list(range(n))
        assert all(len(b) == k for b in rnd)
    assert max(pair_counts(rounds).values()) == 1


def soon(seconds: float = 30.0) -> float:
    return time.monotonic() + seconds


@pytest.mark.parametrize("m", [8, 12, 20, 27])
def test_groups_are_groups(m: int) -> None:
    for _name, mul in groups(m):
        assert sorted(mul[0].tolist()) == list(range(m))
        assert (mul[0] == np.arange(m)).all()  # 0 is the identity
        x = np.arange(m)
        left = mul[mul[x[:, None], x[None, :]][:, :, None], x[None, None, :]]
        right = mul[x[:, None, None], mul[x[:, None], x[None, :]][None, :, :]]
        assert (left == right).all()


# 1-rotational Kirkman triple systems (v = 3, 9 mod 24 over Z_{v-1}) and resolvable
# (v, 4, 1) designs: every pair meets exactly once over the (v - 1) / (k - 1) rounds.
@pytest.mark.parametrize(("n", "k"), [(9, 3), (27, 3), (33, 3), (16, 4), (40, 4), (52, 4)])
def test_one_rotational_designs(n: int, k: int) -> None:
    rounds = one_rotational(n, k, soon())
    assert_packing(rounds, n, k, (n - 1) // (k - 1))
    assert rounds is not None
    assert len(pair_counts(rounds)) == n * (n - 1) // 2


@pytest.mark.parametrize(("n", "k"), [(15, 3), (21, 3), (28, 4)])
def test_one_rotational_proves_none_over_these_groups(n: int, k: int) -> None:
    # The search runs to the end quickly: none of these groups gives one (15 and 21 are
    # Kirkman's 3 (mod 6) sizes outside 3, 9 (mod 24)); cyclic packings take over.
    started = time.monotonic()
    assert one_rotational(n, k, soon(20)) is None
    assert time.monotonic() - started < 20


# Cyclic packings: (people, table, rounds, fixed points, base classes).
PACKINGS = [
    (15, 3, 7, 1, 1),  # Kirkman's schoolgirls over Z_7 x 2 + 1
    (27, 3, 13, 1, 1),  # KTS(27) over Z_13 x 2 + 1
    (18, 3, 8, 2, 2),  # a nearly Kirkman system, two classes over Z_4 x 4 + 2
    (32, 4, 9, 5, 1),  # 8 golfers' groups of 4 for 9 weeks over Z_9 x 3 + 5
    (40, 4, 10, 0, 1),  # 10 groups of 4 for 10 weeks over Z_10 x 4
    (21, 3, 10, 1, 2),  # KTS(21), two classes over Z_5 x 4 + 1
]


@pytest.mark.parametrize(("n", "k", "rounds", "fixed", "classes"), PACKINGS)
def test_cyclic_packings(n: int, k: int, rounds: int, fixed: int, classes: int) -> None:
    found = cyclic_packing(n, k, rounds, fixed, soon(60), classes=classes)
    assert_packing(found, n, k, rounds)


def test_cyclic_packing_refuses_what_counting_forbids() -> None:
    # 21 in threes for 10 rounds over Z_10 x 2 + 1 needs 19 pair types; there are 18.
    assert cyclic_packing(21, 3, 10, 1, soon(5)) is None


# Doubled designs: n = 2m from a resolvable (m, k, 1) design and a relabelled copy, signs
# over GF(2); every pair meets once except the m pairs {x, x + m}.
@pytest.mark.parametrize(("n", "k"), [(32, 4), (18, 3), (42, 3), (66, 3)])
def test_doubled_designs(n: int, k: int) -> None:
    most = 2 * (n // 2 - 1) // (k - 1)
    found = doubled(n, k, most, soon())
    assert_packing(found, n, k, most)
    assert found is not None
    m = n // 2
    never = {(x, x + m) for x in range(m)}
    assert set(pair_counts(found)) == set(itertools.combinations(range(n), 2)) - never


def test_doubled_designs_give_up_where_the_signs_have_no_solution() -> None:
    # m = 15: the relabellings spread, but no sign system is solvable; the family says so
    # and leaves its time to the others.
    given_up: list[bool] = []
    assert doubled(30, 3, 2, soon(60), proof=given_up) is None
    assert given_up == [True]


def test_doubled_designs_refuse_sizes_outside_their_family() -> None:
    refused: list[bool] = []
    assert doubled(34, 4, 10, soon(5), proof=refused) is None  # 17 is no multiple of 4
    assert doubled(32, 4, 11, soon(5), proof=refused) is None  # more than 2 (m - 1) / 3
    assert refused == [True, True]


@pytest.mark.parametrize("rounds", [1, 3, 5, 9, 10])
def test_find_rounds_gives_any_number_of_rounds(rounds: int) -> None:
    assert_packing(find_rounds(40, 4, rounds, 20.0), 40, 4, rounds)


def test_find_rounds_refuses_impossible_requests() -> None:
    assert find_rounds(15, 3, 8, 5.0) is None  # 8 rounds x 2 partners > 14 others
    assert find_rounds(14, 3, 2, 5.0) is None  # tables would not be full


def pure(n: int) -> list[Attendee]:
    return [Attendee(id=f"p{i:02d}", name=f"P{i}") for i in range(n)]


@pytest.mark.parametrize(
    ("n", "k", "rounds"), [(15, 3, 7), (18, 3, 8), (27, 3, 13), (32, 4, 10), (40, 4, 10)]
)
def test_plan_reaches_zero_repeats_through_a_design(n: int, k: int, rounds: int) -> None:
    people = pure(n)
    s = EventSettings("golf", rounds, table_size=k)
    result = plan(people, s, time_limit=40.0, seed=3)
    assert_valid(result, people, s)
    assert result.stats.repeats == 0
    assert not result.stats.rule_breaks


TOPICS = ("ai", "art", "bio", "data", "food", "golf", "law", "math", "music")


def test_design_is_seated_for_affinity_with_interests() -> None:
    # Nine pairs of twins with identical interests: a good seating puts twins together.
    people = [
        Attendee(id=f"p{i:02d}", name=f"P{i}", interests=(TOPICS[i // 2], TOPICS[(i // 2 + 1) % 9]))
        for i in range(18)
    ]
    s = EventSettings("golf", 8, table_size=3)
    result = plan(people, s, time_limit=40.0, seed=1)
    assert_valid(result, people, s)
    assert_no_repeats(result, people, s)
    twins = {(f"p{2 * t:02d}", f"p{2 * t + 1:02d}") for t in range(9)}
    met = {tuple(sorted((a, b))) for _, a, b in result.meetings()}
    assert twins <= met


def test_seat_design_beats_the_identity_seating() -> None:
    # 6 of KTS(27)'s 13 rounds: with all 13 every pair meets and every seating is equal.
    rounds = find_rounds(27, 3, 6, 20.0)
    assert rounds is not None
    rng = np.random.default_rng(0)
    value = rng.integers(0, 4, (27, 27)).astype(np.float64)
    value = np.triu(value, 1) + np.triu(value, 1).T
    table_of = seat_design(rounds, value, rng=rng, deadline=soon(2))
    same = table_of[:, :, None] == table_of[:, None, :]
    meets = same.sum(axis=0) - np.eye(27, dtype=np.int64) * 6
    assert meets.max() == 1  # still a design: nobody meets twice
    seated = float((meets * value).sum()) / 2
    identity = float((design_pairs(rounds, 27) * value).sum()) / 2
    assert seated > identity


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 12), st.integers(0, 2**31 - 1))
def test_swap_gains_match_a_recount(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    meet = np.triu((rng.random((n, n)) < 0.4).astype(np.float64), 1)
    meet += meet.T
    placed = np.triu(rng.integers(-3, 5, (n, n)).astype(np.float64), 1)
    placed += placed.T
    gains = swap_gains(meet, placed)
    for u, v in itertools.combinations(range(n), 2):
        after = placed.copy()
        after[[u, v], :] = after[[v, u], :]
        after[:, [u, v]] = after[:, [v, u]]
        change = float((meet * after).sum() - (meet * placed).sum()) / 2
        assert gains[u, v] == pytest.approx(change)
