"""The anytime contract: progress reports, cancellation, and the baselines it must match."""

from __future__ import annotations

import random

from eventrunner.model import Attendee, EventSettings, Plan
from eventrunner.scheduling import Progress, plan
from eventrunner.scheduling.baselines import rotation, round_by_round
from eventrunner.scheduling.problem import Problem, to_plan_rounds
from eventrunner.scheduling.validation import assert_valid, evaluate

TOPICS = [f"topic {k}" for k in range(12)]


def crowd(n: int, seed: int) -> list[Attendee]:
    rng = random.Random(seed)
    return [
        Attendee(id=f"p{i}", name=f"P{i}", interests=tuple(rng.sample(TOPICS, 3))) for i in range(n)
    ]


def test_progress_reports_first_plan_then_done() -> None:
    people, s = crowd(30, 1), EventSettings(name="p", rounds=5)
    seen: list[Progress] = []
    result = plan(people, s, time_limit=1.0, progress=seen.append)
    phases = [p.phase for p in seen]
    assert phases[0] == "first plan" and phases[-1] == "done"
    assert set(phases) <= {"first plan", "improving", "done"}
    assert all(0.0 <= p.fraction <= 1.0 and p.message and "\n" not in p.message for p in seen)
    assert seen[-1].stats == result.stats
    firsts = [p.stats for p in seen if p.phase == "first plan" and p.stats is not None]
    assert firsts and firsts[0].affinity_total > 0


def test_cancel_returns_a_complete_valid_plan() -> None:
    people, s = crowd(40, 2), EventSettings(name="c", rounds=6)
    asked = 0

    def cancel() -> bool:
        nonlocal asked
        asked += 1
        return True

    result = plan(people, s, time_limit=30.0, cancel=cancel)
    assert asked > 0
    assert len(result.rounds) == 6
    assert_valid(result, people, s)


def test_plan_matches_or_beats_the_baselines() -> None:
    people, s = crowd(24, 3), EventSettings(name="b", rounds=6)
    result = plan(people, s, time_limit=2.0)
    problem = Problem.build(people, s)
    matching = evaluate(Plan(to_plan_rounds(problem, people, round_by_round(problem))), people)
    manual = evaluate(Plan(to_plan_rounds(problem, people, rotation(problem))), people)
    assert result.stats.affinity_total >= matching.affinity_total
    assert result.stats.min_attendee_affinity >= matching.min_attendee_affinity
    assert result.stats.affinity_total > manual.affinity_total


def test_near_the_maximum_rounds_the_rotation_avoids_dead_ends() -> None:
    people = [Attendee(id=f"p{i}", name=f"P{i}") for i in range(11)]
    s = EventSettings(name="full", rounds=11)
    result = plan(people, s, time_limit=1.0)
    assert_valid(result, people, s)
    assert sorted(p for r in result.rounds for p in r.byes) == sorted(a.id for a in people)
