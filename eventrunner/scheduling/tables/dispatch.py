"""Tables of 3-4 for the whole plan, including the case of too few usable tables.

The tables planner (`solve.solve_tables`) seats everyone in every round. When a re-plan has
fewer usable tables than a full seating needs, this module picks each round's byes by the
fair rotation and asks the tables planner for one round at a time over the people seated,
carrying who has met forward so no pair meets twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from eventrunner.scheduling.byes import choose_byes
from eventrunner.scheduling.problem import Problem, SeatedRound, restrict
from eventrunner.scheduling.progress import Reporter
from eventrunner.scheduling.tables.bound import tables_upper_bound
from eventrunner.scheduling.tables.solve import solve_tables


def solve_groups(
    problem: Problem,
    *,
    reporter: Reporter,
    cancel: Callable[[], bool] | None,
    seed: int,
    max_tables: int | None,
    hint: Sequence[SeatedRound] | None,
) -> tuple[list[SeatedRound], int]:
    """Rounds of tables of problem.table_size, and an upper bound on their affinity."""

    def report(message: str, fraction: float) -> None:
        reporter.send("improving", None, message)

    g = problem.table_size
    if max_tables is None or max_tables * g >= problem.n:
        left = max(0.1, reporter.deadline - time.perf_counter())
        seated = solve_tables(
            problem, time_limit=left, progress=report, cancel=cancel, seed=seed, hint=hint
        )
        return list(seated), tables_upper_bound(problem, max_tables=max_tables)
    met = problem.met.copy()
    sat_out = list(problem.byes_so_far)
    out: list[SeatedRound] = []
    quota = _quota(problem, max_tables)
    for r in range(problem.rounds):
        choice = choose_byes(problem, sat_out, quota)
        byes = [*choice.forced, *choice.eligible[: choice.slots]]
        keep = [i for i in range(problem.n) if i not in set(byes)]
        sub = restrict(problem, keep, met=met, rounds=1)
        left = max(0.1, (reporter.deadline - time.perf_counter()) / (problem.rounds - r))
        where = {p: k for k, p in enumerate(keep)}
        previous = None
        if hint is not None and r < len(hint):
            kept = [tuple(where[p] for p in t if p in where) for t in hint[r][0]]
            previous = [(tuple(t for t in kept if len(t) >= 2), ())]
        [(tables, _)] = solve_tables(
            sub, time_limit=left, progress=report, cancel=cancel, seed=seed, hint=previous
        )
        tables_full = tuple(tuple(keep[i] for i in t) for t in tables)
        for t in tables_full:
            for a in t:
                for b in t:
                    met[a, b] = met[a, b] or a != b
        for i in byes:
            sat_out[i] += 1
        out.append((tables_full, tuple(sorted(byes))))
    return out, tables_upper_bound(problem, max_tables=max_tables)


def _quota(problem: Problem, max_tables: int) -> dict[int, int]:
    """Byes per group when only `max_tables` tables of g seat people."""
    seats = max_tables * problem.table_size
    if not problem.two_sided:
        return {-1: problem.n - seats}
    hosts = problem.side.count(0)
    # One host per table: hosts beyond the tables sit out, guests fill the other seats.
    host_byes = max(0, hosts - max_tables)
    return {0: host_byes, 1: max(0, problem.n - seats - host_byes)}
