"""Would a Lagrangian bound that sees rounds beat the tables bound? (issue 16, a measurement)

    python benchmarks/bench_round_dual.py                 # the bound rows, one round a block
    python benchmarks/bench_round_dual.py 16p --block 2   # rows starting "16p", 2-round blocks

Price the rule "pair e meets at most cap times" with lambda_e >= 0 and the evening splits
into R / b identical blocks of b rounds, so every plan that keeps the rules has affinity at
most L(lambda) = (R / b) x P_b(w - lambda) + cap x sum(lambda), P_b the best b rounds (no pair
twice within them) under the priced weights. The least L over all lambda (the Lagrangian
dual) is the optimum of the programme over whole blocks: z_B >= 0 for every block B of b
rounds, sum z_B = R / b, each pair in at most cap blocks' tables, maximise sum w(B) z_B. This
script solves that programme by column generation (GLOP master, SCIP prices P_b exactly over
every table of the layout's sizes) from the blocks of a plan found by `solve_tables`, and
prints the least L seen (a valid bound whenever SCIP proved its P_b; with a positive reduced
cost left, not the dual yet) beside the table programme's bound (`tables.cliques`) and
the plan. Where the column generation ends with no block of positive reduced cost, "dual"
is the exact Lagrangian dual: no choice of prices gives a lower bound. Figures, not tests.
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np
from bench_scheduler import dense

from eventrunner.model import EventSettings
from eventrunner.scheduling.problem import Problem
from eventrunner.scheduling.tables.cliques import table_lp_bound
from eventrunner.scheduling.tables.layout import table_layout
from eventrunner.scheduling.tables.solve import solve_tables

#: The instances of `bench_scheduler.py bound` with a gap, and 40 people.
ROWS = {
    "15p t3 5r dense": (15, 3, 5),
    "16p t4 4r dense": (16, 4, 4),
    "24p t4 6r dense": (24, 4, 6),
    "40p t4 5r dense": (40, 4, 5),
}

#: Cost of a pair over its limit in the master (slack): more than any block can gain.
PENALTY = 1000.0


def measure(n: int, size: int, rounds: int, block: int, seconds: float) -> dict[str, object]:
    from ortools.linear_solver import pywraplp

    problem = Problem.build(dense(n), EventSettings("b", rounds, table_size=size))
    layout = table_layout(problem)
    never = problem.avoid | problem.met
    np.fill_diagonal(never, True)
    lp = table_lp_bound(problem.weight, never, layout.sizes, rounds, 1, 30.0)
    w = np.where(never, 0.0, np.clip(problem.weight, 0, None).astype(np.float64))
    pairs = [(a, b) for a, b in itertools.combinations(range(n), 2) if w[a, b] > 0]
    index = {pq: k for k, pq in enumerate(pairs)}
    seated = solve_tables(problem, time_limit=10.0)
    plan_total = sum(
        int(w[a, b]) for r in seated for t in r[0] for a, b in itertools.combinations(t, 2)
    )

    master = pywraplp.Solver.CreateSolver("GLOP")
    blocks = rounds // block
    convex = master.Constraint(blocks, blocks)
    limit = [master.Constraint(-master.infinity(), 1) for _ in pairs]
    goal = master.Objective()
    goal.SetMaximization()
    for row in limit:
        slack = master.NumVar(0, master.infinity(), "")
        row.SetCoefficient(slack, -1)
        goal.SetCoefficient(slack, -PENALTY)

    def add(tables: list[tuple[int, ...]]) -> None:
        z = master.NumVar(0, master.infinity(), "")
        convex.SetCoefficient(z, 1)
        met = [
            index[pq] for t in tables for pq in itertools.combinations(sorted(t), 2) if pq in index
        ]
        goal.SetCoefficient(z, float(sum(w[pairs[k]] for k in met)))
        for k in set(met):
            limit[k].SetCoefficient(z, met.count(k))

    for g in range(blocks):
        add([t for r in seated[g * block : (g + 1) * block] for t in r[0]])

    pricing = pywraplp.Solver.CreateSolver("SCIP")
    columns = []
    together: dict[tuple[int, int], object] = {}
    for _ in range(block):
        person = [pricing.Constraint(1, 1) for _ in range(n)]
        for s in sorted(set(layout.sizes)):
            count = pricing.Constraint(layout.sizes.count(s), layout.sizes.count(s))
            for table in itertools.combinations(range(n), s):
                inside = list(itertools.combinations(table, 2))
                if any(never[pq] for pq in inside):
                    continue
                x = pricing.BoolVar("")
                columns.append((table, inside, x))
                count.SetCoefficient(x, 1)
                for p in table:
                    person[p].SetCoefficient(x, 1)
                if block > 1:
                    for pq in inside:
                        if pq in index:
                            row = together.setdefault(pq, pricing.Constraint(0, 1))
                            row.SetCoefficient(x, 1)  # type: ignore[attr-defined]
    price = pricing.Objective()
    price.SetMaximization()
    started = time.monotonic()
    least, steps, closed, proven = float("inf"), 0, False, True
    while time.monotonic() - started < seconds:
        if master.Solve() != pywraplp.Solver.OPTIMAL:
            break
        mu = convex.dual_value()
        v = {pq: max(0.0, limit[k].dual_value()) for pq, k in index.items()}
        for _table, inside, x in columns:
            price.SetCoefficient(x, float(sum(w[pq] - v.get(pq, 0.0) for pq in inside)))
        left = seconds - (time.monotonic() - started)
        pricing.SetTimeLimit(max(1000, int(left * 1000)))
        status = pricing.Solve()
        upper = price.BestBound()
        proven = proven and status == pywraplp.Solver.OPTIMAL
        least = min(least, blocks * upper + sum(v.values()))
        steps += 1
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            break
        if upper - mu <= 1e-6:
            closed = True
            break
        add([table for table, _inside, x in columns if x.solution_value() > 0.5])
    return {
        "plan": plan_total,
        "lp": lp,
        "least": least,
        "closed": closed and proven,
        "steps": steps,
        "seconds": time.monotonic() - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="*", help="rows whose name starts with these")
    parser.add_argument("--block", type=int, default=1, help="rounds per block (divides R)")
    parser.add_argument("--seconds", type=float, default=300.0, help="budget per row")
    args = parser.parse_args()
    print(
        f"{'instance':18} {'plan':>5} {'table LP':>8} {'least L':>8} {'dual?':>6} "
        f"{'steps':>5} {'time s':>7}"
    )
    for name, (n, size, rounds) in ROWS.items():
        if args.rows and not any(name.startswith(a) for a in args.rows):
            continue
        if rounds % args.block:
            print(f"{name:18} skipped: {args.block} does not divide {rounds} rounds")
            continue
        out = measure(n, size, rounds, args.block, args.seconds)
        print(
            f"{name:18} {out['plan']:5} {out['lp']!s:>8} {out['least']:8.2f} "
            f"{'yes' if out['closed'] else 'no':>6} {out['steps']:5} {out['seconds']:7.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
