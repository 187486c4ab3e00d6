"""Scheduler quality and speed on the instances of issue 3, side by side with two baselines.

    python benchmarks/bench_scheduler.py            # every row (several minutes)
    python benchmarks/bench_scheduler.py 24 120     # rows whose name starts with these

Each row runs in a fresh subprocess so its peak memory is its own. Methods: `eventrunner`
(`scheduling.plan`, or `replan`), `matching` (round-by-round max-weight matching) and
`rotation` (the classic circle method in registration order). Table-size rows have no
baseline of ours ("-"). Instances come from `eventrunner.generate.generate_attendees` with
fixed seeds, or are pure no-repeat instances without interests. Prints a table; nothing
here asserts on time (figures, not tests).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from eventrunner.generate import dense_attendees
from eventrunner.model import Attendee, EventSettings, Plan
from eventrunner.scheduling import Progress, plan, replan
from eventrunner.scheduling.baselines import rotation, round_by_round
from eventrunner.scheduling.problem import Problem, SeatedRound, to_plan_rounds
from eventrunner.scheduling.validation import check, evaluate


def people(n: int, *, seed: int = 1, two_sided: bool = False) -> list[Attendee]:
    """Generated attendees (realistic interests, companies, wants); fallback: plain random."""
    try:
        from eventrunner.generate import generate_attendees
    except ImportError:  # the generator is another module's work; keep the benchmark usable
        import random

        rng = random.Random(seed)
        topics = [f"topic {k}" for k in range(40)]
        return [
            Attendee(
                id=f"p{i}",
                name=f"P{i}",
                interests=tuple(rng.sample(topics, 4)),
                side=("mentor" if i % 3 == 0 else "mentee") if two_sided else "",
            )
            for i in range(n)
        ]
    return generate_attendees(n, seed=seed, two_sided=two_sided)


def pure(n: int) -> list[Attendee]:
    """No interests: only the no-repeat rule matters."""
    return [Attendee(id=f"p{i:03d}", name=f"P{i}") for i in range(n)]


#: name -> (attendees factory, settings, time limit, target as printed)
ROWS: dict[str, tuple[Callable[[], list[Attendee]], EventSettings, float, str]] = {
    "24p 6r 1:1": (lambda: people(24), EventSettings("b", rounds=6), 1.0, "<1 s"),
    "60p 8r companies": (lambda: people(60, seed=2), EventSettings("b", rounds=8), 3.0, "<3 s"),
    "120p 8r": (lambda: people(120, seed=3), EventSettings("b", rounds=8), 10.0, ">=99.5%"),
    "300p 10r": (lambda: people(300, seed=4), EventSettings("b", rounds=10), 30.0, ">=99%"),
    "1000p 6r": (lambda: people(1000, seed=5), EventSettings("b", rounds=6), 120.0, ">=98%"),
    "61p 60r pure": (lambda: pure(61), EventSettings("b", rounds=60), 30.0, "0 repeats"),
    "12x24 mentors 8r": (
        lambda: people(36, seed=6, two_sided=True),
        EventSettings("b", rounds=8, two_sided=True),
        5.0,
        "sides mixed",
    ),
    "15p t3 7r Kirkman": (lambda: pure(15), EventSettings("b", 7, table_size=3), 10.0, "<10 s"),
    "32p t4 7r": (lambda: pure(32), EventSettings("b", 7, table_size=4), 30.0, "<30 s"),
    "40p t4 9r": (lambda: pure(40), EventSettings("b", 9, table_size=4), 60.0, "<60 s"),
    "150p t4 6r interests": (
        lambda: people(150, seed=7),
        EventSettings("b", 6, table_size=4),
        60.0,
        ">=90%",
    ),
    "replan 120p leave@3": (lambda: people(120, seed=3), EventSettings("b", 8), 1.0, "<10% moved"),
}


def _golfer(n: int, size: int, rounds: int, peer: str) -> None:
    """A social-golfer row of issue 16: pure people, 60 s, the peer tool's repeats noted."""
    ROWS[f"golf {n}/{size}/{rounds}"] = (
        lambda: pure(n),
        EventSettings("b", rounds, table_size=size),
        60.0,
        f"0 (peer {peer})",
    )


