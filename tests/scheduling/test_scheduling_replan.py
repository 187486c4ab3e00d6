"""replan(): played rounds stay, no repeats across the evening, few announced meetings move."""

from __future__ import annotations

import attrs
import pytest

from eventrunner.model import Attendee, EventSettings, Plan
from eventrunner.scheduling import PlanningError, plan, replan
from eventrunner.scheduling.validation import assert_valid, violations

TOPICS = ("ai", "climate", "design", "finance", "health", "music", "sales", "travel")


def crowd(n: int) -> list[Attendee]:
    return [
        Attendee(
            id=f"p{i}",
            name=f"Person {i}",
            interests=(TOPICS[i % 8], TOPICS[(i * 3 + 1) % 8], TOPICS[(i * 5 + 2) % 8]),
        )
        for i in range(n)
    ]


SETTINGS = EventSettings(name="replan", rounds=6)


@pytest.fixture(scope="module")
def first() -> tuple[list[Attendee], Plan]:
    people = crowd(20)
    return people, plan(people, SETTINGS, time_limit=1.0, seed=2)


def meetings(p: Plan, after: int) -> set[tuple[int, frozenset[str]]]:
    return {(r, frozenset((a, b))) for r, a, b in p.meetings() if r > after}


def test_someone_leaves(first: tuple[list[Attendee], Plan]) -> None:
    people, before = first
    gone = "p4"
    present = [a for a in people if a.id != gone]
    after = replan(present, SETTINGS, before, 2, time_limit=1.0)
    assert after.rounds[:2] == before.rounds[:2]
    assert_valid(after, present, SETTINGS, played=before.rounds[:2])
    assert all(gone not in t.attendees for r in after.rounds[2:] for t in r.tables)
    lost = meetings(before, 2) - meetings(after, 2)
    assert after.stats.changed_meetings == len(lost)
    # Only the leaver's four future meetings had to go: their partners take the byes.
    assert after.stats.changed_meetings == 4
    assert all(gone in pair for _, pair in lost)


def test_late_arrival_and_new_avoid(first: tuple[list[Attendee], Plan]) -> None:
    people, before = first
    table = before.rounds[3].table_of("p0")
    assert table is not None
    partner = next(p for p in table.attendees if p != "p0")
    changed = [attrs.evolve(a, avoid=(partner,)) if a.id == "p0" else a for a in people] + [
        Attendee(id="late", name="Late", interests=("ai", "music"))
    ]
    after = replan(changed, SETTINGS, before, 3, time_limit=1.0)
    assert after.rounds[:3] == before.rounds[:3]
    assert_valid(after, changed, SETTINGS, played=before.rounds[:3])
    assert any(r.table_of("late") is not None for r in after.rounds[3:])
    assert 0 < after.stats.changed_meetings < len(meetings(before, 3)) // 2


def test_fewer_tables(first: tuple[list[Attendee], Plan]) -> None:
    people, before = first
    after = replan(people, SETTINGS, before, 1, time_limit=1.0, max_tables=8)
    assert_valid(after, people, SETTINGS, played=before.rounds[:1], max_tables=8)
    assert all(len(r.tables) <= 8 and len(r.byes) == 4 for r in after.rounds[1:])


def test_nothing_changed_keeps_every_meeting(first: tuple[list[Attendee], Plan]) -> None:
    people, before = first
    after = replan(people, SETTINGS, before, 2, time_limit=0.5)
    assert after.stats.changed_meetings == 0
    assert meetings(after, 0) == meetings(before, 0)


def test_replan_without_the_rounds_to_play_is_refused(first: tuple[list[Attendee], Plan]) -> None:
    people, before = first
    with pytest.raises(PlanningError, match="cannot re-plan after round 9"):
        replan(people, SETTINGS, before, 9)
    done = replan(people, SETTINGS, before, 6)
    assert done.rounds == before.rounds
    assert violations(done, people, SETTINGS, played=before.rounds) == []
