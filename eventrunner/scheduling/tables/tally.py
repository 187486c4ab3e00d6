"""Exact running figures of a seating of small tables: who meets whom, what it breaks.

`Tally` counts pair meetings over every planned round and, from them, the rule breaks
(repeats, `avoid` pairs, colleagues, unmet `want`s), each person's affinity and the hint
meetings kept (re-plan). A swap updates it in a few small numpy operations, so the search
can compare plans exactly at every step; `Score` is what it compares.

This module does not choose moves; see `search`.
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from eventrunner.scheduling.problem import Problem
from eventrunner.scheduling.tables.layout import IntArray

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Relative weight of each rule break: an `avoid` is worst, then meeting someone twice, then
# colleagues together (the first rule relaxed when nothing else works), then a missed `want`.
AVOID_BREAK = 8
REPEAT = 4
COLLEAGUE_BREAK = 2
UNMET_WANT = 1

#: Extra weight of affinity for people below the target (the fairness tilt).
FAIRNESS = 1.0


@attrs.frozen
class Score:
    """Exact figures of one plan, and the key the search compares plans by."""

    breaks: int
    """Weighted rule breaks (0 for a plan that keeps every rule)."""
    repeats: int
    """Extra meetings of pairs that already met (in this plan or in played rounds)."""
    avoided: int
    """Meetings of `avoid` pairs."""
    colleagues: int
    """Meetings of colleagues, counted only when colleagues must be apart."""
    unmet_wants: int
    """`want` pairs that never meet."""
    affinity: int
    """Total default affinity of the plan."""
    kept: int
    """Hint meetings kept (re-plan)."""
    value: float
    """Kept meetings, affinity and fairness in one number (higher is better)."""
    lowest: int
    """Lowest per-attendee affinity."""

    def better_than(self, other: Score) -> bool:
        """Fewer rule breaks first, then a higher value."""
        return (self.breaks, -self.value) < (other.breaks, -other.value - 1e-9)


class Tally:
    """Meetings and rule breaks of a seating, kept up to date move by move."""

    def __init__(self, problem: Problem, hint: BoolArray | None, table_of: IntArray) -> None:
        n = problem.n
        self.weight = problem.weight.astype(np.float64)
        self.avoid = problem.avoid
        apart = problem.colleague if problem.colleagues_apart else np.zeros_like(problem.avoid)
        self.colleague = apart
        # Small integer types: at 5,000 people each n x n matrix of int64 is 200 MB.
        self.met = problem.met.astype(np.int8)
        want = np.zeros((n, n), dtype=np.bool_)
        for who, whom in problem.wants:
            want[who, whom] = want[whom, who] = True
        np.fill_diagonal(want, False)
        self.want = want
        self.hint = hint
        self.upper = np.triu(np.ones((n, n), dtype=np.bool_), 1)
        self.recount(table_of)

    def recount(self, table_of: IntArray) -> None:
        """Count everything from scratch for this seating."""
        same = together(table_of)
        self.meets = meets = same.sum(axis=0, dtype=np.int32)
        self.kept = int(self.hint[same].sum() // 2) if self.hint is not None else 0
        count = meets + self.met
        upper = self.upper
        self.repeats = int(np.maximum(count - 1, 0)[upper].sum())
        self.avoided = int(meets[upper & self.avoid].sum())
        self.colleagues = int(meets[upper & self.colleague].sum())
        self.unmet = int(((count == 0) & self.want & upper).sum())
        self.per_person = (self.weight * meets).sum(axis=1)

    def score(self, target: float, keep_scale: float) -> Score:
        """The exact figures; `target` is the fairness target, `keep_scale` the worth of a
        kept hint meeting in affinity points."""
        per_person = self.per_person
        affinity = round(float(per_person.sum()) / 2)
        shortfall = float(np.minimum(per_person - target, 0).sum())
        breaks = (
            AVOID_BREAK * self.avoided + REPEAT * self.repeats + COLLEAGUE_BREAK * self.colleagues
        ) + UNMET_WANT * self.unmet
        return Score(
            breaks=breaks,
            repeats=self.repeats,
            avoided=self.avoided,
            colleagues=self.colleagues,
            unmet_wants=self.unmet,
            affinity=affinity,
            kept=self.kept,
            value=keep_scale * self.kept + affinity + FAIRNESS * shortfall,
            lowest=int(per_person.min()) if per_person.size else 0,
        )

    def move(self, r: int, person: int, old: IntArray, new: IntArray) -> None:
        """In round r, `person` leaves the people `old` and joins the people `new`."""
        self._unmeet(person, old)
        self._meet(person, new)
        if self.hint is not None:
            hint = self.hint[r, person]
            self.kept += int(hint[new].sum()) - int(hint[old].sum())

    def _meet(self, person: int, others: IntArray) -> None:
        """Count `person` meeting `others` once more (rule breaks, affinity)."""
        before = self.meets[person, others] + self.met[person, others]
        self.repeats += int((before >= 1).sum())
        self.unmet -= int((self.want[person, others] & (before == 0)).sum())
        self.avoided += int(self.avoid[person, others].sum())
        self.colleagues += int(self.colleague[person, others].sum())
        gained = self.weight[person, others]
        self.per_person[person] += gained.sum()
        self.per_person[others] += gained
        self.meets[person, others] += 1
        self.meets[others, person] += 1

    def _unmeet(self, person: int, others: IntArray) -> None:
        """Undo one meeting of `person` with each of `others`."""
        before = self.meets[person, others] + self.met[person, others]
        self.repeats -= int((before >= 2).sum())
        self.unmet += int((self.want[person, others] & (before == 1)).sum())
        self.avoided -= int(self.avoid[person, others].sum())
        self.colleagues -= int(self.colleague[person, others].sum())
        lost = self.weight[person, others]
        self.per_person[person] -= lost.sum()
        self.per_person[others] -= lost
        self.meets[person, others] -= 1
        self.meets[others, person] -= 1


def together(table_of: IntArray) -> BoolArray:
    """rounds x n x n: who sits with whom in each round of `table_of` (no diagonal)."""
    same: BoolArray = np.equal(table_of[:, :, None], table_of[:, None, :])
    idx = np.arange(table_of.shape[1])
    same[:, idx, idx] = False
    return same
