"""Plans of small tables (3 or 4 people): the social-golfer part of the scheduler.

`solve_tables` seats everyone at tables of `problem.table_size` in every round: a quick
seating first (matched groups of high affinity, or the previous plan's tables for a re-plan,
then greedy seat filling), then the tabu search of `search` until the time limit, a
cancel, or a plan that is provably best (no rule broken and affinity at `tables_upper_bound`).
When that quick seating repeats meetings, a zero-repeat cyclic design (`designs`, found by
search at run time, never stored) seated for affinity (`seat`) is the start instead.

The 1:1 scheduler, the `Plan` records and the rule report live elsewhere in `scheduling`;
this module only returns seatings in index form.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np

from eventrunner.scheduling.problem import Problem, SeatedRound
from eventrunner.scheduling.tables.bound import (
    TABLE_LP_SECONDS,
    record_optimum,
    tables_upper_bound,
)
from eventrunner.scheduling.tables.designs import find_rounds
from eventrunner.scheduling.tables.exact import fits, solve_exact
from eventrunner.scheduling.tables.layout import (
    IntArray,
    TableLayout,
    greedy_round,
    table_layout,
    to_seated,
)
from eventrunner.scheduling.tables.match import matched_groups
from eventrunner.scheduling.tables.search import BATCH_CELLS, TableSearch
from eventrunner.scheduling.tables.seat import seat_design
from eventrunner.scheduling.tables.tally import (
    AVOID_BREAK,
    COLLEAGUE_BREAK,
    REPEAT,
    UNMET_WANT,
    BoolArray,
    Score,
)

#: How often the progress callback hears from the search, in seconds.
PROGRESS_EVERY = 0.3

#: Calls shorter than this (seconds) do not spend time on the bound unless it is trivial.
BOUND_MIN_TIME = 2.0

#: Most of the time limit the table programme of the bound may take (`cliques`).
BOUND_SHARE = 0.1

#: Up to this many people each round starts from matched groups (two levels of maximum-weight
#: matching, rustworkx); beyond, the matchings cost more than the search they save.
MATCHING_MAX = 300

#: Share of the time limit a zero-repeat design may take to find (it is cut off at
#: designs.SEARCH_CAP seconds) when the quick seating repeats meetings.
DESIGN_SHARE = 0.5

#: Up to this many people a design is searched for (the base-class search is pure Python).
DESIGN_MAX = 200

#: Share of the time limit the search gets before CP-SAT tries to prove the best plan of a
#: small event (`exact`); the search alone reaches the best plan in that time, nearly always.
EXACT_SEARCH_SHARE = 0.3

#: Longest the seating of people on a design's points may take, in seconds.
SEAT_SECONDS = 1.0


def solve_tables(
    problem: Problem,
    *,
    time_limit: float,
    progress: Callable[[str, float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    seed: int = 0,
    hint: Sequence[SeatedRound] | None = None,
) -> list[SeatedRound]:
    """Seat `problem.n` people at small tables for `problem.rounds` rounds.

    Returns the best seating found when `time_limit` seconds have passed, `cancel()` says
    so, or the plan cannot be improved. Rule breaks are minimized before affinity is
    maximized; with a `hint` (the previous future rounds of a re-plan, in this problem's
    indices) as many of its meetings are kept as the rules allow.
    """
    started = time.monotonic()
    deadline = started + max(0.0, time_limit)
    if problem.rounds <= 0:
        return []
    if problem.n < 2:
        # Nobody to meet: the lone person (if any) sits every round out.
        return [((), tuple(range(problem.n))) for _ in range(problem.rounds)]
    layout = table_layout(problem)
    rng = np.random.default_rng(seed)
    hint_pairs = _hint_pairs(hint, problem.n, problem.rounds) if hint else None
    search = TableSearch(problem, layout, _first_plan(problem, layout, rng, hint), rng, hint_pairs)
    search.set_fairness_target()
    report = _Reporter(progress, started, time_limit)
    report(search.score(), force=True)
    if search.score().repeats and hint is None:
        # The quick seating repeats meetings: a zero-repeat design, if one exists, is a
        # better start (seated for affinity); the search then only keeps or improves it.
        designed = _design_plan(problem, layout, rng, started + DESIGN_SHARE * time_limit)
        if designed is not None:
            trial = TableSearch(problem, layout, designed, rng, hint_pairs)
            trial.set_fairness_target()
            if trial.score().better_than(search.score()):
                search = trial
    current = best = search.score()
    best_plan = search.table_of.copy()
    report(best, force=True)
    # After the first report: the console hears of a plan before the bound's LP is solved.
    # A short call (one round of a re-plan) skips the LP unless nothing can be gained anyway.
    bound = None
    if time_limit >= BOUND_MIN_TIME or not problem.weight.any():
        # The plan's tables start the table programme off feasible (see `cliques`).
        tables = [
            t for r in range(problem.rounds) for t in to_seated(best_plan[r], layout.tables)[0]
        ]
        bound = report.bound = tables_upper_bound(
            problem, start=tables, seconds=min(TABLE_LP_SECONDS, BOUND_SHARE * time_limit)
        )
    hint_total = int(hint_pairs.sum() // 2) if hint_pairs is not None else 0

    def finished(score: Score) -> bool:
        return (
            bound is not None
            and score.breaks == 0
            and score.affinity >= bound
            and score.kept >= hint_total
        )

    n, rounds = problem.n, problem.rounds
    batch = rounds * n * n <= BATCH_CELLS
    all_rounds = np.arange(rounds)
    # Long enough to climb out of a basin, short enough to try many restarts.
    stall_limit = 200 + 20 * n
    stalled = 0
    exact = hint is None and fits(problem, layout)
    # Small events: the search gets a share of the time, CP-SAT the rest to prove the best.
    search_until = started + EXACT_SEARCH_SHARE * time_limit if exact else deadline
    while not finished(best) and time.monotonic() < search_until:
        if cancel is not None and cancel():
            break
        chosen = all_rounds if batch else np.array([search.iteration % rounds])
        if not search.step(chosen, current, best):
            break
        current = search.score()
        if current.better_than(best):
            best, best_plan, stalled = current, search.table_of.copy(), 0
        else:
            stalled += 1
        if stalled > stall_limit:
            search.perturb(best_plan, swaps=max(2, n // 8))
            current, stalled = search.score(), 0
        report(best)
    left = deadline - time.monotonic()
    if exact and not finished(best) and left > 0 and not (cancel is not None and cancel()):
        found = solve_exact(problem, layout, best_plan, seconds=left, seed=seed)
        if found.table_of is not None and (best.breaks > 0 or found.affinity > best.affinity):
            best_plan = found.table_of
        if found.optimal:
            record_optimum(problem, found.affinity)
    report(best, force=True)
    return [to_seated(best_plan[r], layout.tables) for r in range(rounds)]


def _design_plan(
    problem: Problem, layout: TableLayout, rng: np.random.Generator, deadline: float
) -> IntArray | None:
    """A zero-repeat seating from a cyclic design (`designs`), people placed on its points
    for affinity (`seat`); None when the instance does not fit or no design is found."""
    n, k = problem.n, problem.table_size
    if (
        n > DESIGN_MAX
        or problem.two_sided
        or problem.met.any()
        or any(size != k for size in layout.sizes)
    ):
        return None
    rounds = find_rounds(n, k, problem.rounds, max(0.0, deadline - time.monotonic()))
    if rounds is None:
        return None
    apart = problem.colleague if problem.colleagues_apart else np.zeros_like(problem.avoid)
    # A rule break outweighs any affinity a person can gain over the evening.
    big = 1.0 + float(problem.weight.max(initial=0)) * problem.rounds * k
    value = problem.weight.astype(np.float64) - big * (problem.avoid | apart)
    for who, whom in problem.wants:
        value[who, whom] += big / 2
        value[whom, who] += big / 2
    seat_until = min(deadline, time.monotonic() + SEAT_SECONDS)
    return seat_design(rounds, value, rng=rng, deadline=seat_until)


def _first_plan(
    problem: Problem,
    layout: TableLayout,
    rng: np.random.Generator,
    hint: Sequence[SeatedRound] | None,
) -> IntArray:
    """A quick seating, round by round: groups of high affinity from matchings (or the
    hint's tables, for a re-plan) placed first, then every free seat filled greedily."""
    n = problem.n
    weight = problem.weight.astype(np.float64)
    # Rule breaks must outweigh any affinity a table can add.
    scale = 1.0 + float(weight.max(initial=0.0)) * 4 * max(layout.sizes)
    apart = problem.colleague if problem.colleagues_apart else np.zeros_like(problem.avoid)
    fixed = AVOID_BREAK * problem.avoid + COLLEAGUE_BREAK * apart
    want = np.zeros((n, n), dtype=np.bool_)
    for who, whom in problem.wants:
        want[who, whom] = want[whom, who] = True
    count = problem.met.astype(np.int64)
    plan = np.zeros((problem.rounds, n), dtype=np.int64)
    for r in range(problem.rounds):
        gain = weight - scale * (fixed + REPEAT * (count >= 1) - UNMET_WANT * (want & (count == 0)))
        start: list[tuple[int, ...]] = []
        if hint is not None and r < len(hint):
            start = [tuple(t) for t in hint[r][0]]
            # Keeping an announced meeting beats any affinity, never a rule.
            gain = gain + scale / 2 * _hint_pairs([hint[r]], n, 1)[0]
        elif n <= MATCHING_MAX and layout.sizes[0] in (3, 4):
            start = matched_groups(gain, layout.sizes[0], layout.tables)
        plan[r] = greedy_round(layout, gain, rng, start)
        same = plan[r][:, None] == plan[r][None, :]
        np.fill_diagonal(same, False)
        count = count + same
    return plan


def _hint_pairs(hint: Sequence[SeatedRound] | None, n: int, rounds: int) -> BoolArray:
    """rounds x n x n: who sat with whom in the hint (people outside 0..n-1 ignored)."""
    pairs = np.zeros((rounds, n, n), dtype=np.bool_)
    for r, (tables, _byes) in enumerate(list(hint or ())[:rounds]):
        for table in tables:
            people = np.array([p for p in table if 0 <= p < n], dtype=np.int64)
            pairs[r, people[:, None], people[None, :]] = True
    idx = np.arange(n)
    pairs[:, idx, idx] = False
    return pairs


class _Reporter:
    """Calls `progress` with the best plan so far, at most every PROGRESS_EVERY seconds."""

    def __init__(
        self,
        progress: Callable[[str, float], None] | None,
        started: float,
        time_limit: float,
    ) -> None:
        self.progress = progress
        self.started = started
        self.time_limit = time_limit
        self.bound: int | None = None
        self.last = -PROGRESS_EVERY

    def __call__(self, best: Score, *, force: bool = False) -> None:
        if self.progress is None:
            return
        elapsed = time.monotonic() - self.started
        if not force and elapsed - self.last < PROGRESS_EVERY:
            return
        self.last = elapsed
        broken = [
            f"{count} {what}"
            for count, what in (
                (best.repeats, "repeats"),
                (best.avoided, "avoid pairs together"),
                (best.colleagues, "colleague pairs"),
                (best.unmet_wants, "wants unmet"),
            )
            if count
        ]
        rules = ", ".join(broken) or "no rule broken"
        quality = f"affinity {best.affinity}"
        if self.bound:
            quality += f" ({100.0 * best.affinity / self.bound:.1f}% of bound {self.bound})"
        message = f"tables: {rules}; {quality}, lowest attendee {best.lowest}"
        fraction = min(1.0, elapsed / self.time_limit) if self.time_limit > 0 else 1.0
        self.progress(message, fraction)
