"""The first 1:1 plan: fairness-aware round-by-round matching, fast enough to show at once.

Each round is a max-weight matching on the utility of `fairness` given the rounds before it,
so the edge values already favour people served badly so far; byes follow the fair rotation;
colleagues and repeats are used only when a round cannot be seated otherwise. For a re-plan,
`keep` adds a bonus to each previously announced meeting so the matching keeps them first.

Near the maximum number of rounds this can dead-end (no full seating without repeats); the
circle-method construction in `circle` covers that case.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from eventrunner.scheduling.byes import bye_quota, choose_byes, trio_needed
from eventrunner.scheduling.fairness import Utility, round_served
from eventrunner.scheduling.pairs.seating import Rules, seat_round
from eventrunner.scheduling.problem import BoolMatrix, IntMatrix, Problem, SeatedRound


def keep_matrices(problem: Problem, previous: Sequence[SeatedRound]) -> list[BoolMatrix]:
    """Per planned round: the pairs the previous plan announced for it."""
    mats = []
    for r in range(problem.rounds):
        mat = np.zeros((problem.n, problem.n), dtype=np.bool_)
        if r < len(previous):
            for table in previous[r][0]:
                for a in table:
                    for b in table:
                        if a != b:
                            mat[a, b] = True
        mats.append(mat)
    return mats


def keep_bonus(problem: Problem, utility: Utility) -> int:
    """A bonus per kept meeting worth more than any change of utility within one round."""
    top = int(problem.weight.max(initial=0))
    # One edge changes the utility by at most 2 * (scale * top + target**2); a round has
    # at most n / 2 edges.
    return problem.n * (utility.scale * top + utility.target**2) + 1


def greedy(
    problem: Problem,
    utility: Utility,
    *,
    max_tables: int | None = None,
    keep: Sequence[BoolMatrix] | None = None,
    bonus: int = 0,
    cancel: Callable[[], bool] | None = None,
    quick: bool = False,
    want: BoolMatrix | None = None,
    want_bonus: int = 0,
) -> tuple[list[SeatedRound], int]:
    """Plan every round in turn; returns the rounds and the rule breaks they needed.

    `quick`: greedy matchings finished exactly (a first plan for many people). `want`
    pairs (someone asked to meet) gain `want_bonus`, so even a first plan that is never
    improved (a very large event, a short limit) meets them."""
    rules = Rules.of(problem)
    quota = bye_quota(problem, max_tables)
    trio = trio_needed(problem, quota)
    n = problem.n
    sat_out = list(problem.byes_so_far)
    in_trio = [0] * n
    served: IntMatrix = np.zeros(n, dtype=np.int64)
    met = problem.met.copy()
    rounds: list[SeatedRound] = []
    breaks = 0
    for r in range(problem.rounds):
        if cancel is not None and cancel() and rounds:
            # The caller still needs a complete plan: finish the rest fast, without fairness.
            utility = Utility(target=0, scale=1)
            quick = True
        values = utility.edge_values(served, problem.weight)
        if keep is not None and bonus:
            values = values + bonus * keep[r].astype(np.int64)
        if want is not None and want_bonus:
            values = values + want_bonus * want.astype(np.int64)
        choice = choose_byes(problem, sat_out, quota)
        third = None
        if trio:
            resting = set(choice.forced)
            # The trio seat rotates like the bye; among equals, the least served gains most.
            third = min(
                (i for i in range(n) if i not in resting),
                key=lambda i: (in_trio[i], int(served[i]), i),
            )
        seated, broke = seat_round(
            problem, rules, values, met, byes=choice, trio_third=third, seed=r, quick=quick
        )
        breaks += broke
        rounds.append(seated)
        served = served + round_served(problem, seated)
        for table in seated[0]:
            for a in table:
                for b in table:
                    if a != b:
                        met[a, b] = True
            if len(table) == 3:
                in_trio[table[-1]] += 1
        for i in seated[1]:
            sat_out[i] += 1
    return rounds, breaks
