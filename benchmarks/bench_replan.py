"""Re-plans as the room changes, and how much people walk between rounds (issue 11).

    nice -n 10 python benchmarks/bench_replan.py            # every row (a few minutes)
    nice -n 10 python benchmarks/bench_replan.py 60 150     # only these sizes

Part 1, re-plan scenarios after round 1 of a 6-round 1:1 evening (generated attendees,
fixed seeds): one walk-in, one departure, two departures, a broken table (by number). For
each: announced meetings still held and the share of them at their announced table (goal
100%), people whose table or partner changed, the quality of the re-plan that keeps
announced meetings and of the one that does not ("move"), each as affinity of the re-planned
rounds against a fresh plan of those rounds given 4x the time, and the wall time of one
re-plan (goal < 1 s at 150 people, re-plan time limit 1 s). The console offers the better
of the two options.

Part 2, seating options of a fresh plan: people moving to another table per round (mean
over rounds 2..R), for one-sided 1:1 with `seats_stay` on and off, two-sided 1:1 (hosts
stay), and tables of 4. Figures, not tests: nothing here asserts.
"""

from __future__ import annotations

import statistics
import sys
import time

import attrs

from eventrunner.generate import generate_attendees
from eventrunner.model import Attendee, EventSettings, Plan
from eventrunner.scheduling import Progress, plan, replan
from eventrunner.scheduling.changes import kept_meetings
from eventrunner.scheduling.numbering import hosts_of
from eventrunner.scheduling.validation import table_problems, violations

ROUNDS = 6
PLAYED = 1
REPLAN_SECONDS = 1.0


def _future_affinity(p: Plan) -> int:
    return sum(t.affinity for r in p.rounds[PLAYED:] for t in r.tables)


def _scenario(
    people: list[Attendee], walkin: Attendee, before: Plan, settings: EventSettings, name: str
) -> tuple[list[Attendee], dict[str, object]]:
    present = list(people)
    kwargs: dict[str, object] = {}
    if name == "one walk-in":
        present.append(walkin)
    elif name == "one departure":
        present = present[1:]
    elif name == "two departures":
        present = present[2:]
    else:
        room = max(t.number for r in before.rounds for t in r.tables)
        kwargs = {"banned": frozenset({3}), "max_tables": room - 1}
    return present, kwargs


def part_one(sizes: list[int]) -> None:
    print(
        "| people | change | kept meetings | at their table | people changed | keep: quality "
        "vs fresh | move: quality vs fresh (moved) | first re-plan (s) | done, s (cpu) | rules |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    settings = EventSettings(name="bench", rounds=ROUNDS)
    for n in sizes:
        crowd = generate_attendees(n + 1, seed=11)
        people, walkin = crowd[:n], crowd[n]
        before = plan(people, settings, time_limit=5.0, seed=1)
        for name in ("one walk-in", "one departure", "two departures", "broken table 3"):
            present, kwargs = _scenario(people, walkin, before, settings, name)
            start, cpu = time.perf_counter(), time.process_time()
            first: list[float] = []

            def seen(p: Progress, first: list[float] = first, start: float = start) -> None:
                if p.stats is not None and not first:
                    first.append(time.perf_counter() - start)

            kept = replan(present, settings, before, PLAYED, time_limit=REPLAN_SECONDS,
                          progress=seen, **kwargs)  # type: ignore[arg-type]  # fmt: skip
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            moved = replan(present, settings, before, PLAYED, time_limit=REPLAN_SECONDS,
                           keep=False, **kwargs)  # type: ignore[arg-type]  # fmt: skip
            fresh = replan(present, settings, before, PLAYED, time_limit=4 * REPLAN_SECONDS,
                           keep=False, **kwargs)  # type: ignore[arg-type]  # fmt: skip
            ban = sorted(kwargs.get("banned", ()))  # type: ignore[call-overload]
            # Meetings announced at the broken table cannot keep it: left out of the share.
            usable = attrs.evolve(before, rounds=tuple(
                attrs.evolve(r, tables=tuple(t for t in r.tables if t.number not in ban))
                for r in before.rounds
            ))  # fmt: skip
            held, same = kept_meetings(usable, kept, PLAYED)
            broken = violations(kept, present, settings, played=before.rounds[:PLAYED],
                                max_tables=kwargs.get("max_tables"))  # type: ignore[arg-type]  # fmt: skip
            broken += table_problems(kept, present, settings, previous=before, played=PLAYED,
                                     banned=ban)  # fmt: skip
            reference = max(1, _future_affinity(fresh))
            print(
                f"| {n} | {name} | {held} | {100 * same / max(1, held):.1f}% "
                f"| {kept.stats.changed_people} "
                f"| {100 * _future_affinity(kept) / reference:.1f}% "
                f"| {100 * _future_affinity(moved) / reference:.1f}% "
                f"({moved.stats.changed_meetings}) "
                f"| {first[0] if first else seconds:.2f} | {seconds:.2f} ({cpu:.2f}) "
                f"| {'ok' if not broken else broken[0]} |",
                flush=True,
            )


def _mean_moves(p: Plan) -> str:
    later = p.stats.moves[1:]
    return f"{statistics.mean(later):.1f}" if later else "-"


def part_two(sizes: list[int]) -> None:
    print()
    print("| people | format | people moving per round (mean, rounds 2-6) | hosts who move |")
    print("|---:|---|---:|---:|")
    base = EventSettings(name="bench", rounds=ROUNDS)
    for n in sizes:
        one = generate_attendees(n, seed=11)
        two = generate_attendees(n, seed=12, two_sided=True)
        cases = [
            ("one-sided 1:1, one of each pair stays", one, base),
            ("one-sided 1:1, seats_stay off", one, attrs.evolve(base, seats_stay=False)),
            ("two-sided 1:1 (hosts = smaller side)", two, attrs.evolve(base, two_sided=True)),
            ("tables of 4", one, attrs.evolve(base, table_size=4)),
        ]
        for label, crowd, settings in cases:
            p = plan(crowd, settings, time_limit=3.0, seed=1)
            hosts = hosts_of(crowd, settings)
            moving = sum(
                1
                for h in hosts
                if len({t.number for t in (r.table_of(h) for r in p.rounds) if t}) > 1
            )
            print(f"| {n} | {label} | {_mean_moves(p)} | {moving if hosts else '-'} |", flush=True)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [60, 150, 300]
    part_one(sizes)
    part_two(sizes)


if __name__ == "__main__":
    main()
