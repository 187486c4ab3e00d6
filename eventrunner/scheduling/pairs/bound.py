"""Honest upper bounds on the total affinity of a 1:1 plan.

The bound is the LP relaxation of the maximum-weight degree-bounded subgraph: each attendee
meets at most R partners (R rounds), each pair at most once (`cap` times when repeats are
allowed), at most M meetings in all, only over pairs the rules allow. That LP is solved
exactly as a min-cost flow on the bipartite double cover (every attendee once on the left
and once on the right, a pair as the two arcs u->v' and v->u'): a fractional solution x
gives the flow z(u,v') = z(v,u') = x(u,v) of twice the value, and any flow gives back
x(u,v) = (z(u,v') + z(v,u')) / 2, so the LP optimum is exactly half the best flow. OR-Tools'
min-cost flow solves it in integers, in C++, over only the pairs worth something: about
5 s at 5,000 people against a minute for the column-generated LP it replaces, with the
same figure.

For the trio policy (an odd 1:1 round seats its odd person as a third at a table) each of T
trio rounds holds two more meetings and gives its three people one partner more: in the LP,
z_i rounds in a trio (at most T, 3T in all) raise person i's degree to R + z_i. In the flow,
a pool node on each side lends up to T extra units to every person, 3T in all (a left and a
right copy may borrow differently: a relaxation, still a bound). It used to add
`2 * R * max affinity`, which left odd evenings near 90% of the bound with plans as good as
the even ones (now about 97%).
"""

from __future__ import annotations

import time

import numpy as np
from ortools.graph.python import min_cost_flow

from eventrunner.scheduling.byes import bye_quota, trio_needed
from eventrunner.scheduling.pairs.seating import Rules
from eventrunner.scheduling.problem import BoolMatrix, IntMatrix, Problem

#: Pairs worth something up to which the flow is solved even past the deadline: 0.1-0.3 s
#: (80,000 pairs at 1,000 generated people), against a cheap bound several percent above it.
FLOW_PAST_DEADLINE = 100_000


def lp_bound(
    weight: IntMatrix,
    allowed: BoolMatrix,
    *,
    degree: int,
    meetings: int,
    cap: int = 1,
    deadline: float | None = None,
    trio_rounds: int = 0,
) -> int:
    """Upper bound on sum of w over pairs (each used <= `cap` times), degrees <= `degree`
    (plus one per round spent in a trio, in `trio_rounds` rounds of three trio seats each),
    at most `meetings` pairs in all: the LP optimum, rounded down.

    Past `deadline` (a perf_counter() value) the flow is solved only on up to
    FLOW_PAST_DEADLINE pairs (a fraction of a second); beyond, the cheaper of
    `best_partners_bound` and `best_pairs_bound` is returned."""
    n = weight.shape[0]
    if n < 2 or degree <= 0 or meetings <= 0:
        return 0
    iu, ju = np.nonzero(np.triu(allowed & allowed.T & (weight > 0), 1))
    if iu.size == 0:
        return 0
    late = deadline is not None and time.perf_counter() >= deadline
    if late and iu.size > FLOW_PAST_DEADLINE:
        usable = np.zeros_like(allowed)
        usable[iu, ju] = usable[ju, iu] = True
        return min(
            best_partners_bound(weight, usable, degree + trio_rounds, cap),
            best_pairs_bound(weight, usable, meetings, cap),
        )
    return _double_cover_flow(iu, ju, weight[iu, ju], n, degree, meetings, cap, trio_rounds) // 2


