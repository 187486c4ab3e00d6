"""The best 1:1 plan found so far, how plans compare, and the progress reports about it.

A `Tracker` is shared by the phases of the 1:1 planner (`solve`: constructions and round
re-seating; `lns`: CP-SAT neighbourhoods): each offers candidates, the tracker keeps the best
by (fewest rule breaks, kept announced meetings, wants met, utility) and reports it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from eventrunner.model import PlanStats
from eventrunner.scheduling.fairness import Figures, figures
from eventrunner.scheduling.pairs.improve import Objective
from eventrunner.scheduling.problem import BoolMatrix, Problem, SeatedRound
from eventrunner.scheduling.progress import Reporter


def want_matrix(problem: Problem) -> BoolMatrix:
    """Pairs someone asked to meet, both directions."""
    want = np.zeros((problem.n, problem.n), dtype=np.bool_)
    for a, b in problem.wants:
        want[a, b] = want[b, a] = True
    return want


def kept(keep: Sequence[BoolMatrix] | None, rounds: Sequence[SeatedRound]) -> int:
    """Announced meetings a candidate keeps (re-plan)."""
    if keep is None:
        return 0
    return sum(
        int(keep[r][t[i], t[j]])
        for r, (tables, _) in enumerate(rounds)
        for t in tables
        for i in range(len(t))
        for j in range(i + 1, len(t))
    )


def wants_met(want: BoolMatrix, rounds: Sequence[SeatedRound]) -> int:
    """Wanted pairs that meet."""
    return sum(
        int(want[t[i], t[j]])
        for tables, _ in rounds
        for t in tables
        for i in range(len(t))
        for j in range(i + 1, len(t))
    )


class Tracker:
    """Keeps the best plan found so far and reports it."""

    def __init__(
        self,
        problem: Problem,
        objective: Objective,
        reporter: Reporter,
        byes: int,
    ) -> None:
        self.problem = problem
        self.objective = objective
        self.reporter = reporter
        self.byes = byes
        self.bound = 0
        self.best: list[SeatedRound] = []
        self.best_key: tuple[int, ...] | None = None
        self.method = ""

    def key(self, rounds: Sequence[SeatedRound]) -> tuple[tuple[int, ...], Figures]:
        """Comparable quality: fewer breaks, more kept meetings and wants, more utility."""
        fig = figures(self.problem, rounds, self.objective.utility, byes=self.byes)
        want = self.objective.want
        met = wants_met(want, rounds) if want is not None else 0
        return (-fig.breaks, kept(self.objective.keep, rounds), met, fig.utility), fig

    def offer(self, rounds: Sequence[SeatedRound], method: str, phase: str) -> bool:
        """Keep `rounds` if better than the best; report it. True when kept."""
        key, fig = self.key(rounds)
        better = self.best_key is None or key > self.best_key
        if better:
            self.best, self.best_key, self.method = list(rounds), key, method
            self.report(phase, fig, force=phase == "first plan")
        return better

    def tick(self) -> None:
        """Report the best plan again (the console shows the search is alive)."""
        if self.best and self.reporter.due():
            self.report("improving", self.key(self.best)[1])

    def report(self, phase: str, fig: Figures, *, force: bool = False) -> None:
        """Send the figures of the best plan."""
        stats = PlanStats(
            affinity_total=fig.total,
            upper_bound=self.bound,
            repeats=fig.repeats,
            min_attendee_affinity=fig.lowest,
            zero_meetings=fig.zero,
            solve_seconds=round(self.reporter.elapsed, 3),
        )
        share = f"{stats.percent_of_bound:.1f}% of bound" if self.bound else "bound pending"
        self.reporter.send(phase, stats, f"{self.method}: {share}", force=force)
