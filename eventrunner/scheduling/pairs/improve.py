"""Improving a 1:1 plan one round at a time: exact re-seating of a round given all the others.

The utility of `fairness` is separable per attendee, and each attendee has one partner per
round, so with every other round fixed the best seating of round r is a max-weight matching
on `Utility.edge_values` of what people got elsewhere. Re-seating rounds in turn never lowers
the utility and climbs until no single round can improve (a local optimum that the CP-SAT
neighbourhoods of `lns` then try to leave). Byes stay where they are, so their fair rotation
holds; the trio's third person stays the third.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence

import attrs
import numpy as np

from eventrunner.scheduling.byes import ByeChoice
from eventrunner.scheduling.fairness import Utility, round_served
from eventrunner.scheduling.pairs.seating import (
    COLLEAGUE_PENALTY,
    REPEAT_PENALTY,
    Rules,
    met_in,
    seat_round,
)
from eventrunner.scheduling.problem import BoolMatrix, IntMatrix, Problem, SeatedRound


@attrs.frozen
class Objective:
    """How a round is valued: utility, kept meetings (re-plan), rule breaks."""

    utility: Utility
    """The fairness-aware utility."""
    keep: Sequence[BoolMatrix] | None = None
    """Per round, meetings announced before a re-plan."""
    bonus: int = 0
    """Value of keeping one announced meeting."""
    want: BoolMatrix | None = None
    """Pairs someone asked to meet (both directions)."""
    want_bonus: int = 0
    """Value of meeting a wanted partner: more than any change of utility in a round."""

    def values(self, problem: Problem, served_elsewhere: IntMatrix, r: int) -> IntMatrix:
        """Edge values for round r given what people got in the other rounds."""
        values = self.utility.edge_values(served_elsewhere, problem.weight)
        if self.keep is not None and self.bonus:
            values = values + self.bonus * self.keep[r].astype(np.int64)
        if self.want is not None and self.want_bonus:
            values = values + self.want_bonus * self.want.astype(np.int64)
        return values


def round_value(rules: Rules, met: BoolMatrix, values: IntMatrix, seated: SeatedRound) -> int:
    """The value of one round's tables, rule breaks charged at the seating penalties."""
    total = 0
    for table in seated[0]:
        for a, b in itertools.combinations(table, 2):
            total += int(values[a, b])
            if met[a, b]:
                total -= REPEAT_PENALTY
            elif rules.colleague[a, b]:
                total -= COLLEAGUE_PENALTY
            if rules.never[a, b]:
                total -= REPEAT_PENALTY
    return total


def reseat(
    problem: Problem,
    objective: Objective,
    rounds: list[SeatedRound],
    r: int,
    served_elsewhere: IntMatrix,
    seed: int = 0,
) -> SeatedRound | None:
    """The best seating of round r given the others, or None when it is not strictly better."""
    rules = Rules.of(problem)
    met = met_in(problem, rounds, skip=r)
    values = objective.values(problem, served_elsewhere, r)
    tables, byes = rounds[r]
    trio = [t for t in tables if len(t) == 3]
    third = trio[0][-1] if trio else None
    fixed = ByeChoice(forced=byes, eligible=(), slots=0)
    current = np.zeros_like(met)
    for table in tables:
        for a, b in itertools.combinations(table, 2):
            current[a, b] = current[b, a] = True
    fresh, _ = seat_round(
        problem, rules, values, met, byes=fixed, trio_third=third, include=current, seed=seed
    )
    old = round_value(rules, met, values, rounds[r])
    new = round_value(rules, met, values, fresh)
    return fresh if new > old else None


def improve_rounds(
    problem: Problem,
    objective: Objective,
    rounds: list[SeatedRound],
    *,
    deadline: float,
    cancel: Callable[[], bool] | None = None,
    on_step: Callable[[list[SeatedRound], bool], None] | None = None,
    seed: int = 0,
) -> list[SeatedRound]:
    """Re-seat rounds in turn until none improves, time runs out or `cancel()` says so.

    `on_step(rounds, improved)` is called after every round tried (for progress reports).
    """
    rounds = list(rounds)
    per_round = [round_served(problem, r) for r in rounds]
    served = np.sum(per_round, axis=0) if per_round else np.zeros(problem.n, dtype=np.int64)
    rng = np.random.default_rng(seed)
    stale = 0
    step = 0
    last = 0.0  # seconds the last re-seating took: seconds a round at 5,000 people
    while stale < len(rounds):
        for r in rng.permutation(len(rounds)):
            step += 1
            now = time.perf_counter()
            # A re-seating that would end well past the deadline is not started.
            if now + 0.5 * last > deadline or (cancel is not None and cancel()):
                return rounds
            r = int(r)
            fresh = reseat(problem, objective, rounds, r, served - per_round[r], seed + step)
            last = time.perf_counter() - now
            if fresh is None:
                if on_step is not None:
                    on_step(rounds, False)
                stale += 1
                if stale >= len(rounds):
                    break
                continue
            stale = 0
            rounds[r] = fresh
            new_served = round_served(problem, fresh)
            served = served - per_round[r] + new_served
            per_round[r] = new_served
            if on_step is not None:
                on_step(rounds, True)
    return rounds
