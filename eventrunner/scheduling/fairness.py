"""What the 1:1 scheduler maximizes: total affinity, fairly shared, in index form.

Each attendee's utility is concave in the affinity they are served over the evening,
`scale * s - max(0, target - s)**2`: a point of affinity is worth the same to everyone above
the target, and more the further someone is below it. Summed over attendees this is twice
the total affinity times `scale` minus a fairness penalty, so the least-served attendee
matters, not only the total; `scale` is large enough that total affinity still comes first in
every trade the solver can make in one move.

Because the utility is separable per attendee and each attendee has one partner per round,
re-seating one round given all the others is an exact max-weight matching on `edge_values`.
This module also computes quick figures of an index-form plan (for progress reports).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs
import numpy as np

from eventrunner.scheduling.problem import IntMatrix, Problem, SeatedRound

#: A vector indexed by attendee (same numpy type as the matrices).
Vector = IntMatrix


@attrs.frozen
class Utility:
    """The per-attendee concave utility of served affinity."""

    target: int
    """Served affinity below which an attendee counts as short-changed."""
    scale: int
    """Weight of one point of affinity against one unit of the squared shortfall."""

    @classmethod
    def for_problem(cls, problem: Problem, expected_mean: float) -> Utility:
        """Target the mean an attendee can expect; weigh total affinity first."""
        target = max(1, round(expected_mean))
        # Lifting the worst-off attendee by one point is worth at most 2 * target + 1;
        # four times that keeps a point of total affinity ahead of any single lift.
        return cls(target=target, scale=4 * (2 * target + 1))

    def person(self, served: IntMatrix) -> IntMatrix:
        """Utility of each served amount (elementwise)."""
        short = np.maximum(0, self.target - served)
        return np.asarray(self.scale * served - short * short, dtype=np.int64)

    def edge_values(self, served: Vector, weight: IntMatrix) -> IntMatrix:
        """n x n: the utility gained by seating u with v this round, given `served` so far."""
        if served.size and self.target <= int(served.min()) + min(0, int(weight.min())):
            # Nobody is or can fall below the target: every point is worth `scale`, and the
            # n x n temporaries of the general case (a second each at 5,000 people) go.
            return np.asarray(self.scale * (weight + weight.T), dtype=np.int64)
        base = self.person(served)
        gain = self.person(served[:, None] + weight) - base[:, None]
        return np.asarray(gain + gain.T, dtype=np.int64)

    def total(self, served: Vector) -> int:
        """The utility of a whole plan."""
        return int(self.person(served).sum())


def round_served(problem: Problem, seated: SeatedRound) -> Vector:
    """Affinity each attendee gets from their table in one round."""
    served = np.zeros(problem.n, dtype=np.int64)
    for table in seated[0]:
        for i, j in itertools.combinations(table, 2):
            w = problem.weight[i, j]
            served[i] += w
            served[j] += w
    return served


def served_by_round(problem: Problem, rounds: Sequence[SeatedRound]) -> list[Vector]:
    """round_served for each round."""
    return [round_served(problem, r) for r in rounds]


@attrs.frozen
class Figures:
    """Quick figures of an index-form plan, for progress and for comparing candidates."""

    total: int
    """Total affinity."""
    lowest: int
    """Lowest served affinity of an attendee."""
    zero: int
    """Meetings with nothing in common."""
    repeats: int
    """Meetings of a pair that already met."""
    breaks: int
    """Hard-rule breaks, weighted by how bad they are (see BREAK_WEIGHTS)."""
    utility: int
    """The utility being maximized."""

    def key(self) -> tuple[int, int]:
        """Bigger is better: fewer breaks first, then utility."""
        return (-self.breaks, self.utility)


#: How much each kind of break counts when comparing plans: a broken `avoid` (or sides not
#: mixed) is worse than an extra bye, which is worse than a repeat, worse than colleagues.
BREAK_WEIGHTS = {"never": 100, "bye": 3, "repeat": 2, "colleague": 1}


def figures(
    problem: Problem, rounds: Sequence[SeatedRound], utility: Utility, *, byes: int = 0
) -> Figures:
    """Figures of `rounds`; repeats, forbidden pairs and byes beyond `byes` a round are breaks."""
    extra_byes = sum(max(0, len(out) - byes) for _, out in rounds)
    served = np.zeros(problem.n, dtype=np.int64)
    met = problem.met.astype(np.int64)
    colleague = problem.colleague if problem.colleagues_apart else problem.avoid & False
    breaks = BREAK_WEIGHTS["bye"] * extra_byes
    total = zero = repeats = 0
    for tables, _ in rounds:
        for table in tables:
            for i, j in itertools.combinations(table, 2):
                w = int(problem.weight[i, j])
                served[i] += w
                served[j] += w
                total += w
                zero += w == 0
                repeats += int(met[i, j] > 0)
                never = problem.avoid[i, j] or (
                    problem.two_sided and problem.side[i] == problem.side[j]
                )
                breaks += (
                    BREAK_WEIGHTS["repeat"] * int(met[i, j] > 0)
                    + BREAK_WEIGHTS["never"] * int(never)
                    + BREAK_WEIGHTS["colleague"] * int(colleague[i, j])
                )
                met[i, j] += 1
                met[j, i] += 1
    return Figures(
        total=total,
        lowest=int(served.min()) if problem.n else 0,
        zero=zero,
        repeats=repeats,
        breaks=breaks,
        utility=utility.total(served),
    )
