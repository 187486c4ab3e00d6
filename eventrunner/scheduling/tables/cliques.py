"""The tables bound that knows table mates form cliques: a linear programme over whole tables.

A plan of R rounds is, counted over the evening, a multiset of tables T (sets of people):
z_T = the rounds in which T is a table. Every person sits at a table in every round
(sum of z_T over the tables holding p = R), each round has its tables' sizes (sum over
tables of size s = R x the tables of size s), a pair meets at most `cap` times, and the plan's
affinity is the sum of w(T) z_T, w(T) the affinity of T's pairs. Relaxing z to real numbers
gives a linear programme whose value bounds every plan that keeps the rules; it counts a
table's six pairs together, where the b-matching relaxation of `bound` lets each person
pick partners who never sit with each other.

There are far too many tables to write down, so the programme is solved by column generation:
GLOP solves it over the tables found so far, and the tables of positive reduced cost under
its duals (u per person, v >= 0 per pair, sigma per size) are added, until none is left or
the time budget is spent. Whatever the duals, R sum(u) + cap sum(v) + R sum_s (tables of
size s) x max over tables T of size s of (w(T) - u(T) - v(T)) bounds the programme (weak
duality, every table priced exactly), so each round gives a valid bound and the least is
kept: the answer is honest even when the budget ends the generation early. The exact
pricing enumerates every table: all triples at once in numpy, and for tables of four every
pair with the best two people added, pairs visited in the order of an upper bound on what
they can reach so that most are never completed.

Forbidden pairs (avoid, already met, colleagues kept apart) get a large negative weight:
a plan that keeps the rules never seats them together, so its value is unchanged and the
bound stays valid, while the programme stays feasible whatever the rules.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: Largest event (people) the programme is built for. Measured: it converges in 0.1-1.4 s
#: up to 60 people, 4.5 s at 90 and 22 s at 150 (tables of 4, 6 rounds, busy machine), and
#: on the 12-150 person instances measured it then equals the b-matching bound of `bound`
#: (it is tighter at 9: 27 against 28, the proven optimum), so beyond
#: this size the time is better spent on the plan.
TABLE_LP_MAX = 60

#: Most tables added per round of column generation, per person.
COLUMNS_PER_PERSON = 3

#: Pairs completed to tables of four at once (numpy chunk: chunk x n x n floats).
PAIR_CHUNK = 64

#: Reduced costs below this are zero (GLOP's tolerances are about 1e-7).
EPS = 1e-6

_NEVER = -1e12


def table_lp_bound(
    weight: npt.NDArray[np.int64],
    never: npt.NDArray[np.bool_],
    sizes: tuple[int, ...],
    rounds: int,
    cap: int,
    seconds: float,
    start: Sequence[Sequence[int]] = (),
) -> int | None:
    """An upper bound on the affinity of `rounds` rounds of tables of `sizes`, each pair
    meeting at most `cap` times and never a `never` pair; None when it does not apply
    (sizes outside 2-4, too many people, no time). `start`: tables to begin from (those of
    a plan already found: a feasible start, so the duals are sensible from the first pass)."""
    n = weight.shape[0]
    if n > TABLE_LP_MAX or rounds <= 0 or seconds <= 0 or not sizes:
        return None
    if sum(sizes) != n or any(s < 2 or s > 4 for s in sizes):
        return None
    deadline = time.monotonic() + seconds
    w = np.clip(weight, 0, None).astype(np.float64)
    np.fill_diagonal(w, 0.0)
    # What breaking a pair limit (or seating a forbidden pair) costs: more than any table can
    # gain. Any value keeps the bound valid (a plan keeping the rules pays none of it); a
    # moderate one keeps GLOP's duals, and so the column generation, well scaled.
    biggest = max(sizes)
    penalty = 1.0 + 2.0 * float(w.max(initial=0.0)) * biggest * (biggest - 1)
    w = np.where(never & ~np.eye(n, dtype=np.bool_), -penalty, w)
    counts = {s: sizes.count(s) for s in sorted(set(sizes))}
    master = _Master(w, counts, rounds, cap, penalty)
    # Always feasible: the layout's tables in registration order (elastic pair rows).
    first = 0
    for s in sizes:
        master.add(tuple(range(first, first + s)))
        first += s
    for table in start:
        if len(table) in counts:
            master.add(tuple(sorted(int(p) for p in table)))
    best: float | None = None
    clean = False
    while time.monotonic() < deadline:
        duals = master.solve()
        if duals is None:
            break
        u, v, sigma = duals
        clean = master.keeps_rules()
        red = w - v
        np.fill_diagonal(red, _NEVER)
        most: dict[int, float] = {}
        added = 0
        for s in counts:
            most[s], found = _price(red, u, s, n * COLUMNS_PER_PERSON, deadline, sigma[s])
            added += sum(master.add(table) for _value, table in found)
        # Weak duality: with every table priced, these duals bound the programme.
        bound = rounds * float(u.sum()) + cap * float(np.triu(v, 1).sum())
        bound += rounds * sum(counts[s] * most[s] for s in counts)
        best = bound if best is None else min(best, bound)
        if not added:
            break  # no table of positive reduced cost: the programme is solved
    if best is None or not np.isfinite(best) or not clean:
        # With slack or a forbidden pair in use the programme may have no solution that
        # keeps the rules, and then its duals bound nothing useful.
        return None
    # The affinity is an integer; the slack covers floating-point error.
    return max(0, int(np.floor(best + 1e-6)))


class _Master:
    """The programme over the tables known so far, kept in one GLOP model that grows."""

    def __init__(
        self, w: FloatArray, counts: dict[int, int], rounds: int, cap: int, penalty: float
    ) -> None:
        from ortools.linear_solver import pywraplp

        self.w, self.cap, self.penalty = w, cap, penalty
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.optimal = pywraplp.Solver.OPTIMAL
        self.known: set[tuple[int, ...]] = set()
        self.objective = self.solver.Objective()
        self.objective.SetMaximization()
        self.person = [self.solver.Constraint(rounds, rounds) for _ in range(w.shape[0])]
        self.size = {s: self.solver.Constraint(rounds * c, rounds * c) for s, c in counts.items()}
        self.pair: dict[tuple[int, int], Any] = {}
        # Slack variables and tables holding a forbidden pair: in use, the programme may
        # have no solution that keeps the rules.
        self.breaking: list[Any] = []

    def add(self, table: tuple[int, ...]) -> bool:
        """Add a table (False when it is known already)."""
        if table in self.known:
            return False
        self.known.add(table)
        idx = np.asarray(table)
        z = self.solver.NumVar(0.0, self.solver.infinity(), "")
        inside = self.w[np.ix_(idx, idx)]
        self.objective.SetCoefficient(z, float(inside.sum()) / 2)
        if (inside < 0).any():
            self.breaking.append(z)
        self.size[len(table)].SetCoefficient(z, 1.0)
        for i, p in enumerate(table):
            self.person[p].SetCoefficient(z, 1.0)
            for q in table[i + 1 :]:
                pair = (p, q) if p < q else (q, p)
                if self.w[pair] <= 0:
                    continue  # no affinity to gain there: the limit cannot matter
                row = self.pair.get(pair)
                if row is None:
                    # Elastic: early tables may not spread the pairs; the slack costs.
                    row = self.solver.Constraint(-self.solver.infinity(), self.cap)
                    slack = self.solver.NumVar(0.0, self.solver.infinity(), "")
                    row.SetCoefficient(slack, -1.0)
                    self.objective.SetCoefficient(slack, -self.penalty)
                    self.breaking.append(slack)
                    self.pair[pair] = row
                row.SetCoefficient(z, 1.0)
        return True

    def keeps_rules(self) -> bool:
        """Whether the last solution breaks no pair limit and seats no forbidden pair."""
        return float(sum(var.solution_value() for var in self.breaking)) <= 1e-6

    def solve(self) -> tuple[FloatArray, FloatArray, dict[int, float]] | None:
        """The duals: u per person, v >= 0 per pair, sigma per table size."""
        if self.solver.Solve() != self.optimal:
            return None
        n = self.w.shape[0]
        u = np.array([row.dual_value() for row in self.person])
        v = np.zeros((n, n))
        for (a, b), row in self.pair.items():
            v[a, b] = v[b, a] = max(0.0, row.dual_value())
        sigma = {s: row.dual_value() for s, row in self.size.items()}
        return u, v, sigma


def _price(
    red: FloatArray,
    u: FloatArray,
    s: int,
    want: int,
    deadline: float,
    floor: float,
) -> tuple[float, list[tuple[float, tuple[int, ...]]]]:
    """The largest w(T) - u(T) - v(T) over every table T of `s` people (`red` = w - v with
    the diagonal barred), and up to `want` tables above `floor` (sigma_s: positive reduced
    cost), best first. Past the deadline tables of four are no longer completed one by one:
    the top is then an upper bound from the pairs' estimates (still a valid bound)."""
    n = red.shape[0]
    cut = floor + EPS
    if s == 2:
        values = red - u[:, None] - u[None, :]
        iu = np.triu_indices(n, 1)
        flat = values[iu]
        order = np.argsort(-flat)[:want]
        cols: list[tuple[float, tuple[int, ...]]] = [
            (float(flat[o]), (int(iu[0][o]), int(iu[1][o]))) for o in order if flat[o] > cut
        ]
        return float(flat.max()), cols
    if s == 3:
        return _price_three(red, u, want, cut)
    return _price_four(red, u, want, cut, deadline)


