"""Related topics reach the plan: the solver seats related people together, the table's
`shared` (plan JSON, console, cards) says it in words, and the figures stay the default."""

from __future__ import annotations

from eventrunner.interests import table_affinity
from eventrunner.model import Attendee, EventSettings
from eventrunner.scheduling import plan
from eventrunner.scheduling.problem import Problem
from eventrunner.scheduling.validation import assert_valid


def person(pid: str, *interests: str) -> Attendee:
    return Attendee(id=pid, name=pid.title(), interests=interests)


PEOPLE = [
    person("ana", "machine learning", "jazz"),
    person("ben", "computer vision", "sailing"),
    person("cy", "thru hiking", "opera"),
    person("di", "hiking", "knitting"),
]


def test_related_people_meet_and_the_table_says_what_relates_them() -> None:
    result = plan(PEOPLE, EventSettings(name="r", rounds=1), time_limit=2, seed=1)
    assert_valid(result, PEOPLE, EventSettings(name="r", rounds=1))
    tables = {frozenset(t.attendees): t for t in result.rounds[0].tables}
    ml = tables[frozenset({"ana", "ben"})]
    hikes = tables[frozenset({"cy", "di"})]
    assert ml.shared == ("machine learning (computer vision)",)
    assert hikes.shared == ("hiking (thru hiking)",)
    # No identical interest: the default affinity and the figures of the plan stay 0.
    assert ml.affinity == hikes.affinity == 0
    assert result.stats.affinity_total == 0
    assert result.stats.upper_bound >= result.stats.affinity_total


def test_the_bound_is_reported_in_default_affinity_units() -> None:
    people = [*PEOPLE, person("ed", "machine learning", "jazz"), person("fa", "jazz")]
    problem = Problem.build(people, EventSettings(name="r", rounds=2))
    assert problem.scale == 2
    result = plan(people, EventSettings(name="r", rounds=2), time_limit=2, seed=1)
    assert_valid(result, people, EventSettings(name="r", rounds=2))
    total = sum(table_affinity([p for p in people if p.id in t.attendees])
                for r in result.rounds for t in r.tables)  # fmt: skip
    assert result.stats.affinity_total == total
    # The bound on the weights, halved, still bounds the default affinity from above.
    assert total <= result.stats.upper_bound <= 2 * total + 4