# Issue 16's table (peer: Good Enough Golfers, as measured in that issue).
for _row in [
    (15, 3, 7, "7"),
    (18, 3, 8, "8"),
    (21, 3, 10, "10"),
    (27, 3, 13, "-"),
    (32, 4, 9, "21"),
    (32, 4, 10, "35"),
    (40, 4, 9, "2"),
    (40, 4, 10, "-"),
]:
    _golfer(*_row)


# The tables bound (issue 16): small events where `tables.exact` may prove the optimum.
for _n, _size, _rounds in [(9, 3, 3), (12, 3, 4), (15, 3, 5), (16, 4, 4), (24, 4, 6)]:
    ROWS[f"bound {_n}p t{_size} {_rounds}r"] = (
        lambda n=_n: dense_attendees(n),
        EventSettings("b", _rounds, table_size=_size),
        30.0,
        "gap <3%",
    )

# Ten times the people (issue 16) and the time limit at scale (issue 12, point 7).
ROWS.update(
    {
        "scale 1000p 6r 1s": (
            lambda: people(1000, seed=5),
            EventSettings("b", 6),
            1.0,
            "first <1 s",
        ),
        "scale 2000p 6r 5s": (lambda: people(2000, seed=5), EventSettings("b", 6), 5.0, "<=5 s"),
        "scale 5000p 6r": (
            lambda: people(5000, seed=5),
            EventSettings("b", 6),
            110.0,
            "<120 s 2GB",
        ),
        # `eventrunner plan`'s default time limit: the first plan, bound and figures only.
        "scale 5000p 6r 10s": (
            lambda: people(5000, seed=5),
            EventSettings("b", 6),
            10.0,
            "<120 s 2GB",
        ),
        "scale 5000p t4 6r": (
            lambda: people(5000, seed=5),
            EventSettings("b", 6, table_size=4),
            110.0,
            "<120 s 2GB",
        ),
        "replan 1000p leave@3": (
            lambda: people(1000, seed=5),
            EventSettings("b", 6),
            1.5,
            "<2 s",
        ),
        "replan 1000p leave@2": (
            lambda: people(1000, seed=5),
            EventSettings("b", 6),
            1.5,
            "<2 s",
        ),
    }
)


