"""How long printing takes: 500 badges and 500 itinerary cards (the issue asks for < 10 s each).

Prints figures only; timings are never asserted in tests. Run from the repository root:

    python benchmarks/bench_printing.py [--attendees 500] [--repeat 3]

The event is synthetic (`eventrunner.generate`, names in many scripts, so the CJK fallback font
is loaded too) with a round-robin plan, so the solver's time is not counted.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from eventrunner.generate import generate_attendees
from eventrunner.interests import table_affinity, table_shared
from eventrunner.model import Attendee, Event, EventSettings, Plan, Round, Table
from eventrunner.printing import PrintContext, qrfast, render_to_file


def round_robin(people: list[Attendee], rounds: int) -> Plan:
    """Pairs by the circle method: a valid plan without the solver."""
    by_id = {p.id: p for p in people}
    order = [p.id for p in people] + ([""] if len(people) % 2 else [])
    result = []
    for number in range(1, rounds + 1):
        half = len(order) // 2
        pairs = [p for p in zip(order[:half], reversed(order[half:]), strict=True) if "" not in p]
        byes = tuple(x for x in order if x and not any(x in p for p in pairs))
        tables = tuple(
            Table(
                n,
                pair,
                table_affinity([by_id[x] for x in pair]),
                tuple(table_shared([by_id[x] for x in pair])),
            )
            for n, pair in enumerate(pairs, start=1)
        )
        result.append(Round(number, tables, byes))
        order = [order[0], order[-1], *order[1:-1]]
    return Plan(tuple(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    people = generate_attendees(args.attendees, seed=1)
    # The full look: date, venue, brand colour (zone colours and headers are always on).
    settings = EventSettings(
        "Benchmark Mixer",
        rounds=args.rounds,
        date="Thu 3 Dec 2026",
        venue="Hub",
        brand_color="#0B5FA5",
    )
    ctx = PrintContext(Event(settings, tuple(people)), round_robin(people, args.rounds))
    print(f"{args.attendees} attendees, {args.rounds} rounds, best of {args.repeat} runs")
    with tempfile.TemporaryDirectory() as folder:
        for kind, layout, extra in (
            ("badges", "avery-l7418", {}),
            ("badges", "avery-l7418", {"double_sided": True}),
            ("cards", "cards-a4", {}),
            ("cards", "avery-5392", {}),
            ("lookup", None, {}),
            ("maps", None, {}),
        ):
            walls, cpus = [], []
            for _ in range(args.repeat):
                out = Path(folder) / f"{kind}.pdf"
                qrfast.matrix.cache_clear()  # every run makes its codes, as a fresh print does
                wall, cpu = time.perf_counter(), time.process_time()
                report = render_to_file(kind, ctx, out, layout=layout, warn=lambda _: None, **extra)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            size = out.stat().st_size / 1e6
            label = f"{kind}{' 2-sided' if extra else ''} {layout or ''}"
            print(
                f"{label:26} {report.items:5} items {report.pages:4} pages {size:6.1f} MB  "
                f"wall {min(walls):5.2f} s  cpu {min(cpus):5.2f} s  "
                f"({1000 * min(walls) / max(1, report.items):.1f} ms per item)"
            )


if __name__ == "__main__":
    main()
