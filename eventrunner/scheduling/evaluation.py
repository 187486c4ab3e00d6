"""The figures of any plan, measured from the plan and the attendee records alone.

`evaluate` is what every plan reports (affinity, fairness, repeats, empty meetings, unmet
`want` requests), whoever made it; `validation` re-exports it next to the rule checks.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from eventrunner.interests import affinity, table_affinity
from eventrunner.model import Attendee, Plan, PlanStats


def keys(attendees: Sequence[Attendee]) -> dict[str, str]:
    """Id or casefolded email -> id, for reading `avoid` and `want`."""
    found: dict[str, str] = {}
    for a in attendees:
        found[a.id] = a.id
    for a in attendees:
        if a.email:
            found.setdefault(a.email.casefold(), a.id)
    return found


def resolve(known: dict[str, str], key: str) -> str | None:
    """The id an `avoid` or `want` entry names, if present."""
    return known.get(key, known.get(key.casefold()))


def pairs(people: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Every pair of a table, each as (smaller id, larger id)."""
    return itertools.combinations(sorted(people), 2)


def evaluate(plan: Plan, attendees: Sequence[Attendee]) -> PlanStats:
    """The figures of any plan: affinity, fairness, repeats, empty meetings, unmet wants.

    Tables with someone no longer present (a frozen round of a re-plan) count with their
    stored affinity. upper_bound, solve_seconds and rule_breaks are left for the solver.
    """
    by_id = {a.id: a for a in attendees}
    served = dict.fromkeys(by_id, 0)
    total = zero = 0
    met = Counter[tuple[str, str]]()
    for rnd in plan.rounds:
        for table in rnd.tables:
            known = [by_id[p] for p in table.attendees if p in by_id]
            if len(known) == len(table.attendees):
                total += table_affinity(known)
            else:
                total += table.affinity
            for pair in pairs(table.attendees):
                met[pair] += 1
            for a, b in itertools.combinations(known, 2):
                score = affinity(a, b)
                served[a.id] += score
                served[b.id] += score
                zero += score == 0
            if len(table.attendees) == 2 and len(known) == 1:
                served[known[0].id] += table.affinity
                zero += table.affinity == 0
    ids_by_key = keys(attendees)
    unmet: list[tuple[str, str]] = []
    for a in attendees:
        for key in a.want:
            other = resolve(ids_by_key, key)
            if other is not None and other != a.id and not met[min(a.id, other), max(a.id, other)]:
                unmet.append((a.id, other))
    return PlanStats(
        affinity_total=total,
        repeats=sum(times - 1 for times in met.values() if times > 1),
        min_attendee_affinity=min(served.values(), default=0),
        zero_meetings=zero,
        unmet_wants=tuple(dict.fromkeys(unmet)),
    )
