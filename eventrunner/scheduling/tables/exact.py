"""Exact plans of small tables (CP-SAT): the best affinity, and the proof that it is the best.

For up to EXACT_MAX people the whole evening fits one CP-SAT model: x[p, r, t] seats person
p at table t in round r; y[p, q, r, t] (both at t) is their product; a pair shares a table in
at most one round; forbidden pairs (`avoid`, already met, colleagues when apart) never do.
The objective is the total affinity. Tables of one size are interchangeable, so person p may
only take tables 0..p (any seating can be relabelled so), and rounds are too, so they are
ordered by person 0's first table mate; that removes most of the symmetry. The search's
best plan is the hint, so CP-SAT starts from there.

When CP-SAT reports OPTIMAL, its objective is the exact maximum: the caller records it as the
upper bound (`bound.record_optimum`), and the console can say "proven optimal". Two-sided
events and `want` requests are left to the search.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import attrs
import numpy as np

from eventrunner.scheduling.problem import Problem
from eventrunner.scheduling.tables.layout import IntArray, TableLayout

#: Largest number of people the exact model is built for.
EXACT_MAX = 24


@attrs.frozen
class Exact:
    """What CP-SAT found within its time."""

    table_of: IntArray | None
    """rounds x n: a plan at least as good as the hint, or None when none was found."""
    affinity: int
    """Its total affinity."""
    optimal: bool
    """Whether CP-SAT proved no plan keeping the rules has more."""


def fits(problem: Problem, layout: TableLayout) -> bool:
    """Whether the exact model applies to this problem."""
    return (
        2 <= problem.n <= EXACT_MAX
        and problem.rounds >= 1
        and not problem.two_sided
        and not problem.wants
    )


def solve_exact(
    problem: Problem,
    layout: TableLayout,
    hint: IntArray,
    *,
    seconds: float,
    seed: int = 0,
) -> Exact:
    """The best plan of `problem` (people at `layout`'s tables) CP-SAT finds in `seconds`."""
    from ortools.sat.python import cp_model

    started = time.monotonic()
    n, rounds, tables = problem.n, problem.rounds, layout.tables
    sizes = layout.sizes
    model = cp_model.CpModel()
    equal = len(set(sizes)) == 1
    x = {}
    for p, r, t in itertools.product(range(n), range(rounds), range(tables)):
        if equal and t > p:
            continue  # symmetry: relabel tables by their first person
        x[p, r, t] = model.new_bool_var("")
    for p, r in itertools.product(range(n), range(rounds)):
        model.add_exactly_one(x[p, r, t] for t in range(tables) if (p, r, t) in x)
    for r, t in itertools.product(range(rounds), range(tables)):
        model.add(sum(x[p, r, t] for p in range(n) if (p, r, t) in x) == sizes[t])
    forbidden = problem.forbidden()
    weight = problem.weight
    objective: list[tuple[int, Any]] = []
    with_first: dict[tuple[int, int], Any] = {}  # (round, q): q sits with person 0
    for p, q in itertools.combinations(range(n), 2):
        both = [
            (r, x[p, r, t], x[q, r, t])
            for r in range(rounds)
            for t in range(tables)
            if (p, r, t) in x and (q, r, t) in x
        ]
        if forbidden[p, q]:
            for _r, a, b in both:
                model.add_bool_or([a.Not(), b.Not()])
            continue
        together = []
        for r, a, b in both:
            y = model.new_bool_var("")
            # y = a and b, both ways: the no-repeat rule needs y to be exact.
            model.add_implication(y, a)
            model.add_implication(y, b)
            model.add_bool_or([a.Not(), b.Not(), y])
            together.append(y)
            if p == 0:
                with_first[r, q] = y
        model.add(sum(together) <= 1)
        if weight[p, q] > 0:
            objective.extend((int(weight[p, q]), y) for y in together)
    if equal and not problem.met.any():
        # Rounds are interchangeable too: order them by person 0's first table mate (the
        # mates differ every round, so any plan can be reordered so).
        for r, q in itertools.product(range(rounds - 1), range(1, n)):
            if (r + 1, q) in with_first:
                earlier = [with_first[r, e] for e in range(1, q) if (r, e) in with_first]
                model.add(sum(earlier) >= with_first[r + 1, q])
    model.maximize(sum(w * y for w, y in objective))
    relabelled = _relabel(hint, tables) if equal else hint
    for (p, r, t), var in x.items():
        model.add_hint(var, int(relabelled[r, p] == t))
    solver = cp_model.CpSolver()
    # Building the model took some of the time; CP-SAT's own wrap-up takes a little more.
    solver.parameters.max_time_in_seconds = max(0.1, 0.8 * (seconds - (time.monotonic() - started)))
    # The machine's cores are shared with the console: one worker keeps the UI responsive.
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Exact(None, 0, False)
    table_of = np.zeros((rounds, n), dtype=np.int64)
    for (p, r, t), var in x.items():
        if solver.boolean_value(var):
            table_of[r, p] = t
    return Exact(table_of, round(solver.objective_value), status == cp_model.OPTIMAL)


def _relabel(table_of: IntArray, tables: int) -> IntArray:
    """The same seating with each round's tables numbered by their first person."""
    out = np.empty_like(table_of)
    for r in range(table_of.shape[0]):
        order: dict[int, int] = {}
        for t in table_of[r].tolist():
            order.setdefault(t, len(order))
        out[r] = [order[t] for t in table_of[r].tolist()]
    return out
