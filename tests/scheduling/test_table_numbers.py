"""Table numbers as part of the plan: kept meetings keep their table, hosts stay seated,
people stay where the format allows, broken tables are not used (scheduling.numbering)."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventrunner.generate import generate_attendees
from eventrunner.model import Attendee, EventSettings, Plan, Round, Table
from eventrunner.scheduling import plan, replan
from eventrunner.scheduling.changes import kept_meetings, seat_changes
from eventrunner.scheduling.numbering import host_side, hosts_of, moves, number_tables
from eventrunner.scheduling.validation import assert_tables_stable, assert_valid, table_problems

ONE = EventSettings(name="numbers", rounds=5)


def rnd(number: int, *tables: tuple[str, ...], byes: tuple[str, ...] = ()) -> Round:
    return Round(number, tuple(Table(k, t) for k, t in enumerate(tables, start=1)), byes)


def seats(r: Round) -> dict[frozenset[str], int]:
    return {frozenset(t.attendees): t.number for t in r.tables}


def test_kept_meeting_keeps_its_number_and_freed_numbers_come_first() -> None:
    announced = Round(3, (Table(4, ("a", "b")), Table(7, ("c", "d")), Table(9, ("e", "f"))))
    # The solver lists the kept meeting (c, d) last and the new pairs first.
    new = rnd(3, ("a", "e"), ("b", "f"), ("c", "d"))
    (out,) = number_tables([new], announced=[announced], stay=False)
    got = seats(out)
    assert got[frozenset("cd")] == 7
    # The changed meetings reuse the numbers freed in this round (4 and 9), not 1 or 2.
    assert {got[frozenset("ae")], got[frozenset("bf")]} == {4, 9}
    assert [t.number for t in out.tables] == sorted(t.number for t in out.tables)


def test_banned_numbers_are_never_used() -> None:
    announced = Round(2, (Table(1, ("a", "b")), Table(2, ("c", "d")), Table(3, ("e", "f"))))
    new = rnd(2, ("a", "b"), ("c", "d"), ("e", "f"))
    (out,) = number_tables([new], announced=[announced], banned=[2], stay=False)
    got = seats(out)
    assert got[frozenset("ab")] == 1 and got[frozenset("ef")] == 3
    assert got[frozenset("cd")] not in (1, 2, 3)


def test_first_round_of_a_fresh_plan_is_numbered_in_order() -> None:
    (out,) = number_tables([rnd(1, ("a", "b"), ("c", "d"), ("e", "f"))], stay=True)
    assert [t.attendees for t in out.tables] == [("a", "b"), ("c", "d"), ("e", "f")]
    assert [t.number for t in out.tables] == [1, 2, 3]


def test_one_sided_one_of_each_pair_stays() -> None:
    people = generate_attendees(20, seed=3)
    staying = plan(people, ONE, time_limit=1.0, seed=1)
    assert_valid(staying, people, ONE)
    for before, now in zip(staying.rounds, staying.rounds[1:], strict=False):
        was = {p: t.number for t in before.tables for p in t.attendees}
        for table in now.tables:
            assert any(was.get(p) == table.number for p in table.attendees), table
    assert all(m <= 10 for m in staying.stats.moves)
    assert staying.stats.moves == moves(staying.rounds)
    # Off: the tables are numbered as the solver lists them, and more people walk.
    loose = plan(people, attrs.evolve(ONE, seats_stay=False), time_limit=1.0, seed=1)
    assert sum(loose.stats.moves) > sum(staying.stats.moves)


@pytest.mark.parametrize("hosts", ["", "mentee"])
def test_two_sided_hosts_keep_one_table(hosts: str) -> None:
    settings = EventSettings(name="mentoring", rounds=5, two_sided=True, hosts=hosts)
    people = generate_attendees(24, seed=5, two_sided=True)
    evening = plan(people, settings, time_limit=1.0, seed=1)
    assert_valid(evening, people, settings)
    assert host_side(people, settings) == (hosts or "mentor")
    assert_tables_stable(evening, people, settings)
    # The check itself catches a host who moves.
    first = evening.rounds[0]
    swapped = attrs.evolve(
        first,
        tables=tuple(
            attrs.evolve(t, number={1: 2, 2: 1}.get(t.number, t.number)) for t in first.tables
        ),
    )
    broken = attrs.evolve(evening, rounds=(swapped, *evening.rounds[1:]))
    assert any("changes tables" in line for line in table_problems(broken, people, settings))


def _replanned(
    people: list[Attendee], settings: EventSettings, change: str
) -> tuple[list[Attendee], Plan, Plan, int, list[int]]:
    before = plan(people, settings, time_limit=1.0, seed=2)
    played, banned = 1, []
    present = list(people)
    kwargs: dict[str, object] = {}
    if change == "walk-in":
        present.append(Attendee(id="late", name="Late", interests=people[0].interests))
    elif change == "departure":
        present = present[1:]
    elif change == "two departures":
        present = present[2:]
    else:  # table 2 breaks
        banned = [2]
        kwargs = {"max_tables": len(before.rounds[1].tables) - 1}
    after = replan(
        present, settings, before, played, time_limit=1.0, banned=frozenset(banned), **kwargs
    )  # type: ignore[arg-type]
    return present, before, after, played, banned


@pytest.mark.parametrize("change", ["walk-in", "departure", "two departures", "broken table"])
@pytest.mark.parametrize("size", [2, 4])
def test_replan_keeps_kept_meetings_at_their_tables(change: str, size: int) -> None:
    settings = attrs.evolve(ONE, table_size=size)
    people = generate_attendees(24, seed=7)
    present, before, after, played, banned = _replanned(people, settings, change)
    assert_tables_stable(after, present, settings, previous=before, played=played, banned=banned)
    kept, same_table = kept_meetings(before, after, played)
    assert kept > 0
    if size == 2:
        # Only meetings announced at the broken table move.
        at_broken = sum(1 for r in before.rounds[played:] for t in r.tables if t.number in banned)
        assert same_table >= kept - at_broken
    changed = seat_changes(before, after, played)
    assert after.stats.changed_people == len(changed)
    # Everyone listed really changed table or partner in that round.
    for person, rounds in changed.items():
        for change_ in rounds:
            assert (change_.old_table, change_.old_partners) != (
                change_.new_table,
                change_.new_partners,
            ), person


def test_two_sided_replan_keeps_hosts_seated() -> None:
    settings = EventSettings(name="mentoring", rounds=5, two_sided=True)
    people = generate_attendees(30, seed=9, two_sided=True)
    before = plan(people, settings, time_limit=1.0, seed=1)
    mentee = next(a for a in people if a.side == "mentee")
    present = [a for a in people if a.id != mentee.id]
    after = replan(present, settings, before, 2, time_limit=1.0)
    assert_tables_stable(after, present, settings, previous=before, played=2)


def test_after_one_walk_in_the_better_option_reaches_97_percent_of_a_fresh_plan() -> None:
    people = generate_attendees(41, seed=21)
    crowd, walkin = people[:40], people[40]
    before = plan(crowd, ONE, time_limit=1.0, seed=1)
    here = [*crowd, walkin]
    kept = replan(here, ONE, before, 1, time_limit=0.5)
    moved = replan(here, ONE, before, 1, time_limit=0.5, keep=False)
    fresh = replan(here, ONE, before, 1, time_limit=2.0, keep=False)

    def future(p: Plan) -> int:
        return sum(t.affinity for r in p.rounds[1:] for t in r.tables)

    assert max(future(kept), future(moved)) >= 0.97 * future(fresh)
    # Without keeping, meetings that happen to stay still keep their tables.
    assert_tables_stable(moved, here, ONE, previous=before, played=1)


@given(
    st.lists(st.permutations(list("abcdefgh")), min_size=2, max_size=4),
    st.sets(st.integers(1, 6), max_size=2),
)
@settings(max_examples=60, deadline=None)
def test_numbering_of_any_rounds(orders: list[list[str]], banned: set[int]) -> None:
    """Any rounds of pairs: numbers distinct, broken ones unused, kept pairs at their table."""
    rounds = [
        rnd(k, *(tuple(order[i : i + 2]) for i in range(0, 8, 2)))
        for k, order in enumerate(orders, start=1)
    ]
    announced = number_tables(rounds[1:], before=rounds[:1], stay=True)
    # A re-plan: the same rounds with the first two tables of each swapped partners.
    changed = [
        attrs.evolve(
            r,
            tables=(
                Table(1, (r.tables[0].attendees[0], r.tables[1].attendees[1])),
                Table(2, (r.tables[1].attendees[0], r.tables[0].attendees[1])),
                *r.tables[2:],
            ),
        )
        for r in announced
    ]
    out = number_tables(changed, before=rounds[:1], announced=announced, banned=banned)
    for old, new in zip(announced, out, strict=True):
        numbers = [t.number for t in new.tables]
        assert len(set(numbers)) == len(numbers) and not banned & set(numbers)
        was = seats(old)
        for table in new.tables:
            k = was.get(frozenset(table.attendees))
            assert k is None or k in banned or k == table.number


def test_a_host_whose_table_breaks_moves_once_and_stays() -> None:
    settings = EventSettings(name="mentoring", rounds=5, two_sided=True)
    people = generate_attendees(24, seed=5, two_sided=True)
    before = plan(people, settings, time_limit=1.0, seed=1)
    after = replan(people, settings, before, 2, time_limit=1.0, banned=frozenset({2}))
    assert_tables_stable(after, people, settings, previous=before, played=2, banned=[2])
    host = next(p for p in before.rounds[0].tables[1].attendees if p in hosts_of(people, settings))
    later = {t.number for r in after.rounds[2:] if (t := r.table_of(host)) is not None}
    assert len(later) == 1 and 2 not in later
