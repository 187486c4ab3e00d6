"""plan() for 1:1 events: each hard rule with a case it can keep and one it cannot."""

from __future__ import annotations

import itertools

import pytest

from eventrunner.model import Attendee, CompanyRule, EventSettings, OddPolicy, Plan
from eventrunner.scheduling import PlanningError, plan
from eventrunner.scheduling.validation import assert_valid, check, evaluate

TOPICS = ("ai", "climate", "design", "finance", "health", "music", "sales", "travel")


def crowd(n: int, **per_person: object) -> list[Attendee]:
    """n attendees with overlapping interests; keyword values are callables of the index."""
    out = []
    for i in range(n):
        extra = {k: f(i) for k, f in per_person.items() if f(i) is not None}  # type: ignore[operator]
        interests = (TOPICS[i % 8], TOPICS[(i * 3 + 1) % 8], TOPICS[(i // 2) % 8])
        out.append(Attendee(id=f"p{i}", name=f"Person {i}", interests=interests, **extra))
    return out


def settings(rounds: int, **kw: object) -> EventSettings:
    return EventSettings(name="test", rounds=rounds, **kw)  # type: ignore[arg-type]


def solve(people: list[Attendee], s: EventSettings) -> Plan:
    return plan(people, s, time_limit=1.0, seed=1)


def test_no_repeats_when_possible() -> None:
    people, s = crowd(8), settings(7)
    result = solve(people, s)
    assert_valid(result, people, s)
    assert result.stats.repeats == 0 and result.stats.rule_breaks == ()


def test_repeats_only_when_rounds_exceed_partners() -> None:
    people, s = crowd(4), settings(5)
    result = solve(people, s)
    # 4 people have 3 partners each: rounds 4 and 5 must repeat all 2 + 2 meetings.
    assert result.stats.repeats == 4
    assert result.stats.rule_breaks == ("4 repeated meetings: 4 people cannot meet 5 new partners",)
    found = check(result, people, s)
    assert len(found["repeats"]) == 4
    assert not any(found[rule] for rule in found if rule != "repeats")


def test_avoid_is_never_broken() -> None:
    people = crowd(6, avoid=lambda i: ("p1",) if i == 0 else None)
    s = settings(4)
    result = solve(people, s)
    assert_valid(result, people, s)
    assert all(set(t.attendees) != {"p0", "p1"} for r in result.rounds for t in r.tables)


def test_avoid_that_leaves_nobody_means_a_bye_not_a_meeting() -> None:
    people = crowd(2, avoid=lambda i: ("p1",) if i == 0 else None)
    s = settings(1)
    result = solve(people, s)
    assert result.rounds[0].tables == ()
    assert set(result.rounds[0].byes) == {"p0", "p1"}
    assert any("extra byes" in line for line in result.stats.rule_breaks)
    assert not check(result, people, s)["avoid"]


def test_colleagues_apart_when_possible() -> None:
    people = crowd(8, company=lambda i: "Acme" if i < 4 else None)
    s = settings(4)
    result = solve(people, s)
    assert_valid(result, people, s)


def test_colleagues_relaxed_only_as_much_as_needed() -> None:
    # 6 of 8 at Acme: each round at least 2 Acme pairs, never more.
    people = crowd(8, company=lambda i: "Acme" if i < 6 else "Other")
    s = settings(3)
    result = solve(people, s)
    found = check(result, people, s)
    assert len(found["colleagues"]) == 2 * 3
    assert not found["repeats"] and not found["seating"]
    assert result.stats.rule_breaks == (
        "6 colleague pairs seated together: 6 of 8 people work at Acme",
    )
    allowed = settings(3, company_rule=CompanyRule.ALLOW)
    assert solve(people, allowed).stats.rule_breaks == ()


def test_two_sided_meetings_mix_sides_and_larger_side_rotates_byes() -> None:
    people = crowd(9, side=lambda i: "mentor" if i < 3 else "mentee")
    s = settings(6, two_sided=True)
    result = solve(people, s)
    assert_valid(result, people, s)
    mentors = {f"p{i}" for i in range(3)}
    for r in result.rounds:
        assert len(r.tables) == 3 and not mentors & set(r.byes)
    # 6 mentees, 3 byes a round, 6 rounds: everyone sits out exactly 3 times.
    byes = [p for r in result.rounds for p in r.byes]
    assert {byes.count(f"p{i}") for i in range(3, 9)} == {3}


def test_two_sided_without_two_sides_is_an_error() -> None:
    people = crowd(4, side=lambda i: "mentor")
    with pytest.raises(PlanningError, match="exactly two sides") as error:
        solve(people, settings(2, two_sided=True))
    assert "\n" not in str(error.value)


def test_too_few_people_is_an_error() -> None:
    with pytest.raises(PlanningError, match="at least 2"):
        solve(crowd(1), settings(2))


def test_odd_count_byes_rotate_through_everyone() -> None:
    people, s = crowd(7), settings(7)
    result = solve(people, s)
    assert_valid(result, people, s)
    assert sorted(p for r in result.rounds for p in r.byes) == sorted(a.id for a in people)


def test_odd_count_with_trio_policy_has_one_trio_and_no_bye() -> None:
    people, s = crowd(7), settings(3, odd_policy=OddPolicy.TRIO)
    result = solve(people, s)
    assert_valid(result, people, s)
    for r in result.rounds:
        assert sorted(len(t.attendees) for t in r.tables) == [2, 2, 3] and r.byes == ()


def test_wants_are_met_and_impossible_ones_listed() -> None:
    people = crowd(
        8,
        want=lambda i: ("p5",) if i == 0 else ("p6",) if i == 2 else None,
        avoid=lambda i: ("p2",) if i == 6 else None,
    )
    s = settings(2)
    result = solve(people, s)
    assert_valid(result, people, s)
    pairs = {frozenset(t.attendees) for r in result.rounds for t in r.tables}
    assert frozenset({"p0", "p5"}) in pairs
    assert result.stats.unmet_wants == (("p2", "p6"),)


def test_stats_are_what_validation_measures() -> None:
    people, s = crowd(10), settings(4)
    result = solve(people, s)
    measured = evaluate(result, people)
    assert result.stats.affinity_total == measured.affinity_total
    assert result.stats.min_attendee_affinity == measured.min_attendee_affinity
    assert result.stats.zero_meetings == measured.zero_meetings
    assert result.stats.affinity_total <= result.stats.upper_bound
    assert [r.number for r in result.rounds] == [1, 2, 3, 4]
    assert all(t.number == k for r in result.rounds for k, t in enumerate(r.tables, start=1))


def _best_total(people: list[Attendee], rounds: int) -> int:
    """Exhaustive optimum of a tiny 1:1 event without repeats (for checking the bound)."""
    from eventrunner.interests import affinity

    ids = range(len(people))

    def matchings(rest: tuple[int, ...]) -> list[list[tuple[int, int]]]:
        if not rest:
            return [[]]
        first, others = rest[0], rest[1:]
        out = []
        for k, partner in enumerate(others):
            for tail in matchings(others[:k] + others[k + 1 :]):
                out.append([(first, partner), *tail])
        return out

    every = [frozenset(m) for m in matchings(tuple(ids))]
    score = {(a, b): affinity(people[a], people[b]) for a, b in itertools.combinations(ids, 2)}
    best = 0
    for combo in itertools.combinations(every, rounds):
        pairs = [p for m in combo for p in m]
        if len(set(pairs)) == len(pairs):
            best = max(best, sum(score[p] for p in pairs))
    return best


@pytest.mark.parametrize("seed", range(3))
def test_bound_is_never_below_the_true_optimum(seed: int) -> None:
    import random

    rng = random.Random(seed)
    people = [
        Attendee(id=f"p{i}", name=f"P{i}", interests=tuple(rng.sample(TOPICS, 3))) for i in range(6)
    ]
    s = settings(2)
    result = solve(people, s)
    best = _best_total(people, 2)
    assert result.stats.affinity_total <= best <= result.stats.upper_bound


def test_trio_policy_past_the_last_new_partner_repeats_as_little_as_possible() -> None:
    # 7 people, one trio a round: 6 rounds hold 30 meetings but only 21 pairs exist.
    people, s = crowd(7), settings(6, odd_policy=OddPolicy.TRIO)
    result = solve(people, s)
    found = check(result, people, s)
    assert len(found["repeats"]) == 30 - 21
    assert not found["seating"] and not found["avoid"] and not found["table sizes"]
    assert result.stats.rule_breaks == (
        "9 repeated meetings: 30 meetings are needed but only 21 pairs have not met yet",
    )
