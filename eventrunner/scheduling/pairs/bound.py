"""Honest upper bounds on the total affinity of a 1:1 plan.

The bound is the LP relaxation of the maximum-weight degree-bounded subgraph: each attendee
meets at most R partners (R rounds), each pair at most once, at most R x (pairs per round)
meetings in all, only over pairs the rules allow. It is solved with GLOP on a few candidate
pairs per attendee and grown by column generation; the number returned is the objective of
the LP *dual* with every allowed pair priced in:

    R * sum(y) + M * t + sum over allowed pairs of max(0, w - y_u - y_v - t)

Any y, t >= 0 make that a valid bound (weak duality), so the figure is a proof even if the
column generation stops early; when it converges it equals the full LP.

For the trio policy (an odd 1:1 round seats its odd person as a third at a table) each of T
trio rounds holds two more meetings and gives its three people one partner more: the LP gets
z_i (rounds person i spends in a trio, at most T, 3T in all) with degree R + z_i, whose dual
adds `3T * s + T * sum max(0, y_i - s)`. (It used to add `2 * R * max affinity`, which left
odd evenings at about 90% of their bound with plans that were as good as the even ones.)
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
from ortools.linear_solver import pywraplp

from eventrunner.scheduling.byes import bye_quota, trio_needed
from eventrunner.scheduling.pairs.seating import Rules
from eventrunner.scheduling.problem import BoolMatrix, IntMatrix, Problem

FloatVector = np.ndarray[tuple[int], np.dtype[np.float64]]


def dual_value(
    weight: IntMatrix,
    allowed: BoolMatrix,
    degree: int,
    meetings: int,
    y: FloatVector,
    t: float,
    cap: int = 1,
    trio_rounds: int = 0,
    s: float = 0.0,
) -> float:
    """The dual objective: an upper bound for any y >= 0, t >= 0 and s >= 0 (`s` prices the
    trio seats of `trio_rounds` rounds; with none it plays no part)."""
    iu, ju = np.nonzero(np.triu(allowed & (weight > 0), 1))
    slack = weight[iu, ju] - y[iu] - y[ju] - t
    value = degree * y.sum() + meetings * t + cap * np.maximum(slack, 0.0).sum()
    if trio_rounds:
        value += trio_rounds * (3 * s + np.maximum(y - s, 0.0).sum())
    return float(value)


def lp_bound(
    weight: IntMatrix,
    allowed: BoolMatrix,
    *,
    degree: int,
    meetings: int,
    cap: int = 1,
    rounds_cap: int = 12,
    deadline: float | None = None,
    trio_rounds: int = 0,
) -> int:
    """Upper bound on sum of w over pairs (each used <= `cap` times), degrees <= `degree`
    (plus one per round spent in a trio, in `trio_rounds` rounds of three trio seats each),
    at most `meetings` pairs in all.

    Past `deadline` (a perf_counter() value) no further LP is solved: the dual found so far
    is already a bound, and with none yet the cheaper `best_partners_bound` is returned."""
    n = weight.shape[0]
    if n < 2 or degree <= 0 or meetings <= 0:
        return 0
    usable = np.triu(allowed & (weight > 0), 1)
    usable = usable | usable.T
    if not usable.any():
        return 0
    if deadline is not None and time.perf_counter() >= deadline:
        return min(
            best_partners_bound(weight, usable, degree + trio_rounds, cap),
            best_pairs_bound(weight, usable, meetings, cap),
        )
    # Start from each attendee's best 2R + 2 pairs: enough for most of the LP's support.
    keep = min(n - 1, 2 * degree + 2)
    scored = np.where(usable, weight, -1)
    top = np.argsort(-scored, axis=1, kind="stable")[:, :keep]
    columns: set[tuple[int, int]] = set()
    for i in range(n):
        for j in top[i]:
            if usable[i, j]:
                columns.add((min(i, int(j)), max(i, int(j))))
    y = np.zeros(n)
    t = 0.0
    best = math.inf
    for _ in range(rounds_cap):
        if best < math.inf and deadline is not None and time.perf_counter() >= deadline:
            break
        y, t, s = _solve(weight, sorted(columns), n, degree, meetings, cap, trio_rounds)
        best = min(best, dual_value(weight, usable, degree, meetings, y, t, cap, trio_rounds, s))
        iu, ju = np.nonzero(np.triu(usable, 1))
        slack = weight[iu, ju] - y[iu] - y[ju] - t
        priced = [(int(a), int(b)) for a, b in zip(iu[slack > 1e-7], ju[slack > 1e-7], strict=True)]
        fresh = [pair for pair in priced if pair not in columns]
        if not fresh:
            break
        columns.update(fresh)
    # The affinity total is an integer: round down what the proof allows.
    return math.floor(best + 1e-6)


def best_partners_bound(weight: IntMatrix, usable: BoolMatrix, degree: int, cap: int) -> int:
    """Half the sum over attendees of their `degree` best usable partners (each counted up
    to `cap` times): a bound in one sort, for when there is no time for the LP."""
    n = weight.shape[0]
    take = min(n - 1, degree)
    scored = np.where(usable, weight, 0)
    best = -np.partition(-scored, take - 1, axis=1)[:, :take] if take > 0 else scored[:, :0]
    if cap > 1:
        # A partner met `cap` times counts `cap` times, still within `degree` meetings.
        best = -np.sort(-np.repeat(best, cap, axis=1), axis=1)[:, :degree]
    return int(best.sum()) // 2


def best_pairs_bound(weight: IntMatrix, usable: BoolMatrix, meetings: int, cap: int) -> int:
    """The `meetings` best usable pairs (each up to `cap` times) summed: the other cheap
    bound, tighter than `best_partners_bound` when everyone's best partners are the same few."""
    values = weight[np.triu(usable, 1)]
    count = min(values.size, -(-meetings // cap))
    if count <= 0:
        return 0
    top = np.sort(-np.partition(-values, count - 1)[:count])[::-1]
    return int(top.repeat(cap)[:meetings].sum())


def _solve(
    weight: IntMatrix,
    columns: list[tuple[int, int]],
    n: int,
    degree: int,
    meetings: int,
    cap: int,
    trio_rounds: int = 0,
) -> tuple[FloatVector, float, float]:
    """Solve the restricted LP; return its duals (y per attendee, t for the meeting cap, s
    for the trio seats)."""
    solver: Any = pywraplp.Solver.CreateSolver("GLOP")
    x = [solver.NumVar(0.0, float(cap), "") for _ in columns]
    incident: list[list[int]] = [[] for _ in range(n)]
    for k, (a, b) in enumerate(columns):
        incident[a].append(k)
        incident[b].append(k)
    z = [solver.NumVar(0.0, float(trio_rounds), "") for _ in range(n)] if trio_rounds else []
    rows: list[Any] = []
    for v in range(n):
        row = solver.Constraint(-solver.infinity(), float(degree))
        for k in incident[v]:
            row.SetCoefficient(x[k], 1.0)
        if z:
            row.SetCoefficient(z[v], -1.0)
        rows.append(row)
    seats = solver.Constraint(-solver.infinity(), float(3 * trio_rounds))
    for var in z:
        seats.SetCoefficient(var, 1.0)
    all_meetings = solver.Constraint(-solver.infinity(), float(meetings))
    for var in x:
        all_meetings.SetCoefficient(var, 1.0)
    objective = solver.Objective()
    for var, (a, b) in zip(x, columns, strict=True):
        objective.SetCoefficient(var, float(weight[a, b]))
    objective.SetMaximization()
    solver.Solve()
    y = np.asarray([abs(row.dual_value()) for row in rows], dtype=np.float64)
    return y, abs(all_meetings.dual_value()), abs(seats.dual_value()) if z else 0.0


def upper_bound(
    problem: Problem,
    *,
    max_tables: int | None = None,
    relax_colleagues: bool = False,
    repeats: int = 1,
    deadline: float | None = None,
) -> int:
    """An upper bound on the total affinity of any 1:1 plan of `problem` that keeps its rules.

    Within `deadline` (perf_counter()) when given: weaker, still honest, when time is short.

    For plans that had to break a rule, the bound covers the relaxed problem: with
    `relax_colleagues` colleague pairs count as allowed, and with `repeats` > 1 a pair may
    meet that many times (pairs met in played rounds too).
    """
    if problem.n < 2 or problem.rounds <= 0:
        return 0
    rules = Rules.of(problem)
    allowed = ~rules.never if repeats > 1 else ~(rules.never | problem.met)
    if not relax_colleagues:
        allowed &= ~rules.colleague
    quota = bye_quota(problem, max_tables)
    seated = problem.n - sum(quota.values())
    trio = trio_needed(problem, quota)
    # A trio round holds its (seated - 3) / 2 pairs and the trio's three meetings.
    per_round = (seated - 3) // 2 + 3 if trio else seated // 2
    return lp_bound(
        problem.weight,
        allowed,
        degree=problem.rounds,
        meetings=problem.rounds * per_round,
        cap=repeats,
        deadline=deadline,
        trio_rounds=problem.rounds if trio else 0,
    )
