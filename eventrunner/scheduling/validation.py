"""Solver-independent checks of any plan against the hard rules of PRODUCT.md, and its figures.

Every scheduler test validates its plans here, whatever made them (1:1 matching, tables,
re-plan, a baseline, a hand-written plan). Nothing here knows how a plan was built; it reads
`model.Plan` and the attendee records only. It is not the place that decides whether a broken
rule was unavoidable: the scheduler reports that in `PlanStats.rule_breaks`.

`played` are rounds already run before the plan's own rounds (frozen). A plan may repeat them
verbatim (a re-plan returns the whole evening); such copies are checked for being unchanged
and count for repeats and byes, but the seating rules apply to the rounds still to come.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from eventrunner.model import (
    Attendee,
    CompanyRule,
    EventSettings,
    OddPolicy,
    Plan,
    Round,
)
from eventrunner.scheduling.evaluation import evaluate as evaluate
from eventrunner.scheduling.evaluation import keys, pairs, resolve

#: The rule names `check` groups its findings under, in the order they are reported.
RULES: tuple[str, ...] = (
    "frozen",
    "seating",
    "table sizes",
    "repeats",
    "avoid",
    "colleagues",
    "sides",
    "byes",
)


def expected_byes(
    attendees: Sequence[Attendee], settings: EventSettings, max_tables: int | None = None
) -> int:
    """How many present people must sit out each round (the fewest the rules allow)."""
    n = len(attendees)
    if n < 2:
        return n
    g = settings.table_size
    if g == 2 and settings.two_sided:
        counts = Counter(a.side.casefold() for a in attendees)
        pairs = min(counts.values()) if len(counts) == 2 else 0
        if max_tables is not None:
            pairs = min(pairs, max_tables)
        return n - 2 * pairs
    if g == 2:
        trio = settings.odd_policy is OddPolicy.TRIO and n % 2 == 1 and n >= 3
        byes = 0 if trio else n % 2
        if max_tables is not None:
            capacity = 2 * max_tables + (1 if trio else 0)
            byes = max(byes, n - capacity)
        return byes
    if max_tables is not None:
        return max(0, n - max_tables * g)
    return 0


def _table_size_problems(
    rnd: Round, seated: int, settings: EventSettings, max_tables: int | None
) -> list[str]:
    """Sizes: 1:1 tables of 2 (one trio when odd and allowed); groups of g or g-1, balanced."""
    sizes = [len(t.attendees) for t in rnd.tables]
    where = f"round {rnd.number}"
    found: list[str] = []
    if max_tables is not None and len(sizes) > max_tables:
        found.append(f"{where} uses {len(sizes)} tables where only {max_tables} are usable")
    if any(s < 2 for s in sizes):
        found.append(f"{where} has a table with fewer than 2 people")
    g = settings.table_size
    if g == 2:
        trios = sizes.count(3)
        allowed = (
            1
            if settings.odd_policy is OddPolicy.TRIO and seated % 2 == 1 and not settings.two_sided
            else 0
        )
        if any(s > 3 for s in sizes) or trios > allowed:
            found.append(f"{where} has tables of {sorted(set(sizes))} in a 1:1 event")
        return found
    if sizes:
        wanted = math.ceil(seated / g)
        if max_tables is not None:
            wanted = min(wanted, max_tables)
        if max(sizes) > g:
            found.append(f"{where} has a table of {max(sizes)} where tables seat {g}")
        if max(sizes) - min(sizes) > 1 or len(sizes) != wanted:
            found.append(
                f"{where} seats {seated} people at tables of {sorted(sizes)}; "
                f"expected {wanted} tables of {g} or {g - 1}"
            )
    return found


def check(
    plan: Plan,
    attendees: Sequence[Attendee],
    settings: EventSettings,
    *,
    played: Sequence[Round] = (),
    max_tables: int | None = None,
) -> dict[str, list[str]]:
    """Every broken rule, grouped by the names in RULES (empty lists when the plan is valid)."""
    found: dict[str, list[str]] = {rule: [] for rule in RULES}
    by_id = {a.id: a for a in attendees}
    keys_ = keys(attendees)
    frozen = {r.number: r for r in played}
    new_rounds = [r for r in plan.rounds if r.number not in frozen]
    for r in plan.rounds:
        if r.number in frozen and r != frozen[r.number]:
            found["frozen"].append(f"round {r.number} was played and must not change")
    timeline = sorted([*played, *new_rounds], key=lambda r: r.number)
    new_numbers = {r.number for r in new_rounds}

    avoid: set[tuple[str, str]] = set()
    for a in attendees:
        for key in a.avoid:
            other = resolve(keys_, key)
            if other is not None and other != a.id:
                avoid.add((min(a.id, other), max(a.id, other)))
    side = {a.id: a.side.casefold() for a in attendees}
    byes_needed = expected_byes(attendees, settings, max_tables)

    for rnd in new_rounds:
        where = f"round {rnd.number}"
        seen = Counter(p for t in rnd.tables for p in t.attendees)
        seen.update(rnd.byes)
        for person, times in sorted(seen.items()):
            if person not in by_id:
                found["seating"].append(f"{where} seats {person!r}, who is not present")
            elif times > 1:
                found["seating"].append(f"{where} places {person!r} {times} times")
        for person in sorted(set(by_id) - set(seen)):
            found["seating"].append(f"{where} leaves out {person!r}")
        if len(rnd.byes) > byes_needed:
            found["seating"].append(
                f"{where} has {len(rnd.byes)} byes where {byes_needed} would do"
            )
        seated = sum(len(t.attendees) for t in rnd.tables)
        found["table sizes"].extend(_table_size_problems(rnd, seated, settings, max_tables))
        for table in rnd.tables:
            at = f"{where}, table {table.number}"
            for x, y in pairs(table.attendees):
                if (x, y) in avoid:
                    found["avoid"].append(f"{at}: {x!r} and {y!r} asked never to meet")
                ca, cb = by_id.get(x), by_id.get(y)
                if (
                    settings.company_rule is CompanyRule.APART
                    and ca is not None
                    and cb is not None
                    and ca.company_key
                    and ca.company_key == cb.company_key
                ):
                    found["colleagues"].append(f"{at}: {x!r} and {y!r} both work at {ca.company}")
            if settings.two_sided:
                sides = {side[p] for p in table.attendees if p in side}
                if len(sides) < 2:
                    found["sides"].append(f"{at} does not mix the sides")
                elif len(table.attendees) == 2 and len(sides) != 2:
                    found["sides"].append(f"{at} is not one from each side")

    first_met: dict[tuple[str, str], int] = {}
    for rnd in timeline:
        for table in rnd.tables:
            for pair in pairs(table.attendees):
                if pair in first_met and rnd.number in new_numbers:
                    found["repeats"].append(
                        f"round {rnd.number}: {pair[0]!r} and {pair[1]!r} meet again "
                        f"(first in round {first_met[pair]})"
                    )
                first_met.setdefault(pair, rnd.number)

    found["byes"].extend(_bye_problems(timeline, new_numbers, attendees, settings))
    return found


def _bye_problems(
    timeline: Sequence[Round],
    new_numbers: set[int],
    attendees: Sequence[Attendee],
    settings: EventSettings,
) -> list[str]:
    """Byes go to those who sat out least so far (within each side for two-sided events).

    A present attendee missing from an earlier round (a late arrival) has sat that one out.
    """
    groups: dict[str, list[str]] = {}
    for a in attendees:
        groups.setdefault(a.side.casefold() if settings.two_sided else "", []).append(a.id)
    sat_out = Counter[str]()
    found: list[str] = []
    for rnd in timeline:
        seated = {p for t in rnd.tables for p in t.attendees}
        out = {a.id for a in attendees if a.id not in seated}
        if rnd.number in new_numbers:
            for members in groups.values():
                resting = [p for p in members if p in out]
                playing = [p for p in members if p not in out]
                if not resting or not playing:
                    continue
                worst = max(resting, key=lambda p: sat_out[p])
                best = min(playing, key=lambda p: sat_out[p])
                if sat_out[worst] > sat_out[best]:
                    found.append(
                        f"round {rnd.number}: {worst!r} sits out again ({sat_out[worst] + 1} "
                        f"times) while {best!r} has sat out {sat_out[best]} times"
                    )
        sat_out.update(out)
    return found


def violations(
    plan: Plan,
    attendees: Sequence[Attendee],
    settings: EventSettings,
    *,
    played: Sequence[Round] = (),
    max_tables: int | None = None,
) -> list[str]:
    """Every broken hard rule, one line each (empty when the plan is valid)."""
    found = check(plan, attendees, settings, played=played, max_tables=max_tables)
    return [line for rule in RULES for line in found[rule]]


def _assert_rule(rule: str, found: dict[str, list[str]]) -> None:
    if found[rule]:
        shown = "\n".join(found[rule][:10])
        raise AssertionError(f"{len(found[rule])} broken '{rule}' rule(s):\n{shown}")


def assert_valid(
    plan: Plan,
    attendees: Sequence[Attendee],
    settings: EventSettings,
    *,
    played: Sequence[Round] = (),
    max_tables: int | None = None,
) -> None:
    """Raise AssertionError listing every broken hard rule."""
    lines = violations(plan, attendees, settings, played=played, max_tables=max_tables)
    if lines:
        raise AssertionError(f"{len(lines)} broken rule(s):\n" + "\n".join(lines[:20]))


def _rule_assertion(rule: str, doc: str) -> _Assertion:
    def assertion(
        plan: Plan,
        attendees: Sequence[Attendee],
        settings: EventSettings,
        *,
        played: Sequence[Round] = (),
        max_tables: int | None = None,
    ) -> None:
        _assert_rule(rule, check(plan, attendees, settings, played=played, max_tables=max_tables))

    assertion.__doc__ = doc
    assertion.__name__ = "assert_" + rule.replace(" ", "_")
    return assertion


class _Assertion(Protocol):
    """The shape of every per-rule assertion below."""

    def __call__(
        self,
        plan: Plan,
        attendees: Sequence[Attendee],
        settings: EventSettings,
        *,
        played: Sequence[Round] = (),
        max_tables: int | None = None,
    ) -> None: ...


assert_frozen_unchanged = _rule_assertion("frozen", "Played rounds are repeated verbatim.")
assert_everyone_seated = _rule_assertion(
    "seating", "Every present attendee is at one table or a bye each round, no extra byes."
)
assert_table_sizes = _rule_assertion(
    "table sizes", "Tables of 2 (one trio if allowed), or balanced tables of g and g-1."
)
assert_no_repeats = _rule_assertion("repeats", "Nobody meets the same person twice.")
assert_avoid = _rule_assertion("avoid", "`avoid` pairs never share a table.")
assert_colleagues_apart = _rule_assertion(
    "colleagues", "Colleagues never share a table when the company rule says apart."
)
assert_sides_mixed = _rule_assertion(
    "sides", "Two-sided: 1:1 is one of each side, a table has at least one of each."
)
assert_byes_fair = _rule_assertion(
    "byes", "Nobody sits out twice before everyone (of their side) has once."
)


def table_problems(
    plan: Plan,
    attendees: Sequence[Attendee],
    settings: EventSettings,
    *,
    previous: Plan | None = None,
    played: int = 0,
    banned: Sequence[int] = (),
) -> list[str]:
    """Table numbers as part of the plan, one line per problem (empty when all is well).

    - every round's table numbers are distinct and none is a `banned` (broken) table;
    - with `previous` (a re-plan after round `played`): every announced meeting after
      `played` that still happens is at the table number announced for it (tables of 3-4:
      a table holding the kept meetings of one announced table, and of no other, is at
      that table's number; an announced table split in two cannot be at one number);
    - two-sided: every host (see `numbering.host_side`) sits at one table number all evening
      (a host whose table broke may move once, to a table kept from then on).
    """
    from eventrunner.scheduling.numbering import hosts_of

    found: list[str] = []
    ban = set(banned)
    for rnd in plan.rounds:
        numbers = [t.number for t in rnd.tables]
        if len(set(numbers)) != len(numbers):
            found.append(f"round {rnd.number} uses a table number twice")
        if rnd.number > played and ban.intersection(numbers):
            found.append(f"round {rnd.number} uses broken table(s) {sorted(ban & set(numbers))}")
    if previous is not None:
        found.extend(_moved_meetings(plan, previous, played, ban))
    for host in sorted(hosts_of(attendees, settings)):
        tables = [t.number for t in (r.table_of(host) for r in plan.rounds) if t is not None]
        moved = [b for a, b in itertools.pairwise(tables) if a != b]
        allowed = 1 if any(k in ban for k in tables) else 0
        if len(moved) > allowed:
            found.append(f"host {host!r} changes tables: {tables}")
    return found


def assert_tables_stable(
    plan: Plan,
    attendees: Sequence[Attendee],
    settings: EventSettings,
    *,
    previous: Plan | None = None,
    played: int = 0,
    banned: Sequence[int] = (),
) -> None:
    """Kept meetings keep their table number, hosts keep one table, broken tables unused."""
    found = table_problems(
        plan, attendees, settings, previous=previous, played=played, banned=banned
    )
    if found:
        raise AssertionError(f"{len(found)} table-number problem(s):\n" + "\n".join(found[:20]))


def _moved_meetings(plan: Plan, previous: Plan, played: int, ban: set[int]) -> list[str]:
    """Kept meetings (pairs announced together for the same round) away from their table."""
    found: list[str] = []
    old_rounds = {r.number: r for r in previous.rounds if r.number > played}
    for rnd in plan.rounds:
        before = old_rounds.get(rnd.number)
        if before is None:
            continue
        was = {p: t.number for t in before.tables for p in t.attendees}
        # Per new table: the announced tables it keeps meetings of.
        kept = [
            {was[x] for x, y in pairs(t.attendees) if x in was and was[x] == was.get(y)}
            for t in rnd.tables
        ]
        pieces = Counter(k for ks in kept for k in ks)
        for table, ks in zip(rnd.tables, kept, strict=True):
            if len(ks) != 1:
                continue
            (k,) = ks
            if pieces[k] == 1 and k not in ban and table.number != k:
                who = ", ".join(repr(p) for p in table.attendees)
                found.append(
                    f"round {rnd.number}: the kept meeting of {who} moves from table {k} "
                    f"to {table.number}"
                )
    return found
