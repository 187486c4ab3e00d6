"""The shortcuts that make planning fast at scale give the same figures as the long way.

- The bound's min-cost flow on the double cover is the LP it stands for, exactly: small random
  instances (degree caps, a binding meeting cap, pairs allowed twice, forbidden pairs) are
  solved both ways (the flow of `pairs.bound.lp_bound`, and the LP written out in full for
  GLOP), and the flow is never below the best plan a brute-force search finds.
- `Utility.edge_values` skips the fairness terms only when nobody can be below the target.
- Table numbers of a large round come from a sparse min-cost flow (`numbering.SPARSE_FROM`):
  on a re-plan it keeps exactly the meetings, numbers and stays the full assignment keeps.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from ortools.linear_solver import pywraplp

from eventrunner.scheduling.pairs.bound import lp_bound


def _glop(w: np.ndarray, allowed: np.ndarray, degree: int, meetings: int, cap: int) -> float:
    n = w.shape[0]
    solver: Any = pywraplp.Solver.CreateSolver("GLOP")
    pairs = [(a, b) for a, b in itertools.combinations(range(n), 2) if allowed[a, b]]
    x = {p: solver.NumVar(0.0, float(cap), "") for p in pairs}
    for v in range(n):
        solver.Add(sum(x[p] for p in pairs if v in p) <= degree)
    solver.Add(sum(x.values()) <= meetings)
    solver.Maximize(sum(float(w[p]) * x[p] for p in pairs))
    assert solver.Solve() == solver.OPTIMAL
    return float(solver.Objective().Value())


@pytest.mark.parametrize("seed", range(8))
def test_the_flow_bound_is_the_lp_optimum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 18))
    w = rng.integers(0, 6, (n, n))
    w = np.triu(w, 1) + np.triu(w, 1).T
    allowed = rng.random((n, n)) < 0.8
    allowed = np.triu(allowed, 1)
    allowed = allowed | allowed.T
    degree = int(rng.integers(1, 5))
    cap = 1 + seed % 2
    # Half the seeds cap the meetings below what the degrees allow, so that cap binds.
    meetings = degree * (n // 2) if seed % 4 < 2 else max(1, degree * n // 5)
    exact = _glop(w, allowed & (w > 0), degree, meetings, cap)
    got = lp_bound(w, allowed, degree=degree, meetings=meetings, cap=cap)
    assert got == math.floor(exact + 1e-6)


def test_the_flow_bound_is_never_below_the_best_plan() -> None:
    rng = np.random.default_rng(3)
    n, rounds = 6, 2
    for _ in range(4):
        w = rng.integers(0, 5, (n, n))
        w = np.triu(w, 1) + np.triu(w, 1).T
        everyone = list(range(n))
        seatings = [
            m
            for m in itertools.permutations(everyone)
            if all(m[k] < m[k + 1] for k in range(0, n, 2))
            and all(m[k] < m[k + 2] for k in range(0, n - 2, 2))
        ]
        best = 0
        for one, two in itertools.combinations(seatings, 2):
            first = {(one[k], one[k + 1]) for k in range(0, n, 2)}
            second = {(two[k], two[k + 1]) for k in range(0, n, 2)}
            if first & second:
                continue
            best = max(best, sum(int(w[p]) for p in first | second))
        allowed = ~np.eye(n, dtype=np.bool_)
        bound = lp_bound(w, allowed, degree=rounds, meetings=rounds * n // 2)
        assert bound >= best


@pytest.mark.parametrize("target", [0, 1, 3, 9])
def test_edge_values_take_the_short_way_only_when_it_is_the_same(target: int) -> None:
    from eventrunner.scheduling.fairness import Utility

    rng = np.random.default_rng(target)
    n = 12
    w = rng.integers(0, 4, (n, n))
    w = np.triu(w, 1) + np.triu(w, 1).T
    served = rng.integers(2, 6, n)
    utility = Utility(target=target, scale=5)
    base = utility.person(served)
    gain = utility.person(served[:, None] + w) - base[:, None]
    assert np.array_equal(utility.edge_values(served, w), gain + gain.T)


@pytest.mark.parametrize(("size", "played"), [(2, 2), (4, 1)])
def test_sparse_table_numbers_keep_what_the_full_assignment_keeps(
    size: int, played: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventrunner.generate import generate_attendees
    from eventrunner.model import EventSettings, Plan
    from eventrunner.scheduling import numbering, plan, replan
    from eventrunner.scheduling.changes import kept_meetings
    from eventrunner.scheduling.validation import assert_valid

    people = generate_attendees(90, seed=size)
    s = EventSettings("numbers", rounds=4, table_size=size)
    before = plan(people, s, time_limit=0.5)
    present = people[3:]
    after = replan(present, s, before, played, time_limit=0.5)
    figures = []
    for sparse_from in (10**9, 0):
        monkeypatch.setattr(numbering, "SPARSE_FROM", sparse_from)
        rounds = numbering.number_tables(
            after.rounds[played:],
            before=before.rounds[:played],
            announced=before.rounds[played:],
            stay=numbering.stays(s),
        )
        again = Plan(rounds=(*before.rounds[:played], *rounds))
        assert_valid(again, present, s, played=before.rounds[:played])
        for rnd in rounds:
            numbers = [t.number for t in rnd.tables]
            assert len(set(numbers)) == len(numbers)
        figures.append(
            (
                kept_meetings(before, again, played),
                numbering.moves(again.rounds),
                sorted(t.number for r in rounds for t in r.tables),
            )
        )
    assert figures[0] == figures[1]


@pytest.mark.parametrize("played", [1, 2])
def test_a_departure_replanned_the_quick_way_keeps_every_other_meeting(
    played: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The re-plan path of large events (no plain construction, greedy-then-exact fair
    construction), scaled down by lowering its threshold."""
    from eventrunner.generate import generate_attendees
    from eventrunner.model import EventSettings
    from eventrunner.scheduling import plan, replan
    from eventrunner.scheduling.pairs import solve
    from eventrunner.scheduling.validation import assert_tables_stable, assert_valid

    monkeypatch.setattr(solve, "QUICK_FROM", 20)
    people = generate_attendees(80, seed=played)
    s = EventSettings("quick", rounds=5)
    before = plan(people, s, time_limit=1.0)
    leaver = people[7].id
    present = [a for a in people if a.id != leaver]
    after = replan(present, s, before, played, time_limit=0.5)
    assert_valid(after, present, s, played=before.rounds[:played])
    assert_tables_stable(after, present, s, previous=before, played=played)
    assert after.rounds[:played] == before.rounds[:played]
    # The leaver's own announced meetings go; beyond them at most one a round (79 people
    # now: someone sits out, which the leaver's partner of that round usually does).
    theirs = sum(1 for r, a, b in before.meetings() if r > played and leaver in (a, b))
    assert theirs <= after.stats.changed_meetings <= theirs + (s.rounds - played)
