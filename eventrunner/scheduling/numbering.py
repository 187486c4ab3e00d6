"""Table numbers as part of the plan: which numbered table each meeting of a round sits at.

The solvers decide who sits together; this module decides where, for any plan whatever made
it, one round at a time by a linear assignment of the round's tables to table numbers
(OR-Tools). In order of importance:

1. a kept meeting (two people the announced plan seats together in this round, still together)
   keeps its table number: after a re-plan the printed cards and wall maps stay true for them;
2. in a two-sided event every host keeps one table all evening (their "home");
3. someone whose meeting changed keeps the number the announced round gave them, if free;
4. people stay at the table they were at in the round before (tables of 3-4 always; one-sided
   1:1 when `EventSettings.seats_stay`: one of each pair stays, movement halved);
5. numbers freed in this round (or used the round before) are reused before new ones, low
   numbers before high.

Broken table numbers are never used. The first rounds of a fresh plan come out as 1..T.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
import numpy as np
import numpy.typing as npt
from ortools.graph.python import linear_sum_assignment, min_cost_flow

from eventrunner.model import Attendee, EventSettings, Round

# Weights of the assignment, far enough apart that each rule outranks everything below it
# (a table holds at most 6 pairs and 4 people; the low-number tie-break stays below 10**7).
_KEEP = 10**11
_HOST = 10**10
_ANNOUNCED = 10**9
_STAY = 10**8
_FREED = 10**7

#: From this many candidate numbers a round is numbered by a sparse min-cost flow: the full
#: assignment has numbers x numbers arcs (6 million, a second a round, at 5,000 people 1:1).
SPARSE_FROM = 600


def host_side(attendees: Sequence[Attendee], settings: EventSettings) -> str | None:
    """The side (case-folded) whose people keep one table all evening; None when one-sided.

    The side named in `settings.hosts`, else the smaller side (ties: the first by name).
    """
    if not settings.two_sided:
        return None
    counts: dict[str, int] = {}
    for a in attendees:
        side = a.side.casefold()
        if side:
            counts[side] = counts.get(side, 0) + 1
    named = settings.hosts.casefold().strip()
    if named and named in counts:
        return named
    if not counts:
        return None
    return min(counts, key=lambda s: (counts[s], s))


def hosts_of(attendees: Sequence[Attendee], settings: EventSettings) -> frozenset[str]:
    """Ids of the hosts: the people of `host_side` (empty for one-sided events)."""
    side = host_side(attendees, settings)
    if side is None:
        return frozenset()
    return frozenset(a.id for a in attendees if a.side.casefold() == side)


def stays(settings: EventSettings) -> bool:
    """Whether people (beyond hosts) are kept at the table they were at the round before."""
    if settings.table_size > 2:
        return True
    return settings.seats_stay and not settings.two_sided


def number_tables(
    rounds: Sequence[Round],
    *,
    before: Sequence[Round] = (),
    announced: Sequence[Round] = (),
    hosts: Iterable[str] = (),
    stay: bool = True,
    banned: Iterable[int] = (),
) -> tuple[Round, ...]:
    """`rounds` with their tables numbered (and listed by number).

    `before`: the rounds already played (numbers fixed); `announced`: the rounds the previous
    plan announced for the same round numbers (a re-plan); `hosts`: ids who keep one table;
    `banned`: numbers of tables that cannot be used.
    """
    host_set = frozenset(hosts)
    ban = frozenset(banned)
    old = {r.number: r for r in announced}
    home: dict[str, int] = {}
    last: Round | None = None
    for rnd in before:
        _note_homes(home, rnd, host_set)
        last = rnd
    out: list[Round] = []
    for rnd in rounds:
        numbered = _number_round(rnd, old.get(rnd.number), last, home, host_set, stay, ban)
        _note_homes(home, numbered, host_set)
        out.append(numbered)
        last = numbered
    return tuple(out)


def _note_homes(home: dict[str, int], rnd: Round, hosts: frozenset[str]) -> None:
    for table in rnd.tables:
        for person in table.attendees:
            if person in hosts:
                home[person] = table.number


def _number_round(
    rnd: Round,
    announced: Round | None,
    previous: Round | None,
    home: dict[str, int],
    hosts: frozenset[str],
    stay: bool,
    banned: frozenset[int],
) -> Round:
    tables = rnd.tables
    if not tables:
        return rnd
    old_seat = _seats(announced)
    prev_seat = _seats(previous) if stay else {}
    known = set(old_seat.values()) | set(prev_seat.values()) | set(home.values())
    freed = {t.number for t in announced.tables} if announced is not None else set()
    if previous is not None:
        freed |= {t.number for t in previous.tables}
    # Candidates: every number someone may want, and the lowest ones, enough for the round.
    pool = (known | freed | set(range(1, len(tables) + len(banned) + 1))) - banned
    extra = max(pool, default=0) + 1
    # Hosts seated for the first time (or whose table broke) need numbers no other host
    # calls home.
    newcomers = sum(
        1 for t in tables for p in t.attendees if p in hosts and home.get(p, 0) in (0, *banned)
    )
    while len(pool) < len(tables) + newcomers:
        if extra not in banned:
            pool.add(extra)
        extra += 1
    numbers = sorted(pool)
    rank = {k: i for i, k in enumerate(numbers)}
    m = len(numbers)
    gain = np.zeros((m, m), dtype=np.int64)
    taken = set(home.values()) & set(rank)
    for t, table in enumerate(tables):
        announced_at: dict[int, int] = {}
        for person in table.attendees:
            k = old_seat.get(person)
            if k in rank:
                gain[t, rank[k]] += _ANNOUNCED
                announced_at[k] = announced_at.get(k, 0) + 1
            k = prev_seat.get(person)
            if k in rank:
                gain[t, rank[k]] += _STAY
            k = home.get(person)
            if k in rank:
                gain[t, rank[k]] += _HOST
            elif person in hosts:
                # A host seated for the first time takes a table no other host calls home
                # (with more hosts than tables a round, the room has a table per host).
                for other in taken:
                    gain[t, rank[other]] -= _HOST
        # Meetings kept from announced table k: pairs of this table who both sat at k.
        for k, both in announced_at.items():
            gain[t, rank[k]] += _KEEP * (both * (both - 1) // 2)
    columns = np.arange(m)
    bonus = np.zeros(m, dtype=np.int64)
    for k in freed & set(rank):
        bonus[rank[k]] = _FREED
    if m >= SPARSE_FROM and not (gain < 0).any():
        chosen = [numbers[k] for k in _assign_sparse(gain[: len(tables)], bonus)]
        made = [attrs.evolve(table, number=k) for table, k in zip(tables, chosen, strict=True)]
        return attrs.evolve(rnd, tables=tuple(sorted(made, key=lambda t: t.number)))
    gain[: len(tables)] += bonus[None, :]
    # Low numbers first; among equals a table keeps its place in the round (1..T when nothing
    # else speaks), so the tie-break is the distance between the two positions.
    rows = np.arange(m)[:, None]
    tie = 2 * m * columns[None, :] + np.abs(rows - columns[None, :])
    gain[: len(tables)] -= tie[: len(tables)]
    cost = -gain
    cost[len(tables) :] = 0  # rows beyond the round's tables are placeholders
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    left = np.repeat(np.arange(m), m)
    right = np.tile(np.arange(m), m)
    solver.add_arcs_with_cost(left, right, cost.ravel())
    status = solver.solve()
    if status != solver.OPTIMAL:  # cannot happen on a complete square graph; keep the order
        chosen = numbers[: len(tables)]
    else:
        chosen = [numbers[solver.right_mate(t)] for t in range(len(tables))]
    made = [attrs.evolve(table, number=k) for table, k in zip(tables, chosen, strict=True)]
    return attrs.evolve(rnd, tables=tuple(sorted(made, key=lambda t: t.number)))


def _assign_sparse(preference: npt.NDArray[np.int64], bonus: npt.NDArray[np.int64]) -> list[int]:
    """The number (column) of each table (row) of a round, with arcs only where a table
    prefers a number.

    Every number costs its low-number rank less its `bonus` (a freed number); a table reaches
    any number through one shared hub at no gain, or the numbers it prefers directly, gaining
    `preference`. The min-cost flow maximizes the same gains less the same ranks as the full
    assignment; only the last tie-break (a table keeps its place in the round) is applied
    afterwards: the tables sent through the hub take their numbers in table order."""
    t, m = preference.shape
    rows, cols = np.nonzero(preference)
    source, hub, sink = 0, t + 1, t + m + 2
    row_node = np.arange(1, t + 1, dtype=np.int64)
    col_node = np.arange(t + 2, t + m + 2, dtype=np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    # Arcs in blocks: source->table, table->hub, table->preferred number, hub->number,
    # number->sink.
    tails = np.concatenate(
        [np.zeros(t, np.int64), row_node, row_node[rows], np.full(m, hub), col_node]
    )
    heads = np.concatenate([row_node, np.full(t, hub), col_node[cols], col_node, np.full(m, sink)])
    cost = np.concatenate(
        [
            np.zeros(2 * t, np.int64),
            -preference[rows, cols],
            np.zeros(m, np.int64),
            2 * m * np.arange(m, dtype=np.int64) - bonus,
        ]
    )
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails, heads, np.ones(len(tails), np.int64), cost
    )
    flow.set_node_supply(source, t)
    flow.set_node_supply(sink, -t)
    if flow.solve() != flow.OPTIMAL:  # cannot happen: every table reaches every number
        return list(range(t))
    used = flow.flows(arcs) > 0
    chosen = np.full(t, -1, dtype=np.int64)
    direct = used[2 * t : 2 * t + rows.size]
    chosen[rows[direct]] = cols[direct]
    via_hub = np.flatnonzero(used[t : 2 * t])
    hub_numbers = np.flatnonzero(used[2 * t + rows.size : 2 * t + rows.size + m])
    chosen[via_hub] = np.sort(hub_numbers)
    return [int(k) for k in chosen]


def _seats(rnd: Round | None) -> dict[str, int]:
    if rnd is None:
        return {}
    return {p: t.number for t in rnd.tables for p in t.attendees}


def moves(rounds: Sequence[Round]) -> tuple[int, ...]:
    """Per round: people who sit at a different table number than in the round before (the
    first round, and people who sat the round before out, count as not moving)."""
    out: list[int] = []
    before: dict[str, int] = {}
    for rnd in rounds:
        now = _seats(rnd)
        out.append(sum(1 for p, k in now.items() if p in before and before[p] != k))
        before = now
    return tuple(out)