def _double_cover_flow(
    iu: IntMatrix,
    ju: IntMatrix,
    w: IntMatrix,
    n: int,
    degree: int,
    meetings: int,
    cap: int,
    trio_rounds: int = 0,
) -> int:
    """The best total weight of a flow on the bipartite double cover (see the module's
    docstring): 2 * meetings units leave the source, each left node takes at most `degree`,
    each right node passes at most `degree` to the sink, an arc of a pair carries at most
    `cap`; units that would earn nothing take the bypass arc straight to the sink. With
    `trio_rounds` T, a pool on each side lends every person up to T more, 3T in all."""
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 2 * n, 2 * n + 1
    people = np.arange(n, dtype=np.int64)
    tails = np.concatenate([iu, ju, np.full(n, source), people + n, [source]])
    heads = np.concatenate([ju + n, iu + n, people, np.full(n, sink), [sink]])
    capacity = np.concatenate(
        [np.full(2 * iu.size, cap), np.full(2 * n, degree), [2 * meetings]]
    ).astype(np.int64)
    if trio_rounds:
        lend, repay = 2 * n + 2, 2 * n + 3  # the left pool and the right pool
        tails = np.concatenate([tails, [source], np.full(n, lend), people + n, [repay]])
        heads = np.concatenate([heads, [lend], people, np.full(n, repay), [sink]])
        capacity = np.concatenate(
            [capacity, [3 * trio_rounds], np.full(2 * n, trio_rounds), [3 * trio_rounds]]
        ).astype(np.int64)
    cost = np.zeros(tails.size, dtype=np.int64)
    cost[: 2 * iu.size] = np.concatenate([-w, -w])
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacity, cost)
    flow.set_node_supply(source, 2 * meetings)
    flow.set_node_supply(sink, -2 * meetings)
    status = flow.solve()
    if status != flow.OPTIMAL:  # cannot happen: the bypass arc makes every supply feasible
        raise RuntimeError(f"the bound's min-cost flow ended with status {status}")
    return int(-flow.optimal_cost())


def best_partners_bound(weight: IntMatrix, usable: BoolMatrix, degree: int, cap: int) -> int:
    """Half the sum over attendees of their `degree` best usable partners (each counted up
    to `cap` times): a bound in one sort, for when there is no time for the LP."""
    n = weight.shape[0]
    take = min(n - 1, degree)
    scored = np.where(usable, weight, 0)
    best = -np.partition(-scored, take - 1, axis=1)[:, :take] if take > 0 else scored[:, :0]
    if cap > 1:
        # A partner met `cap` times counts `cap` times, still within `degree` meetings.
        best = -np.sort(-np.repeat(best, cap, axis=1), axis=1)[:, :degree]
    return int(best.sum()) // 2


def best_pairs_bound(weight: IntMatrix, usable: BoolMatrix, meetings: int, cap: int) -> int:
    """The `meetings` best usable pairs (each up to `cap` times) summed: the other cheap
    bound, tighter than `best_partners_bound` when everyone's best partners are the same few."""
    values = weight[np.triu(usable, 1)]
    count = min(values.size, -(-meetings // cap))
    if count <= 0:
        return 0
    top = np.sort(-np.partition(-values, count - 1)[:count])[::-1]
    return int(top.repeat(cap)[:meetings].sum())


def upper_bound(
    problem: Problem,
    *,
    max_tables: int | None = None,
    relax_colleagues: bool = False,
    repeats: int = 1,
    deadline: float | None = None,
) -> int:
    """An upper bound on the total affinity of any 1:1 plan of `problem` that keeps its rules.

    Within `deadline` (perf_counter()) when given: weaker, still honest, when time is short.

    For plans that had to break a rule, the bound covers the relaxed problem: with
    `relax_colleagues` colleague pairs count as allowed, and with `repeats` > 1 a pair may
    meet that many times (pairs met in played rounds too).
    """
    if problem.n < 2 or problem.rounds <= 0:
        return 0
    rules = Rules.of(problem)
    allowed = ~rules.never if repeats > 1 else ~(rules.never | problem.met)
    if not relax_colleagues:
        allowed &= ~rules.colleague
    quota = bye_quota(problem, max_tables)
    seated = problem.n - sum(quota.values())
    trio = trio_needed(problem, quota)
    # A trio round holds its (seated - 3) / 2 pairs and the trio's three meetings.
    per_round = (seated - 3) // 2 + 3 if trio else seated // 2
    return lp_bound(
        problem.weight,
        allowed,
        degree=problem.rounds,
        meetings=problem.rounds * per_round,
        cap=repeats,
        deadline=deadline,
        trio_rounds=problem.rounds if trio else 0,
    )
