"""Scheduling: plans of rounds that never repeat a meeting and share affinity fairly.

The public API the console and the command line call:

- `plan(attendees, settings, ...)`: every round for the people present;
- `replan(attendees, settings, previous, played, ...)`: the rounds after `played`, after a
  change (someone left or arrived, a new `avoid`, fewer usable tables), keeping the played
  rounds verbatim and as many announced meetings as the rules allow.

Both are anytime: a valid plan within about a second, improved until `time_limit` or until
`cancel()` returns True, with `Progress` sent to the `progress` callback. 1:1 rounds are
planned in `pairs`, tables of 3-4 in `tables`, both driven by `runner`. A rule that cannot be
kept at all is broken as little as possible and listed in `PlanStats.rule_breaks`;
`PlanningError` is raised only when no plan can be made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from eventrunner.model import Attendee, EventSettings, Plan, Round
from eventrunner.scheduling.changes import seat_changes
from eventrunner.scheduling.problem import Problem, SeatedRound
from eventrunner.scheduling.progress import PlanningError, Progress

__all__ = ["PlanningError", "Progress", "plan", "replan"]


def plan(
    attendees: Sequence[Attendee],
    settings: EventSettings,
    *,
    time_limit: float = 10.0,
    progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    seed: int = 0,
    banned: frozenset[int] = frozenset(),
) -> Plan:
    """Plan settings.rounds rounds for exactly these attendees (the present ones); `banned`
    table numbers are never used."""
    from eventrunner.scheduling.runner import run

    return run(
        attendees,
        settings,
        played=(),
        previous=None,
        time_limit=time_limit,
        progress=progress,
        cancel=cancel,
        seed=seed,
        max_tables=None,
        banned=banned,
    )


def replan(
    attendees: Sequence[Attendee],
    settings: EventSettings,
    previous: Plan,
    played: int,
    *,
    time_limit: float = 2.0,
    progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    seed: int = 0,
    max_tables: int | None = None,
    banned: frozenset[int] = frozenset(),
    keep: bool = True,
) -> Plan:
    """Re-plan the rounds after round `played` of `previous` for the people present now.

    Rounds 1..played are kept verbatim; later rounds keep every hard rule across the whole
    evening and, with `keep`, as many of `previous`'s announced meetings as possible (without
    it, the best plan of the remaining rounds, whatever it moves). Either way a meeting still
    held keeps its table number. `max_tables` limits the tables a round may use (a table is
    unusable); people beyond them sit out in turn; `banned` table numbers are not used.
    stats.changed_meetings counts announced future meetings that no longer happen,
    stats.changed_people the people whose table or partner changed.
    """
    from eventrunner.scheduling.runner import run

    if not 0 <= played <= len(previous.rounds):
        raise PlanningError(
            f"cannot re-plan after round {played}: the plan has {len(previous.rounds)} rounds"
        )
    if played > settings.rounds:
        raise PlanningError(
            f"round {played} is played but the event has only {settings.rounds} rounds; "
            "raise the number of rounds"
        )
    if max_tables is not None and max_tables < 1:
        raise PlanningError("at least one table must be usable to re-plan")
    frozen = previous.rounds[:played]
    fresh = run(
        attendees,
        settings,
        played=frozen,
        previous=previous.rounds[played:],
        time_limit=time_limit,
        progress=progress,
        cancel=cancel,
        seed=seed,
        max_tables=max_tables,
        banned=banned,
        keep=keep,
    )
    now = {(r.number, a, b) for r, a, b in _meetings(fresh.rounds[played:])}
    announced = {(r.number, a, b) for r, a, b in _meetings(previous.rounds[played:])}
    stats = attrs.evolve(
        fresh.stats,
        changed_meetings=len(announced - now),
        changed_people=len(seat_changes(previous, fresh, played)),
    )
    return attrs.evolve(fresh, stats=stats)


def _meetings(rounds: Sequence[Round]) -> list[tuple[Round, str, str]]:
    return [
        (rnd, a, b)
        for rnd in rounds
        for table in rnd.tables
        for i, a in enumerate(sorted(table.attendees))
        for b in sorted(table.attendees)[i + 1 :]
    ]


def to_index_rounds(problem: Problem, rounds: Sequence[Round]) -> list[SeatedRound]:
    """Rounds of a previous plan in index form, without people no longer present."""
    index = {pid: i for i, pid in enumerate(problem.ids)}
    out: list[SeatedRound] = []
    for rnd in rounds:
        tables = []
        for table in rnd.tables:
            people = tuple(index[p] for p in table.attendees if p in index)
            if len(people) >= 2:
                tables.append(people)
        byes = tuple(index[p] for p in rnd.byes if p in index)
        out.append((tuple(tables), byes))
    return out
