"""The common path of `plan` and `replan`: check the request, dispatch, assemble the Plan.

1:1 rounds go to `pairs.solve_pairs`; tables of 3-4 to `tables.solve_groups` (each imported
only when needed). With fewer usable tables than a full seating needs, tables are planned one
round at a time over the people whose turn it is to sit. The finished plan's figures are measured by
`validation` (through `report.make_plan`); when the plan had to break a rule, the bound is
recomputed for the relaxed rules so "% of bound" stays honest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import attrs

from eventrunner.model import Attendee, EventSettings, Plan, Round
from eventrunner.scheduling.pairs import upper_bound
from eventrunner.scheduling.problem import Problem, SeatedRound, affinity_matrix
from eventrunner.scheduling.progress import PlanningError, Progress, Reporter
from eventrunner.scheduling.report import make_plan


def _check_request(attendees: Sequence[Attendee], settings: EventSettings) -> None:
    if len(attendees) < 2:
        raise PlanningError(
            f"{len(attendees)} attendee(s) present: a plan needs at least 2; check people in first"
        )
    twice = [pid for pid, k in Counter(a.id for a in attendees).items() if k > 1]
    if twice:
        raise PlanningError(
            f"attendee id {twice[0]!r} appears twice; give each person their own id"
        )
    if settings.two_sided:
        sides = Counter(a.side.casefold() for a in attendees)
        if "" in sides:
            who = next(a.id for a in attendees if not a.side)
            raise PlanningError(
                f"attendee {who!r} has no side in a two-sided event; fill in the `side` column"
            )


def run(
    attendees: Sequence[Attendee],
    settings: EventSettings,
    *,
    played: Sequence[Round],
    previous: Sequence[Round] | None,
    time_limit: float,
    progress: Callable[[Progress], None] | None,
    cancel: Callable[[], bool] | None,
    seed: int,
    max_tables: int | None,
    banned: frozenset[int] = frozenset(),
    keep: bool = True,
) -> Plan:
    """Plan the rounds after `played` (see `scheduling.plan` and `scheduling.replan`)."""
    reporter = Reporter(progress, time_limit)
    _check_request(attendees, settings)
    try:
        problem = Problem.build(attendees, settings, played=played)
    except ValueError as error:
        raise PlanningError(str(error)) from None
    hint = None
    if previous is not None and keep:
        from eventrunner.scheduling import to_index_rounds

        hint = to_index_rounds(problem, previous)[: problem.rounds]
    if problem.rounds <= 0:
        seated: list[SeatedRound] = []
        bound = 0
    elif settings.table_size == 2:
        from eventrunner.scheduling.pairs import solve_pairs

        solved = solve_pairs(
            problem,
            reporter=reporter,
            cancel=cancel,
            seed=seed,
            max_tables=max_tables,
            previous=hint,
        )
        seated, bound = solved.rounds, solved.bound
    else:
        from eventrunner.scheduling.tables import solve_groups

        seated, bound = solve_groups(
            problem, reporter=reporter, cancel=cancel, seed=seed, max_tables=max_tables, hint=hint
        )
    if problem.scale > 1:
        # Related topics weighed in the search; the figures are the default affinity, so the
        # bound reported is the bound of the default affinity itself.
        problem = attrs.evolve(problem, weight=affinity_matrix(attendees), scale=1)
        bound = _bound(problem, settings, max_tables) if seated else 0
    result = make_plan(
        problem,
        attendees,
        settings,
        seated,
        upper_bound=bound,
        seconds=reporter.elapsed,
        played=played,
        max_tables=max_tables,
        announced=previous or (),
        banned=banned,
    )
    breaks = " ".join(result.stats.rule_breaks)
    if "repeated" in breaks or "colleague" in breaks:
        repeats = max(Counter((a, b) for _, a, b in result.meetings()).values(), default=1)
        relax_colleagues = "colleague" in breaks
        if settings.table_size == 2:
            relaxed = upper_bound(
                problem,
                max_tables=max_tables,
                relax_colleagues=relax_colleagues,
                repeats=repeats,
                deadline=reporter.deadline,
            )
        else:
            from eventrunner.scheduling.tables import tables_upper_bound

            relaxed = tables_upper_bound(
                problem, relax_colleagues=relax_colleagues, repeats=repeats, max_tables=max_tables
            )
        result = make_plan(
            problem,
            attendees,
            settings,
            seated,
            upper_bound=relaxed,
            seconds=reporter.elapsed,
            played=played,
            max_tables=max_tables,
            announced=previous or (),
            banned=banned,
        )
    reporter.send("done", result.stats, _summary(result), force=True)
    return result


def _bound(problem: Problem, settings: EventSettings, max_tables: int | None) -> int:
    if settings.table_size == 2:
        return upper_bound(problem, max_tables=max_tables)
    from eventrunner.scheduling.tables import tables_upper_bound

    return tables_upper_bound(problem, max_tables=max_tables)


def _summary(plan: Plan) -> str:
    stats = plan.stats
    line = (
        f"done: affinity {stats.affinity_total} ({stats.percent_of_bound:.1f}% of bound), "
        f"lowest attendee {stats.min_attendee_affinity}"
    )
    if stats.rule_breaks:
        line += f"; {len(stats.rule_breaks)} rule(s) broken"
    return line
