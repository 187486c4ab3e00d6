"""What a re-plan changes for each person: table number or partners, round by round.

Compares the rounds not started of two plans. Someone is changed in a round when their table
number, or the people at their table, differ (a bye counts as no table). This is the figure
the re-plan review, the console and the re-plan slips report, so it is computed once, here.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from eventrunner.model import Plan, Round


@attrs.frozen
class SeatChange:
    """One person's seat in one round, before and after a re-plan."""

    round: int
    """The round number."""
    old_table: int | None
    """Table number announced before (None: a bye, or not in the plan)."""
    new_table: int | None
    """Table number now (None: a bye, or not in the plan any more)."""
    old_partners: tuple[str, ...]
    """Ids at the announced table besides this person, sorted."""
    new_partners: tuple[str, ...]
    """Ids at the new table besides this person, sorted."""
    old_placed: bool = True
    """False when the announced round did not place them at all (they arrived since)."""
    new_placed: bool = True
    """False when the round no longer places them at all (they left)."""

    @property
    def partner_changed(self) -> bool:
        """The people at the table differ (not only its number)."""
        return self.old_partners != self.new_partners


def _seats(rnd: Round | None) -> dict[str, tuple[int | None, tuple[str, ...]]]:
    """Each seated person's table number and table mates, in one pass over the round."""
    if rnd is None:
        return {}
    return {
        person: (table.number, tuple(sorted(p for p in table.attendees if p != person)))
        for table in rnd.tables
        for person in table.attendees
    }


def seat_changes(previous: Plan, proposed: Plan, frozen: int) -> dict[str, list[SeatChange]]:
    """Person id -> the rounds after `frozen` where their table or partners changed."""
    old: Mapping[int, Round] = {r.number: r for r in previous.rounds}
    out: dict[str, list[SeatChange]] = {}
    numbers = sorted({r.number for r in (*previous.rounds, *proposed.rounds) if r.number > frozen})
    new: Mapping[int, Round] = {r.number: r for r in proposed.rounds}
    for number in numbers:
        before, after = old.get(number), new.get(number)
        people: set[str] = set()
        for rnd in (before, after):
            if rnd is not None:
                people.update(p for t in rnd.tables for p in t.attendees)
                people.update(rnd.byes)
        seats_before, seats_after = _seats(before), _seats(after)
        byes_before = frozenset(before.byes) if before is not None else frozenset()
        byes_after = frozenset(after.byes) if after is not None else frozenset()
        for person in sorted(people):
            was = seats_before.get(person, (None, ()))
            now = seats_after.get(person, (None, ()))
            if was != now:
                change = SeatChange(
                    number,
                    was[0],
                    now[0],
                    was[1],
                    now[1],
                    old_placed=person in seats_before or person in byes_before,
                    new_placed=person in seats_after or person in byes_after,
                )
                out.setdefault(person, []).append(change)
    return out


def kept_meetings(previous: Plan, proposed: Plan, frozen: int) -> tuple[int, int]:
    """(announced meetings still held after `frozen`, of them those at the same table number)."""

    def tables(plan: Plan) -> dict[tuple[int, str, str], int]:
        found: dict[tuple[int, str, str], int] = {}
        for rnd in plan.rounds:
            if rnd.number <= frozen:
                continue
            for table in rnd.tables:
                people = sorted(table.attendees)
                for i, a in enumerate(people):
                    for b in people[i + 1 :]:
                        found[(rnd.number, a, b)] = table.number
        return found

    before, after = tables(previous), tables(proposed)
    kept = [m for m in before if m in after]
    return len(kept), sum(1 for m in kept if before[m] == after[m])
