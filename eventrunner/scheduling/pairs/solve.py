"""The 1:1 planner: construct at once, bound, then improve until the time limit.

1. Constructions (each well under a second at 1000 people): round-by-round matching on
   affinity and wanted pairs (not for a re-plan, which starts from the announced rounds),
   the same with the fairness-aware utility (and announced meetings), and, when those
   needed to break a rule (near the maximum number of rounds), the circle method
   relabelled. The best by (fewest breaks, kept meetings, wants met, utility) is the first
   plan.
2. The LP bound of `bound` (for a fresh plan right after the first construction).
3. `improve.improve_rounds` (exact re-seating of one round at a time), then CP-SAT
   neighbourhoods from `lns` while time remains, each a strict improvement.

Everything here is index form; `scheduling.plan` turns the result into a `model.Plan`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import attrs
import numpy as np

from eventrunner.scheduling.byes import bye_quota, trio_needed
from eventrunner.scheduling.fairness import Utility, served_by_round
from eventrunner.scheduling.pairs import circle
from eventrunner.scheduling.pairs.bound import upper_bound
from eventrunner.scheduling.pairs.construct import greedy, keep_bonus, keep_matrices
from eventrunner.scheduling.pairs.improve import Objective, improve_rounds
from eventrunner.scheduling.pairs.tracker import Tracker, want_matrix
from eventrunner.scheduling.problem import Problem, SeatedRound
from eventrunner.scheduling.progress import Reporter

#: From this many people the first plan is made of greedy matchings (`matching.match_round`).
QUICK_FROM = 500


@attrs.frozen
class Solved:
    """A 1:1 plan in index form, with its bound."""

    rounds: list[SeatedRound]
    """The planned rounds."""
    bound: int
    """Upper bound on total affinity of the planned rounds."""
    first_seconds: float
    """When the first complete plan was ready."""


def solve_pairs(
    problem: Problem,
    *,
    reporter: Reporter,
    cancel: Callable[[], bool] | None,
    seed: int,
    max_tables: int | None = None,
    previous: Sequence[SeatedRound] | None = None,
) -> Solved:
    """Plan problem.rounds 1:1 rounds (a re-plan when `previous` future rounds are given)."""
    quota = bye_quota(problem, max_tables)
    stop = cancel or (lambda: False)
    want = want_matrix(problem)
    plain: list[SeatedRound] = []
    if previous is None or len(previous) < problem.rounds:
        # Many people: the first plan from greedy matchings, so it comes within a second.
        simple = Utility(target=0, scale=1)
        plain, _ = greedy(
            problem,
            simple,
            max_tables=max_tables,
            quick=problem.n >= QUICK_FROM,
            want=want if want.any() else None,
            want_bonus=keep_bonus(problem, simple) if want.any() else 0,
        )
    # A re-plan is not offered the plain plan; the announced rounds tell what people can
    # expect just as well, without a second construction (half a second at 1,000 people).
    basis = plain or list(previous or ())
    served = np.sum(served_by_round(problem, basis), axis=0) if basis else np.zeros(1)
    utility = Utility.for_problem(problem, float(np.mean(served)) if problem.n else 0.0)
    want_bonus = keep_bonus(problem, utility) if want.any() else 0
    keep = keep_matrices(problem, previous) if previous is not None else None
    bonus = (problem.n + 1) * max(want_bonus, keep_bonus(problem, utility)) if keep else 0
    objective = Objective(utility, keep, bonus, want if want.any() else None, want_bonus)
    tracker = Tracker(problem, objective, reporter, sum(quota.values()))

    def late() -> bool:
        return time.perf_counter() >= reporter.deadline

    if previous is None:
        tracker.offer(plain, "round-by-round matching", "first plan")
        # The bound before the fair construction: at 5,000 people on a busy machine that
        # construction can take the rest of the time, and the bound (the yardstick of every
        # figure) would then be the cheap one.
        tracker.bound = upper_bound(problem, max_tables=max_tables, deadline=reporter.deadline)
    if previous is not None or not (late() or stop()):
        # A re-plan needs this one (it keeps announced meetings); a plan only when there is
        # time left: past the deadline the rest of its rounds are made without fairness.
        fair, _ = greedy(
            problem,
            utility,
            max_tables=max_tables,
            keep=keep,
            bonus=bonus + want_bonus,
            cancel=stop if previous is not None else lambda: stop() or late(),
            # A re-plan keeps nearly every announced meeting, which the greedy matching takes
            # first (their bonus tops every value); only the few people left over need the
            # exact matching, so at scale the quick way loses next to nothing.
            quick=previous is not None and problem.n >= QUICK_FROM,
            want=objective.want,
            want_bonus=want_bonus,
        )
        tracker.offer(fair, "fair matching", "first plan")
    breaks = tracker.best_key is not None and tracker.best_key[0] < 0
    if breaks and _rotation_fits(problem, quota, max_tables) and not stop():
        template = circle.template_for(problem)
        budget = min(1.0, 0.1 * reporter.time_limit)
        order = circle.relabel(problem, template, seed=seed, seconds=budget)
        tracker.offer(circle.apply(template, order), "circle method", "first plan")
    first = reporter.elapsed
    if previous is not None:
        # A re-plan's first proposal (the fair construction) comes before its bound.
        tracker.bound = upper_bound(problem, max_tables=max_tables, deadline=reporter.deadline)

    def step(rounds: list[SeatedRound], improved: bool) -> None:
        if not reporter.due():
            return
        if improved:
            tracker.offer(rounds, "improving rounds", "improving")
        else:
            tracker.tick()

    rounds = improve_rounds(
        problem,
        objective,
        tracker.best,
        deadline=reporter.deadline,
        cancel=cancel,
        on_step=step,
        seed=seed,
    )
    tracker.offer(rounds, "improving rounds", "improving")
    _, fig = tracker.key(tracker.best)
    proven = fig.breaks == 0 and fig.total >= tracker.bound and fig.lowest >= lowest_cap(problem)
    if not proven and not stop() and time.perf_counter() < reporter.deadline:
        # Imported here: CP-SAT's module takes a second to load, which the first plan skips.
        from eventrunner.scheduling.pairs.lns import search

        search(problem, objective, tracker, deadline=reporter.deadline, cancel=stop, seed=seed)
    return Solved(rounds=tracker.best, bound=tracker.bound, first_seconds=first)


def lowest_cap(problem: Problem) -> int:
    """No attendee can be served more than their R best allowed partners: the lowest of that
    over attendees caps the lowest served affinity of any plan."""
    if problem.n == 0 or problem.rounds <= 0:
        return 0
    allowed = ~problem.forbidden()
    if problem.two_sided:
        side = np.asarray(problem.side)
        allowed &= side[:, None] != side[None, :]
    best = -np.sort(-np.where(allowed, problem.weight, 0), axis=1)[:, : problem.rounds]
    return int(best.sum(axis=1).min())


def _rotation_fits(problem: Problem, quota: dict[int, int], max_tables: int | None) -> bool:
    """The circle method applies: no trio, no missing tables, rounds within its reach."""
    return (
        max_tables is None
        and not trio_needed(problem, quota)
        and problem.rounds <= circle.max_rounds(problem)
        and not any(problem.byes_so_far)
    )
