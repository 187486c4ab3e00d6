"""Large neighbourhood search with CP-SAT: re-seat a few people over two rounds at once.

Re-seating one round at a time (`improve`) stops at plans no single round can improve; the
moves it cannot make swap partners *across* rounds, which the no-repeat rule couples. A
neighbourhood here is two rounds and a few dozen people (the least served, plus random
others); the pairs inside it are freed and CP-SAT re-seats them, exactly maximizing the same
utility (per person, through an element table), kept and wanted meetings, with the current
plan as hint. A neighbourhood's result is taken only when strictly better, so the search is
anytime and never loses quality. It stops at the deadline, on cancel, or when many
neighbourhoods in a row were solved to optimality without gain.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from eventrunner.scheduling.fairness import round_served
from eventrunner.scheduling.pairs.improve import Objective, improve_rounds
from eventrunner.scheduling.pairs.seating import Rules
from eventrunner.scheduling.pairs.tracker import Tracker
from eventrunner.scheduling.problem import Problem, SeatedRound

#: People per neighbourhood: small enough for CP-SAT to prove in a fraction of a second.
PEOPLE = 36
#: Seconds CP-SAT may spend on one neighbourhood.
STEP_SECONDS = 0.3


def _neighbourhood(
    problem: Problem, rounds: list[SeatedRound], served: Any, rng: np.random.Generator, step: int
) -> tuple[list[int], list[int]]:
    """Two rounds, and people: half the least served (with ties shuffled), half at random.

    Small events take everyone, and the pairs of rounds in turn.
    """
    n = problem.n
    if n <= PEOPLE:
        every = list(itertools.combinations(range(len(rounds)), 2))
        return list(every[step % len(every)]), list(range(n))
    pair = sorted(int(r) for r in rng.choice(len(rounds), size=2, replace=False))
    order = np.lexsort((rng.random(n), served))
    worst = [int(p) for p in order[: PEOPLE // 4 + int(rng.integers(0, PEOPLE // 4 + 1))]]
    chosen = set(worst)
    # Partners of the chosen in the two rounds make the freed pairs; then random others.
    for r in pair:
        for table in rounds[r][0]:
            if len(table) == 2 and (table[0] in chosen or table[1] in chosen):
                chosen.update(table)
            if len(chosen) >= PEOPLE * 3 // 4:
                break
    for p in rng.permutation(n):
        if len(chosen) >= PEOPLE:
            break
        chosen.add(int(p))
    return pair, sorted(chosen)


def _solve(
    problem: Problem,
    objective: Objective,
    rules: Rules,
    rounds: list[SeatedRound],
    pair: list[int],
    people: list[int],
    seconds: float,
    seed: int,
) -> tuple[list[SeatedRound], bool] | None:
    """Re-seat `people` in rounds `pair`; the better rounds (and whether proven), or None."""
    inside = set(people)
    free: dict[int, list[tuple[int, int]]] = {}
    for r in pair:
        free[r] = [t for t in rounds[r][0] if len(t) == 2 and t[0] in inside and t[1] in inside]
    if sum(len(v) for v in free.values()) < 2:
        return None
    met = problem.met.astype(np.int64)
    for k, (tables, _) in enumerate(rounds):
        for table in tables:
            if k in free and table in free[k]:
                continue
            for a, b in itertools.combinations(table, 2):
                met[a, b] += 1
                met[b, a] += 1
    served = sum((round_served(problem, rnd) for rnd in rounds), np.zeros(problem.n, np.int64))
    base = served.copy()
    for r in pair:
        for a, b in free[r]:
            w = int(problem.weight[a, b])
            base[a] -= w
            base[b] -= w
    model = cp_model.CpModel()
    x: dict[tuple[int, int, int], Any] = {}
    gains: dict[int, list[tuple[int, Any]]] = {}
    bonus_terms: list[Any] = []
    current = {(r, a, b) for r in pair for a, b in free[r]}
    for r in pair:
        seated = sorted(p for t in free[r] for p in t)
        for a, b in itertools.combinations(seated, 2):
            ok = not (rules.never[a, b] or rules.colleague[a, b] or met[a, b])
            if not ok and (r, a, b) not in current:
                continue
            var = model.new_bool_var("")
            x[r, a, b] = var
            w = int(problem.weight[a, b])
            gains.setdefault(a, []).append((w, var))
            gains.setdefault(b, []).append((w, var))
            value = _pair_bonus(objective, r, a, b) - (0 if ok else 10**9)
            if value:
                bonus_terms.append(value * var)
        for p in seated:
            model.add_exactly_one(v for (rr, a, b), v in x.items() if rr == r and p in (a, b))
    for a, b in {(a, b) for (_, a, b) in x}:
        both = [x[r, a, b] for r in pair if (r, a, b) in x]
        if len(both) > 1:
            model.add_at_most_one(both)
    utility_terms = []
    for p, terms in gains.items():
        top = sum(sorted((w for w, _ in terms), reverse=True)[:2])
        levels = [int(v) for v in objective.utility.person(base[p] + np.arange(top + 1))]
        got = model.new_int_var(0, top, "")
        model.add(got == sum(w * v for w, v in terms if w))
        worth = model.new_int_var(min(levels), max(levels), "")
        model.add_element(got, levels, worth)
        utility_terms.append(worth)
    model.maximize(sum(utility_terms) + sum(bonus_terms))
    for key, var in x.items():
        model.add_hint(var, key in current)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    before = _hint_value(objective, problem, base, free, pair)
    if solver.objective_value <= before + 0.5:
        return [], status == cp_model.OPTIMAL
    fresh = list(rounds)
    for r in pair:
        freed = set(free[r])
        kept = [t for t in rounds[r][0] if t not in freed]
        chosen = [(a, b) for (rr, a, b), v in x.items() if rr == r and solver.value(v)]
        fresh[r] = ((*kept, *chosen), rounds[r][1])
    return fresh, status == cp_model.OPTIMAL


def _pair_bonus(objective: Objective, r: int, a: int, b: int) -> int:
    bonus = 0
    if objective.keep is not None and objective.keep[r][a, b]:
        bonus += objective.bonus
    if objective.want is not None and objective.want[a, b]:
        bonus += objective.want_bonus
    return bonus


def _hint_value(
    objective: Objective,
    problem: Problem,
    base: Any,
    free: dict[int, list[tuple[int, int]]],
    pair: list[int],
) -> float:
    """The CP-SAT objective of the current seating (people outside contribute nothing)."""
    got = {p: 0 for r in pair for t in free[r] for p in t}
    bonus = 0
    for r in pair:
        for a, b in free[r]:
            w = int(problem.weight[a, b])
            got[a] += w
            got[b] += w
            bonus += _pair_bonus(objective, r, a, b)
    people = np.asarray(sorted(got))
    amounts = np.asarray([got[p] for p in people], dtype=np.int64)
    return float(objective.utility.person(base[people] + amounts).sum() + bonus)


def search(
    problem: Problem,
    objective: Objective,
    tracker: Tracker,
    *,
    deadline: float,
    cancel: Callable[[], bool],
    seed: int,
) -> None:
    """Improve tracker.best by CP-SAT neighbourhoods until the deadline, cancel, or a stall."""
    rounds = list(tracker.best)
    if len(rounds) < 2:
        return
    rules = Rules.of(problem)
    rng = np.random.default_rng(seed)
    # Small events: each neighbourhood is everyone over two rounds, so one pass over the
    # pairs of rounds proves the plan cannot improve this way. Large ones: as many tries.
    pairs_of_rounds = math.comb(len(rounds), 2)
    stall_limit = max(10, pairs_of_rounds)
    stalled = 0
    step = 0
    while stalled < stall_limit and not cancel():
        left = deadline - time.perf_counter()
        if left < 0.05:
            return
        step += 1
        served = sum((round_served(problem, r) for r in rounds), np.zeros(problem.n, np.int64))
        pair, people = _neighbourhood(problem, rounds, served, rng, step)
        found = _solve(
            problem, objective, rules, rounds, pair, people, min(STEP_SECONDS, left), seed + step
        )
        if found is None or not found[0]:
            stalled += 1
            tracker.tick()
            continue
        rounds = improve_rounds(
            problem, objective, found[0], deadline=deadline, cancel=cancel, seed=seed + step
        )
        stalled = 0
        tracker.offer(rounds, "CP-SAT neighbourhoods", "improving")
