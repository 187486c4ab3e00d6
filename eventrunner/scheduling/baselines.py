"""The two plans every 1:1 plan is compared with in benchmarks and tests.

- `rotation`: the classic manual rotation an organizer does on paper (the circle method, or
  the larger side moving past the smaller one), people in registration order, blind to
  interests and to `avoid` and companies.
- `round_by_round`: a maximum-weight matching per round on affinity alone, forbidding
  repeats, `avoid`, colleagues and same-side pairs, with fair byes. Near-optimal on total
  affinity but greedy: later rounds get worse and nobody looks after the least served.
"""

from __future__ import annotations

from eventrunner.scheduling.fairness import Utility
from eventrunner.scheduling.pairs.circle import apply, positions, template_for
from eventrunner.scheduling.pairs.construct import greedy
from eventrunner.scheduling.problem import Problem, SeatedRound


def rotation(problem: Problem) -> list[SeatedRound]:
    """The circle method with people in registration order (repeats once it runs out)."""
    return apply(template_for(problem), positions(problem))


def round_by_round(problem: Problem) -> list[SeatedRound]:
    """Max-weight matching on affinity, one round after the other."""
    # A utility with no fairness term values a pair at exactly twice its affinity.
    rounds, _ = greedy(problem, Utility(target=0, scale=1))
    return rounds