def _price_three(
    red: FloatArray, u: FloatArray, want: int, cut: float
) -> tuple[float, list[tuple[float, tuple[int, ...]]]]:
    n = red.shape[0]
    top = -np.inf
    cols: list[tuple[float, tuple[int, ...]]] = []
    pair = red - u[:, None] - u[None, :]
    for i in range(n - 2):
        # values[j, l] for i < j < l: the triple (i, j, l).
        values = red[i, :, None] + red[i, None, :] + pair - u[i]
        values[: i + 1, :] = _NEVER
        values[:, : i + 1] = _NEVER
        values = np.triu(values, 1) + np.tril(np.full((n, n), _NEVER))
        top = max(top, float(values.max()))
        if want:
            good = np.argwhere(values > cut)
            for j, third in good.tolist():
                cols.append((float(values[j, third]), (i, j, third)))
    cols.sort(reverse=True)
    return top, cols[:want]


def _price_four(
    red: FloatArray, u: FloatArray, want: int, cut: float, deadline: float
) -> tuple[float, list[tuple[float, tuple[int, ...]]]]:
    n = red.shape[0]
    iu0, iu1 = np.triu_indices(n, 1)
    base = red[iu0, iu1] - u[iu0] - u[iu1]
    # a[pair, l]: what l adds to the pair; the pair's own people are barred.
    top2 = np.empty(iu0.size)
    for i in range(n - 1):
        sel = np.flatnonzero(iu0 == i)
        a = red[i][None, :] + red[iu1[sel]] - u[None, :]
        a[:, i] = _NEVER
        a[np.arange(sel.size), iu1[sel]] = _NEVER
        part = np.partition(a, n - 2, axis=1)[:, n - 2 :]
        top2[sel] = part.sum(axis=1)
    off = red.copy()
    np.fill_diagonal(off, -np.inf)
    reach = base + top2 + float(off.max())
    order = np.argsort(-reach)
    top = -np.inf
    cols: list[tuple[float, tuple[int, ...]]] = []
    for start in range(0, order.size, PAIR_CHUNK):
        chunk = order[start : start + PAIR_CHUNK]
        if reach[chunk[0]] <= top:
            break
        if time.monotonic() > deadline:
            # Unvisited pairs: their estimate is an upper bound.
            top = max(top, float(reach[chunk[0]]))
            break
        one, two = iu0[chunk], iu1[chunk]
        a = red[one] + red[two] - u[None, :]
        rows = np.arange(chunk.size)
        a[rows, one] = _NEVER
        a[rows, two] = _NEVER
        total = a[:, :, None] + a[:, None, :] + red[None, :, :]
        flat = total.reshape(chunk.size, -1)
        best = np.argmax(flat, axis=1)
        values = base[chunk] + flat[rows, best]
        top = max(top, float(values.max()))
        for r in np.flatnonzero(values > cut).tolist():
            third, fourth = divmod(int(best[r]), n)
            table = (int(one[r]), int(two[r]), third, fourth)
            cols.append((float(values[r]), tuple(sorted(table))))
    cols.sort(reverse=True)
    seen: set[tuple[int, ...]] = set()
    unique: list[tuple[float, tuple[int, ...]]] = []
    for value, found in cols:
        if found not in seen:
            seen.add(found)
            unique.append((value, found))
    return top, unique[:want]
