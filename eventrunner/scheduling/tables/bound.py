"""An honest upper bound on the total affinity of a plan of small tables.

A plan that keeps the rules seats each person with distinct partners: in every round at
most (largest table - 1) of them, of which at most so many from each side (two-sided), and
never a forbidden pair (`avoid`, already met, colleagues when they must be apart). Every
plan is therefore a set of distinct pairs within those degree limits, and the best such set
(a fractional b-matching) bounds the best plan. Three relaxations of it, and one that knows
tables; the smallest wins:

- per person, the best partners within the limits, summed and halved;
- the best R x (pairs seated per round) distinct pairs overall;
- the linear programme with all those limits at once (GLOP), for instances small enough to
  solve in well under a second;
- one-sided events of up to `cliques.TABLE_LP_MAX` people with everyone seated every round:
  the linear programme over whole tables (`cliques`, column generation within a time
  budget), which counts a table's pairs together where the b-matching lets each person pick
  partners who never sit with each other.

Neither knows that each round must split everyone into tables at once (the table programme
counts tables over the evening), so 100% may stay out of reach; for small events `exact`
proves the true maximum and `record_optimum` makes it the bound.
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from eventrunner.scheduling.problem import Problem
from eventrunner.scheduling.tables.cliques import table_lp_bound
from eventrunner.scheduling.tables.layout import table_layout

#: Largest number of positive-affinity pairs for which the linear programme is solved.
LP_MAX_PAIRS = 20_000

#: Longest the programme over whole tables (`cliques`) may take, in seconds; the bound it
#: has then is valid, only less tight.
TABLE_LP_SECONDS = 3.0


def tables_upper_bound(
    problem: Problem,
    *,
    relax_colleagues: bool = False,
    repeats: int = 1,
    max_tables: int | None = None,
    start: Sequence[Sequence[int]] = (),
    seconds: float = TABLE_LP_SECONDS,
) -> int:
    """An upper bound on the total table affinity over `problem.rounds` rounds (see module)
    of any plan that keeps the rules.

    For a plan that had to break one, the bound of the relaxed problem: with
    `relax_colleagues` colleagues may sit together, with `repeats` > 1 a pair may meet that
    many times (pairs met in played rounds too). With `max_tables` too few to seat everyone
    (byes), the table programme does not apply. `start`: tables of a plan found already
    (a warm start for the table programme), `seconds` its time budget. Remembered per
    problem and arguments: the solver and the report both ask.
    """
    known = _known.setdefault(problem, {})
    short = max_tables is not None and max_tables * problem.table_size < problem.n
    key = (relax_colleagues, max(1, repeats), short)
    if key not in known:
        known[key] = _bound(problem, relax_colleagues, max(1, repeats), short, start, seconds)
    return known[key]


def record_optimum(problem: Problem, affinity: int) -> None:
    """Remember a proven maximum (`exact`) as the bound of `problem`: the tightest there is."""
    known = _known.setdefault(problem, {})
    key = (False, 1, False)
    known[key] = min(known[key], affinity) if key in known else affinity


# Problems compare by identity (eq=False), so a weak dictionary keyed on them is safe.
_known: weakref.WeakKeyDictionary[Problem, dict[tuple[bool, int, bool], int]] = (
    weakref.WeakKeyDictionary()
)


def _bound(
    problem: Problem,
    relax_colleagues: bool,
    cap: int,
    short: bool,
    start: Sequence[Sequence[int]],
    seconds: float,
) -> int:
    n, rounds = problem.n, problem.rounds
    if rounds <= 0 or n < 2:
        return 0
    layout = table_layout(problem)
    cls = np.asarray(layout.seat_class, dtype=np.int64)
    classes = (0, 1) if cls.any() else (0,)
    # per_round[c][d]: partners of class d a person of class c can have in one round.
    per_round = [
        [
            max(
                (
                    layout.capacity(t, d) - (c == d)
                    for t in range(layout.tables)
                    if layout.capacity(t, c)
                ),
                default=0,
            )
            for d in (0, 1)
        ]
        for c in (0, 1)
    ]
    partners = rounds * (max(layout.sizes) - 1)
    never = problem.avoid.copy()
    if cap == 1:
        never |= problem.met
    if problem.colleagues_apart and not relax_colleagues:
        never |= problem.colleague
    np.fill_diagonal(never, True)
    # A pair can meet at most once a round, so never more often than there are rounds.
    cap = min(cap, rounds)
    weight = np.where(never, 0, problem.weight).clip(min=0)
    for c, d in itertools.product(classes, repeat=2):
        if per_round[c][d] <= 0:
            weight[np.ix_(cls == c, cls == d)] = 0
    bounds = [_per_person(weight, cls, classes, per_round, rounds, partners, cap)]
    upper = np.triu(weight, 1)
    pairs = _pairs_per_round(layout.sizes, layout.hosts, bool(cls.any()))
    best_pairs = np.sort(upper[upper > 0])[::-1]
    bounds.append(int(np.repeat(best_pairs, cap)[: rounds * sum(pairs.values())].sum()))
    if 0 < best_pairs.size <= LP_MAX_PAIRS:
        lp = _lp(weight, cls, classes, per_round, rounds, partners, pairs, cap)
        if lp is not None:
            bounds.append(lp)
    if not cls.any() and not short and best_pairs.size:
        tables = table_lp_bound(problem.weight, never, layout.sizes, rounds, cap, seconds, start)
        if tables is not None:
            bounds.append(tables)
    return min(bounds)


def _per_person(
    weight: npt.NDArray[np.int64],
    cls: npt.NDArray[np.int64],
    classes: tuple[int, ...],
    per_round: list[list[int]],
    rounds: int,
    partners: int,
    cap: int,
) -> int:
    """Half the sum, over people, of their best partners within the limits."""
    total = 0
    for p in range(weight.shape[0]):
        best: list[int] = []
        for d in classes:
            row = np.repeat(np.sort(weight[p, cls == d])[::-1], cap)
            best.extend(row[: rounds * per_round[int(cls[p])][d]].tolist())
        total += sum(sorted(best, reverse=True)[:partners])
    return total // 2


def _pairs_per_round(
    sizes: tuple[int, ...], hosts: tuple[int, ...], two_sided: bool
) -> dict[tuple[int, int], int]:
    """How many pairs of each class combination sit together in one round."""
    if not two_sided:
        return {(0, 0): sum(math.comb(s, 2) for s in sizes)}
    return {
        (0, 0): sum(math.comb(h, 2) for h in hosts),
        (0, 1): sum(h * (s - h) for s, h in zip(sizes, hosts, strict=True)),
        (1, 1): sum(math.comb(s - h, 2) for s, h in zip(sizes, hosts, strict=True)),
    }


def _lp(
    weight: npt.NDArray[np.int64],
    cls: npt.NDArray[np.int64],
    classes: tuple[int, ...],
    per_round: list[list[int]],
    rounds: int,
    partners: int,
    pairs: dict[tuple[int, int], int],
    cap: int,
) -> int | None:
    """The fractional b-matching bound, or None when GLOP gives no optimal answer."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    rows, cols = np.nonzero(np.triu(weight, 1))
    x = [solver.NumVar(0.0, float(cap), "") for _ in range(rows.size)]
    by_person: dict[tuple[int, int], list[int]] = {}
    by_kind: dict[tuple[int, int], list[int]] = {}
    for e, (a, b) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        by_person.setdefault((a, int(cls[b])), []).append(e)
        by_person.setdefault((b, int(cls[a])), []).append(e)
        kind = (min(int(cls[a]), int(cls[b])), max(int(cls[a]), int(cls[b])))
        by_kind.setdefault(kind, []).append(e)
    for (p, d), edges in by_person.items():
        solver.Add(sum(x[e] for e in edges) <= rounds * per_round[int(cls[p])][d])
    for p in range(weight.shape[0]):
        edges = [e for d in classes for e in by_person.get((p, d), [])]
        if len(edges) > partners:
            solver.Add(sum(x[e] for e in edges) <= partners)
    for kind, edges in by_kind.items():
        solver.Add(sum(x[e] for e in edges) <= rounds * pairs.get(kind, 0))
    solver.Maximize(
        sum(float(weight[a, b]) * x[e] for e, (a, b) in enumerate(zip(rows, cols, strict=True)))
    )
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    # The total is an integer; the small slack covers GLOP's floating-point tolerance.
    return math.floor(float(solver.Objective().Value()) + 1e-6)
