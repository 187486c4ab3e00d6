"""Turning a solved plan into what the organizer reads: the Plan, its figures, its breaks.

The figures come from `validation.evaluate` and the broken rules from `validation.check`, so
what is reported is measured on the finished `model.Plan`, whatever solver made it. Each rule
that had to give way becomes one line saying how often and why, e.g.
"3 repeated meetings: 24 people cannot meet 25 new partners".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import attrs
import numpy as np

from eventrunner.model import Attendee, EventSettings, Plan, Round
from eventrunner.scheduling.numbering import hosts_of, moves, number_tables, stays
from eventrunner.scheduling.problem import Problem, SeatedRound, to_plan_rounds
from eventrunner.scheduling.validation import check, evaluate

#: The words that start the rule_breaks line of each rule of validation.check.
BREAK_WORDS: dict[str, str] = {
    "repeats": "repeated meetings",
    "colleagues": "colleague pairs",
    "avoid": "`avoid` requests",
    "sides": "do not mix the sides",
    "seating": "extra byes",
    "byes": "byes out of turn",
    "table sizes": "problems with table sizes",
    "frozen": "problems with frozen",
}


def _repeat_reason(problem: Problem, settings: EventSettings, frozen: int, meetings: int) -> str:
    """Why meetings had to repeat, in the organizer's terms."""
    rounds = problem.rounds
    partners = rounds * (settings.table_size - 1)
    if problem.two_sided and settings.table_size == 2:
        other = max(problem.side.count(0), problem.side.count(1))
        if rounds > other:
            return f"the smaller side cannot meet {rounds} different people from {other}"
    elif not frozen and partners > problem.n - 1 + problem.n % 2:
        return f"{problem.n} people cannot meet {partners} new partners"
    free = int(np.triu(~problem.met, 1).sum())
    if problem.two_sided and settings.table_size == 2:
        side = np.asarray(problem.side)
        free = int(np.triu(~problem.met & (side[:, None] != side[None, :]), 1).sum())
    if meetings > free:
        return f"{meetings} meetings are needed but only {free} pairs have not met yet"
    if frozen:
        return "the rounds already played leave too few new partners"
    return "no seating without repeats was found within the time limit"


def _colleague_reason(attendees: Sequence[Attendee], settings: EventSettings) -> str:
    companies = Counter(a.company_key for a in attendees if a.company_key)
    if not companies:
        return "no seating keeps colleagues apart"
    key, count = companies.most_common(1)[0]
    name = next(a.company for a in attendees if a.company_key == key)
    if settings.table_size == 2 and 2 * count > len(attendees):
        return f"{count} of {len(attendees)} people work at {name}"
    return f"no seating keeps every company apart ({count} people work at {name})"


def rule_breaks(
    plan: Plan,
    attendees: Sequence[Attendee],
    settings: EventSettings,
    problem: Problem,
    *,
    played: Sequence[Round] = (),
    max_tables: int | None = None,
) -> tuple[str, ...]:
    """One line per broken rule: how many times, and why it could not be kept."""
    found = check(plan, attendees, settings, played=played, max_tables=max_tables)
    lines: list[str] = []
    if found["repeats"]:
        planned = sum(1 for r, _, _ in plan.meetings() if r >= problem.first_round)
        reason = _repeat_reason(problem, settings, len(played), planned)
        lines.append(f"{len(found['repeats'])} repeated meetings: {reason}")
    if found["colleagues"]:
        reason = _colleague_reason(attendees, settings)
        lines.append(f"{len(found['colleagues'])} colleague pairs seated together: {reason}")
    if found["avoid"]:
        lines.append(
            f"{len(found['avoid'])} `avoid` requests broken: {found['avoid'][0]}; "
            "check the avoid lists"
        )
    if found["sides"]:
        lines.append(
            f"{len(found['sides'])} tables do not mix the sides: "
            "one side has too few people for every table"
        )
    if found["seating"]:
        lines.append(
            f"{len(found['seating'])} extra byes: some people have no allowed partner left "
            f"({found['seating'][0]})"
        )
    if found["byes"]:
        lines.append(f"{len(found['byes'])} byes out of turn: {found['byes'][0]}")
    for rule in ("table sizes", "frozen"):
        if found[rule]:
            lines.append(f"{len(found[rule])} problems with {rule}: {found[rule][0]}")
    return tuple(lines)


def make_plan(
    problem: Problem,
    attendees: Sequence[Attendee],
    settings: EventSettings,
    seated: Sequence[SeatedRound],
    *,
    upper_bound: int,
    seconds: float,
    played: Sequence[Round] = (),
    max_tables: int | None = None,
    announced: Sequence[Round] = (),
    banned: frozenset[int] = frozenset(),
) -> Plan:
    """The finished Plan with every figure of PlanStats filled in (frozen rounds first).

    Tables are numbered by `numbering`: kept meetings of `announced` (the previous plan's
    rounds, for a re-plan) keep their numbers, hosts their table, and `banned` numbers
    stay unused.
    """
    fresh = number_tables(
        to_plan_rounds(problem, attendees, seated),
        before=played,
        announced=announced,
        hosts=hosts_of(attendees, settings),
        stay=stays(settings),
        banned=banned,
    )
    rounds = (*played, *fresh)
    plan = Plan(rounds=rounds)
    stats = attrs.evolve(evaluate(plan, attendees), moves=moves(rounds))
    # A bound on the whole evening: what the played rounds earned, plus the bound on the rest.
    earned = sum(t.affinity for r in played for t in r.tables)
    stats = attrs.evolve(
        stats,
        upper_bound=earned + upper_bound // problem.scale,  # in default-affinity units
        solve_seconds=round(seconds, 3),
        rule_breaks=rule_breaks(
            plan, attendees, settings, problem, played=played, max_tables=max_tables
        ),
    )
    return attrs.evolve(plan, stats=stats)
