"""Hypothesis: random small events at tables of 3-4 are seated validly, within the bound."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventrunner.model import Attendee, CompanyRule, EventSettings, Plan
from eventrunner.scheduling.problem import Problem, to_plan_rounds
from eventrunner.scheduling.tables import solve_tables, table_layout, tables_upper_bound
from eventrunner.scheduling.tables.layout import greedy_round
from eventrunner.scheduling.tables.search import TableSearch
from eventrunner.scheduling.validation import check

TOPICS = ("ai", "art", "bio", "data", "food", "golf", "law", "math")


@st.composite
def events(draw: st.DrawFn) -> tuple[list[Attendee], EventSettings]:
    two_sided = draw(st.booleans())
    n = draw(st.integers(4 if two_sided else 2, 16))
    hosts = draw(st.integers(1, n // 2)) if two_sided else 0
    companies = draw(st.sampled_from([(), ("Acme",), ("Acme", "Beta", "")]))
    people = []
    for i in range(n):
        people.append(
            Attendee(
                id=f"p{i}",
                name=f"P{i}",
                interests=tuple(draw(st.sets(st.sampled_from(TOPICS), max_size=4))),
                offers=tuple(draw(st.sets(st.sampled_from(TOPICS), max_size=1))),
                seeks=tuple(draw(st.sets(st.sampled_from(TOPICS), max_size=1))),
                company=draw(st.sampled_from(companies)) if companies else "",
                side=("a" if i < hosts else "b") if two_sided else "",
                avoid=(f"p{draw(st.integers(0, n - 1))}",) if draw(st.booleans()) else (),
                want=(f"p{draw(st.integers(0, n - 1))}",) if draw(st.booleans()) else (),
            )
        )
    s = EventSettings(
        name="random",
        rounds=draw(st.integers(1, 5)),
        table_size=draw(st.sampled_from([3, 4])),
        two_sided=two_sided,
        company_rule=draw(st.sampled_from(list(CompanyRule))),
    )
    return people, s


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.integers(0, 3))
def test_random_events_are_seated_validly(
    event: tuple[list[Attendee], EventSettings], seed: int
) -> None:
    people, s = event
    problem = Problem.build(people, s)
    seated = solve_tables(problem, time_limit=0.2, seed=seed)
    plan = Plan(rounds=to_plan_rounds(problem, people, seated))
    found = check(plan, people, s)
    # Seating, sizes and byes never give way: only pair rules can be forced to break.
    for rule in ("frozen", "seating", "table sizes", "byes"):
        assert not found[rule], found[rule]
    layout = table_layout(problem)
    if s.two_sided:
        unmixed = sum(1 for h in layout.hosts if h == 0)
        assert len(found["sides"]) == unmixed * s.rounds
    else:
        assert not found["sides"]
    total = sum(t.affinity for r in plan.rounds for t in r.tables)
    if not (found["repeats"] or found["avoid"] or found["colleagues"]):
        assert total <= tables_upper_bound(problem)
    elif not found["avoid"]:
        # A plan that had to break a rule stays within the bound of the relaxed problem.
        most = max(Counter((a, b) for _, a, b in plan.meetings()).values())
        relaxed = tables_upper_bound(problem, relax_colleagues=True, repeats=most)
        assert total <= relaxed


@settings(max_examples=25, deadline=None)
@given(events(), st.integers(0, 3), st.lists(st.integers(0, 10_000), max_size=30))
def test_search_bookkeeping_matches_a_fresh_count(
    event: tuple[list[Attendee], EventSettings], seed: int, moves: list[int]
) -> None:
    people, s = event
    problem = Problem.build(people, s)
    layout = table_layout(problem)
    rng = np.random.default_rng(seed)
    hint = np.zeros((s.rounds, problem.n, problem.n), dtype=np.bool_)
    hint[:, 0, 1:] = hint[:, 1:, 0] = True
    noise = rng.random((problem.n, problem.n))
    start = np.array([greedy_round(layout, noise, rng) for _ in range(s.rounds)])
    search = TableSearch(problem, layout, start, rng, hint)
    for move in moves:
        r, p, q = move % s.rounds, move % problem.n, (move // 7) % problem.n
        if search.table_of[r, p] != search.table_of[r, q] and search.cls[p] == search.cls[q]:
            search.swap(r, p, q)
    fresh = TableSearch(problem, layout, search.table_of, rng, hint)
    assert (search.tally.meets == fresh.tally.meets).all()
    assert search.score() == fresh.score()
