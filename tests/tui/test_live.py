"""The live round rules without a screen: timer transitions and what a re-plan changes."""

from __future__ import annotations

import attrs
import pytest

from eventrunner.model import Attendee, EventSettings, Plan, Presence, Round, Table
from eventrunner.tui import live

SETTINGS = EventSettings(name="t", rounds=3, minutes=5, switch_seconds=60)
T = 1000.0


def test_pause_stops_the_clock_and_resume_adds_the_pause() -> None:
    state = live.start_meeting(1, T)
    assert live.remaining(state, SETTINGS, T + 100) == pytest.approx(200)
    paused = live.pause(state, T + 100)
    assert live.remaining(paused, SETTINGS, T + 250) == pytest.approx(200)
    resumed = live.resume(paused, T + 250)
    assert resumed.paused_seconds == pytest.approx(150)
    assert live.remaining(resumed, SETTINGS, T + 300) == pytest.approx(150)


def test_an_extra_minute_moves_the_end() -> None:
    state = live.add_minute(live.start_meeting(2, T))
    assert live.remaining(state, SETTINGS, T) == pytest.approx(360)
    assert live.ends_at(state, SETTINGS, T) == pytest.approx(T + 360)


def test_meeting_end_starts_the_switch_at_the_exact_end_even_when_the_tick_is_late() -> None:
    steps = live.advance(live.start_meeting(1, T), SETTINGS, 3, T + 310)
    assert [s.action for s in steps] == ["round 1 ended"]
    assert steps[0].played == 1
    assert steps[0].state.phase == live.SWITCH
    assert steps[0].state.started_at == pytest.approx(T + 300)


def test_auto_advance_chains_switch_into_the_next_meeting() -> None:
    steps = live.advance(live.start_meeting(1, T), SETTINGS, 3, T + 365)
    assert [s.state.phase for s in steps] == [live.SWITCH, live.MEETING]
    assert steps[-1].state.round == 2
    assert steps[-1].state.started_at == pytest.approx(T + 360)


def test_waiting_mode_keeps_the_switch_until_the_organizer_starts() -> None:
    waiting = attrs.evolve(SETTINGS, auto_advance=False)
    steps = live.advance(live.start_meeting(1, T), waiting, 3, T + 1000)
    assert [s.state.phase for s in steps] == [live.SWITCH]


def test_catch_up_after_a_crash_never_starts_a_round_unseen() -> None:
    steps = live.advance(live.start_meeting(2, T), SETTINGS, 3, T + 5000, catch_up=True)
    assert [(s.state.phase, s.played) for s in steps] == [(live.SWITCH, 2)]


def test_the_last_round_ends_the_evening() -> None:
    steps = live.advance(live.start_meeting(3, T), SETTINGS, 3, T + 301)
    assert steps[-1].state.phase == live.FINISHED
    assert steps[-1].played == 3
    assert live.advance(steps[-1].state, SETTINGS, 3, T + 9999) == []


def test_a_paused_meeting_never_runs_out() -> None:
    paused = live.pause(live.start_meeting(1, T), T + 10)
    assert live.advance(paused, SETTINGS, 3, T + 9999) == []


@pytest.mark.parametrize(
    ("phase", "played", "expected"),
    [(live.MEETING, 1, 2), (live.PAUSED, 1, 2), (live.SWITCH, 2, 2), (live.IDLE, 0, 0)],
)
def test_frozen_rounds_include_the_running_one(phase: str, played: int, expected: int) -> None:
    state = attrs.evolve(live.start_meeting(2, T), phase=phase)
    assert live.frozen_rounds(state, played) == expected


def _plan(*rounds: list[tuple[str, ...]]) -> Plan:
    return Plan(
        tuple(
            Round(n, tuple(Table(i + 1, t) for i, t in enumerate(tables)))
            for n, tables in enumerate(rounds, start=1)
        )
    )


def test_plan_change_counts_lost_future_meetings_and_names_the_people() -> None:
    old = _plan([("a", "b"), ("c", "d")], [("a", "c"), ("b", "d")], [("a", "d"), ("b", "c")])
    new = _plan([("a", "b"), ("c", "d")], [("a", "c"), ("b", "e")], [("a", "d"), ("b", "c")])
    change = live.plan_change(old, new, frozen=1)
    assert change.changed_meetings == 1
    assert change.affected == ("b", "d", "e")
    assert live.plan_change(old, new, frozen=2).changed_meetings == 0


def test_mismatch_finds_arrivals_and_departures_in_future_rounds_only() -> None:
    plan = _plan([("a", "b")], [("a", "c")])
    people = [
        Attendee("a", "A", presence=Presence.PRESENT),
        Attendee("b", "B", presence=Presence.LEFT),
        Attendee("c", "C", presence=Presence.LEFT),
        Attendee("d", "D", presence=Presence.PRESENT),
        Attendee("e", "E", presence=Presence.REGISTERED),
    ]
    gap = live.mismatch(people, plan, frozen=1)
    assert gap.arrived == ("d",)
    assert gap.gone == ("c",)
    assert not live.mismatch(people[:1], plan, frozen=2)


def test_planning_group_is_the_present_or_everybody_before_check_in() -> None:
    crowd = [Attendee("a", "A"), Attendee("b", "B"), Attendee("c", "C", presence=Presence.LEFT)]
    group, words = live.planning_group(crowd)
    assert [a.id for a in group] == ["a", "b"] and "registered" in words
    crowd[1] = attrs.evolve(crowd[1], presence=Presence.PRESENT)
    group, words = live.planning_group(crowd)
    assert [a.id for a in group] == ["b"] and "1 present" in words


def test_plan_change_counts_a_new_table_number_as_a_change() -> None:
    from eventrunner.model import Plan, Round, Table

    old = Plan((Round(1, (Table(1, ("a", "b")), Table(2, ("c", "d")))),))
    renumbered = Plan((Round(1, (Table(1, ("a", "b")), Table(5, ("c", "d")))),))
    change = live.plan_change(old, renumbered, frozen=0)
    assert change.changed_meetings == 0
    assert change.affected == ("c", "d")
    (seat,) = change.seats["c"]
    assert (seat.old_table, seat.new_table, seat.partner_changed) == (2, 5, False)


def test_absent_seated_names_people_at_tables_not_checked_in() -> None:
    from eventrunner.model import Attendee, Plan, Presence, Round, Table

    people = [
        Attendee(id=i, name=i, presence=Presence.PRESENT if i in "ab" else Presence.REGISTERED)
        for i in "abcd"
    ]
    plan = Plan((Round(1, (Table(1, ("a", "c")),), byes=("b", "d")),))
    assert live.absent_seated(people, plan, 1) == ("c",)
    nobody = [Attendee(id=a.id, name=a.name) for a in people]
    assert live.absent_seated(nobody, plan, 1) == ()  # an evening run without check-in


def test_byes_go_on_rows_of_their_own_a_few_names_each() -> None:
    from eventrunner.tui.widgets.round_tables import BYE_WIDTH, bye_rows

    names = [f"Person number {i}" for i in range(12)]
    rows = bye_rows(names)
    assert len(rows) > 1 and all(len(r) <= BYE_WIDTH for r in rows)
    assert " · ".join(rows).split(" · ") == names
    assert bye_rows(["A very long name " * 5]) == ["A very long name " * 5]