def bottom_tenth(p: Plan, attendees: list[Attendee]) -> float:
    """Mean served affinity of the least-served tenth: fairness beyond the single lowest."""
    served = {a.id: 0 for a in attendees}
    for rnd in p.rounds:
        for table in rnd.tables:
            for person in table.attendees:
                if person in served:
                    served[person] += table.affinity if len(table.attendees) == 2 else 0
    by_id = {a.id: a for a in attendees}
    if any(len(t.attendees) > 2 for r in p.rounds for t in r.tables):
        from eventrunner.interests import affinity

        served = dict.fromkeys(served, 0)
        for rnd in p.rounds:
            for table in rnd.tables:
                for a in table.attendees:
                    for b in table.attendees:
                        if a != b and a in by_id and b in by_id:
                            served[a] += affinity(by_id[a], by_id[b])
    low = sorted(served.values())[: max(1, len(served) // 10)]
    return sum(low) / len(low)


def figures(
    p: Plan, attendees: list[Attendee], s: EventSettings, bound: int, played: tuple = ()
) -> dict[str, Any]:
    stats = evaluate(p, attendees)
    found = check(p, attendees, s, played=played)
    return {
        "low10": bottom_tenth(p, attendees),
        "total": stats.affinity_total,
        "pct": 100.0 * stats.affinity_total / bound if bound else 100.0,
        "lowest": stats.min_attendee_affinity,
        "zero": stats.zero_meetings,
        "repeats": stats.repeats,
        "colleagues": len(found["colleagues"]),
        "breaks": sum(len(v) for k, v in found.items() if k not in ("repeats", "colleagues")),
        "wants_unmet": len(stats.unmet_wants),
    }


def run_one(name: str) -> list[dict[str, Any]]:
    make, s, limit, _ = ROWS[name]
    attendees = make()
    firsts: list[float] = []
    start = time.perf_counter()

    def note(progress: Progress) -> None:
        if not firsts:
            firsts.append(time.perf_counter() - start)

    rows: list[dict[str, Any]] = []
    if name.startswith("replan"):
        # "leave@K": one attendee leaves after round K.
        played = int(name.split("@")[1].split()[0])
        before = plan(attendees, s, time_limit=10.0)
        present = [a for a in attendees if a.id != attendees[17].id]
        start = time.perf_counter()
        result = replan(present, s, before, played, time_limit=limit, progress=note)
        seconds = time.perf_counter() - start
        future = sum(1 for r, _, _ in before.meetings() if r > played)
        row = figures(result, present, s, result.stats.upper_bound, before.rounds[:played])
        row["note"] = f"{result.stats.changed_meetings}/{future} future meetings moved"
        attendees = present
    else:
        try:
            result = plan(attendees, s, time_limit=limit, progress=note)
        except Exception as error:  # a missing groups module: print the row as n/a
            return [{"method": "eventrunner", "error": f"n/a ({type(error).__name__})"}]
        seconds = time.perf_counter() - start
        row = figures(result, attendees, s, result.stats.upper_bound)
        row["note"] = "; ".join(result.stats.rule_breaks)
    row.update(
        method="eventrunner",
        bound=result.stats.upper_bound,
        first=firsts[0] if firsts else seconds,
        seconds=seconds,
        memory=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    rows.append(row)
    if s.table_size == 2 and not name.startswith("replan"):
        problem = Problem.build(attendees, s)
        baselines: list[tuple[str, Callable[[Problem], list[SeatedRound]]]] = [
            ("matching", round_by_round),
            ("rotation", rotation),
        ]
        for label, method in baselines:
            start = time.perf_counter()
            seated = method(problem)
            seconds = time.perf_counter() - start
            base = Plan(to_plan_rounds(problem, attendees, seated))
            brow = figures(base, attendees, s, result.stats.upper_bound)
            brow.update(method=label, first=seconds, seconds=seconds, memory=None, note="")
            rows.append(brow)
    return rows


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if "model name" in line)
    except (OSError, StopIteration):
        pass
    import ortools

    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"OR-Tools {ortools.__version__}, {platform.system()} {platform.release()}"
    )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2])))
        return
    wanted = [n for n in ROWS if not sys.argv[1:] or any(n.startswith(a) for a in sys.argv[1:])]
    print(f"machine: {machine()}")
    head = (
        f"{'instance':22} {'target':11} {'method':11} {'total':>6} {'bound':>6} {'%bound':>7} "
        f"{'lowest':>6} "
        f"{'low10%':>6} {'wants':>5} "
        f"{'zero':>5} {'rep':>4} {'coll':>4} {'other':>5} {'first s':>7} {'total s':>7} "
        f"{'MB':>5}  note"
    )
    print(head)
    print("-" * len(head))
    for name in wanted:
        out = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            print(f"{name:22} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        for k, row in enumerate(json.loads(out.stdout.strip().splitlines()[-1])):
            label = name if k == 0 else ""
            target = ROWS[name][3] if k == 0 else ""
            if "error" in row:
                print(f"{label:22} {target:11} {row['method']:11} {row['error']}")
                continue
            memory = f"{row['memory']:5.0f}" if row["memory"] else "    -"
            print(
                f"{label:22} {target:11} {row['method']:11} {row['total']:6d} "
                f"{row.get('bound', 0) or 0:6d} {row['pct']:6.1f}% "
                f"{row['lowest']:6d} {row['low10']:6.2f} {row['wants_unmet']:5d} "
                f"{row['zero']:5d} {row['repeats']:4d} "
                f"{row['colleagues']:4d} {row['breaks']:5d} {row['first']:7.2f} "
                f"{row['seconds']:7.2f} {memory}  {row['note']}"
            )


if __name__ == "__main__":
    main()
