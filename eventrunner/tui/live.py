"""The live round as pure functions: timer transitions and what a re-plan would change.

The console never counts down in memory: the timer is the store's `TimerState` (start time
plus pauses) and every figure is computed from it and `now`. These functions take a state and
return the next one; the app stores each result at once. No textual here, so the rules of the
evening can be tested without a screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from eventrunner.model import Attendee, EventSettings, Plan, Presence
from eventrunner.scheduling.changes import SeatChange, seat_changes
from eventrunner.store import TimerState

IDLE, MEETING, SWITCH, PAUSED, FINISHED = "idle", "meeting", "switch", "paused", "finished"

PHASE_WORDS = {
    IDLE: "not started",
    MEETING: "meeting",
    SWITCH: "switch tables",
    PAUSED: "paused",
    FINISHED: "finished",
}


def idle() -> TimerState:
    """The timer before the first round."""
    return TimerState(
        round=0,
        phase=IDLE,
        started_at=None,
        paused_at=None,
        paused_seconds=0.0,
        extra_seconds=0.0,
    )


def phase_length(state: TimerState, settings: EventSettings) -> float:
    """Seconds the current phase lasts before extra minutes and pauses."""
    if state.phase in (MEETING, PAUSED):
        return settings.minutes * 60.0
    if state.phase == SWITCH:
        return float(settings.switch_seconds)
    return 0.0


def remaining(state: TimerState, settings: EventSettings, now: float) -> float:
    """Seconds left in the current phase (0 once it has run out)."""
    if state.started_at is None or state.phase in (IDLE, FINISHED):
        return 0.0
    return state.remaining(now, phase_length(state, settings))


def ends_at(state: TimerState, settings: EventSettings, now: float) -> float:
    """The moment the current phase runs out (or ran out), pauses and extra time included."""
    if state.started_at is None:
        return now
    paused = state.paused_seconds
    if state.paused_at is not None:
        paused += now - state.paused_at
    return state.started_at + paused + phase_length(state, settings) + state.extra_seconds


def chime_due(state: TimerState, settings: EventSettings, before: float, now: float) -> bool:
    """True when the warning chime's moment (`chime_seconds` before the end of a meeting)
    fell between `before` and `now`: the console and the projector each sound it once."""
    if state.phase != MEETING or settings.chime_seconds <= 0 or before >= now:
        return False
    mark = settings.chime_seconds
    return remaining(state, settings, before) > mark >= remaining(state, settings, now) > 0


def chime_words(settings: EventSettings) -> str:
    """`1 minute`, `2 minutes`, `30 seconds`: how long is left when the chime sounds."""
    left = settings.chime_seconds
    if left % 60 == 0:
        return f"{left // 60} minute" + ("s" if left != 60 else "")
    return f"{left} seconds"


def running_round(state: TimerState) -> int:
    """The round whose meeting is under way or paused (0 when none)."""
    return state.round if state.phase in (MEETING, PAUSED) else 0


def frozen_rounds(state: TimerState, played_through: int) -> int:
    """Rounds a re-plan must keep: every played round and the running one."""
    return max(played_through, running_round(state))


def start_meeting(number: int, at: float) -> TimerState:
    """The meeting of round `number` starting at `at`."""
    return TimerState(
        round=number,
        phase=MEETING,
        started_at=at,
        paused_at=None,
        paused_seconds=0.0,
        extra_seconds=0.0,
    )


def pause(state: TimerState, now: float) -> TimerState:
    """Stop the meeting clock."""
    return attrs.evolve(state, phase=PAUSED, paused_at=now)


def resume(state: TimerState, now: float) -> TimerState:
    """Start the meeting clock again; the pause is added to the paused total."""
    assert state.paused_at is not None
    return attrs.evolve(
        state,
        phase=MEETING,
        paused_at=None,
        paused_seconds=state.paused_seconds + (now - state.paused_at),
    )


def add_minute(state: TimerState) -> TimerState:
    """One more minute for the current phase."""
    return attrs.evolve(state, extra_seconds=state.extra_seconds + 60.0)


def end_meeting(state: TimerState, rounds: int, at: float) -> TimerState:
    """The meeting of `state.round` is over at `at`: switch tables, or the evening is done."""
    if state.round >= rounds:
        return attrs.evolve(
            state, phase=FINISHED, started_at=at, paused_at=None, paused_seconds=0.0
        )
    return TimerState(
        round=state.round,
        phase=SWITCH,
        started_at=at,
        paused_at=None,
        paused_seconds=0.0,
        extra_seconds=0.0,
    )


@attrs.frozen
class Step:
    """One automatic transition found by `advance`."""

    state: TimerState
    """The timer after the transition."""
    action: str
    """What happened, in words for the journal."""
    played: int = 0
    """A round whose meeting just ended (to record as played), else 0."""


def advance(
    state: TimerState, settings: EventSettings, rounds: int, now: float, *, catch_up: bool = False
) -> list[Step]:
    """The transitions due by `now`: meetings that ran out, switch periods that ended.

    Each transition starts at the exact moment the previous phase ran out, so a late tick
    (or a console reopened after a crash) loses no time. With `catch_up` (reopening), a
    switch period that ran out while the console was closed waits for the organizer instead
    of starting the next round unseen.
    """
    steps: list[Step] = []
    while True:
        if state.phase == MEETING and remaining(state, settings, now) <= 0:
            at = ends_at(state, settings, now)
            state = end_meeting(state, rounds, at)
            steps.append(Step(state, f"round {state.round} ended", played=state.round))
            continue
        if (
            state.phase == SWITCH
            and settings.auto_advance
            and not catch_up
            and state.round < rounds
            and remaining(state, settings, now) <= 0
        ):
            state = start_meeting(state.round + 1, ends_at(state, settings, now))
            steps.append(Step(state, f"round {state.round} started"))
            continue
        return steps


@attrs.frozen
class PlanChange:
    """What replacing the future rounds of a plan would change."""

    changed_meetings: int
    """Announced future meetings (pairs in a round) that would no longer happen."""
    affected: tuple[str, ...]
    """Ids of the people whose table or partner changes in a round not started, sorted."""
    seats: Mapping[str, Sequence[SeatChange]] = attrs.field(factory=dict)
    """Per affected id: the rounds where their table or partner changes, old and new."""


def plan_change(previous: Plan, proposed: Plan, frozen: int) -> PlanChange:
    """Compare the rounds after `frozen` of two plans."""
    old = {m for m in previous.meetings() if m[0] > frozen}
    new = {m for m in proposed.meetings() if m[0] > frozen}
    seats = seat_changes(previous, proposed, frozen)
    return PlanChange(changed_meetings=len(old - new), affected=tuple(sorted(seats)), seats=seats)


def seated(plan: Plan, after: int) -> set[str]:
    """Everybody placed (at a table or on a bye) in the rounds after `after`."""
    ids: set[str] = set()
    for rnd in plan.rounds[after:]:
        ids.update(rnd.byes)
        for table in rnd.tables:
            ids.update(table.attendees)
    return ids


def planning_group(attendees: Sequence[Attendee]) -> tuple[tuple[Attendee, ...], str]:
    """Who a new plan is made for, and that choice in words.

    The present attendees; before anyone has checked in, everybody registered (an event run
    without check-in, or a plan made the day before).
    """
    present = tuple(a for a in attendees if a.presence is Presence.PRESENT)
    if present:
        return present, f"{len(present)} present attendees"
    expected = tuple(a for a in attendees if a.presence is Presence.REGISTERED)
    return expected, f"all {len(expected)} registered (nobody checked in yet)"


def expected(attendees: Sequence[Attendee], plan: Plan) -> tuple[Attendee, ...]:
    """Who the rest of the evening is for: the present, plus the registered the plan seats."""
    placed = seated(plan, 0)
    return tuple(
        a
        for a in attendees
        if a.presence is Presence.PRESENT or (a.presence is Presence.REGISTERED and a.id in placed)
    )


@attrs.frozen
class Mismatch:
    """How presence differs from the rounds not yet started."""

    arrived: tuple[str, ...]
    """Present attendees the future rounds do not place."""
    gone: tuple[str, ...]
    """Attendees who left but are still placed in the future rounds."""

    def __bool__(self) -> bool:
        return bool(self.arrived or self.gone)


def mismatch(attendees: Sequence[Attendee], plan: Plan, frozen: int) -> Mismatch:
    """Late arrivals and departures the rounds after `frozen` do not reflect yet."""
    if frozen >= len(plan.rounds):
        return Mismatch((), ())
    placed = seated(plan, frozen)
    arrived = tuple(
        a.id for a in attendees if a.presence is Presence.PRESENT and a.id not in placed
    )
    gone = tuple(a.id for a in attendees if a.presence is Presence.LEFT and a.id in placed)
    return Mismatch(arrived, gone)


def absent_seated(attendees: Sequence[Attendee], plan: Plan, number: int) -> tuple[str, ...]:
    """Ids seated at a table in round `number` who are not checked in (registered but not
    here, or gone). Empty before anyone has checked in: an event run without check-in."""
    if not any(a.presence is Presence.PRESENT for a in attendees):
        return ()
    if not 0 < number <= len(plan.rounds):
        return ()
    here = {a.id for a in attendees if a.presence is Presence.PRESENT}
    rnd = plan.rounds[number - 1]
    return tuple(p for t in rnd.tables for p in t.attendees if p not in here)
