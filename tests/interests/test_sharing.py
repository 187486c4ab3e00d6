"""Event topics, related topics (smaller weight, explained), reciprocity from free text, and
the scheduler's weights: a clean tag list weighs exactly the default affinity."""

from __future__ import annotations

import numpy as np
import pytest

from eventrunner.interests import (
    RELATED_SCALE,
    affinity,
    event_topics,
    pair_weights,
    read_roles,
    related_shared,
    shared_interests,
    table_shared,
)
from eventrunner.model import Attendee, EventSettings
from eventrunner.scheduling.problem import Problem, affinity_matrix


def person(pid: str, interests: tuple[str, ...] = (), **kw: tuple[str, ...]) -> Attendee:
    return Attendee(id=pid, name=pid.title(), interests=interests, **kw)  # type: ignore[arg-type]


# --- event topics -----------------------------------------------------------------------------


def test_a_phrase_two_people_use_becomes_a_topic_of_both() -> None:
    found = event_topics([("gwent tournaments",), ("gwent tournament", "alps"), ("alps",), ()])
    assert found[0] == ("gwent tournaments",) or found[0] == ("gwent tournament",)
    assert found[1][0] == found[0][0] and "alps" in found[1]
    assert found[2] == ("alps",)
    assert found[3] == ()


def test_a_phrase_only_one_person_uses_is_no_topic() -> None:
    assert event_topics([("gwent",), ("alps",)]) == [(), ()]


def test_a_shared_run_inside_longer_phrases_is_found() -> None:
    found = event_topics([("tuesday night gwent league",), ("gwent league finals",)])
    assert found == [("gwent league",), ("gwent league",)]


# --- related topics ---------------------------------------------------------------------------


def test_narrower_and_broader_topics_are_related_and_said_in_the_broader_words() -> None:
    said = related_shared(("machine learning",), ("computer vision",))
    assert said == ["machine learning (computer vision)"]
    siblings = related_shared(("computer vision",), ("natural language processing",))
    assert siblings == ["machine learning (computer vision / natural language processing)"]


def test_a_topic_already_shared_exactly_is_not_also_related() -> None:
    assert related_shared(("computer vision", "mlops"), ("computer vision",)) == []


def test_related_topics_are_explained_but_do_not_change_the_default_affinity() -> None:
    a = person("a", ("machine learning", "jazz"))
    b = person("b", ("computer vision", "jazz"))
    assert affinity(a, b) == 1
    assert shared_interests(a, b) == ["jazz", "machine learning (computer vision)"]
    assert table_shared([a, b])[:2] == ["jazz", "machine learning (computer vision)"]


def test_related_topics_weigh_less_than_the_same_topic_in_the_scheduler() -> None:
    same = [person("a", ("machine learning",)), person("b", ("machine learning",))]
    related = [person("a", ("machine learning",)), person("b", ("computer vision",))]
    mixed = [*same, person("c", ("computer vision",))]
    weights, scale = pair_weights(mixed, affinity_matrix(mixed))
    assert scale == RELATED_SCALE
    assert weights[0, 1] == RELATED_SCALE  # the same topic
    assert 0 < weights[0, 2] < weights[0, 1]  # related: less
    weights, scale = pair_weights(related, affinity_matrix(related))
    assert weights[0, 1] == 1


def test_a_clean_tag_list_weighs_exactly_the_default_affinity() -> None:
    people = [
        person("a", ("hockey", "marketing"), seeks=("funding",)),
        person("b", ("hockey", "python"), offers=("funding",)),
        person("c", ("machine learning", "deep learning")),
        person("d", ("machine learning",)),
    ]
    exact = affinity_matrix(people)
    weights, scale = pair_weights(people, exact)
    assert scale == 1 and np.array_equal(weights, exact)
    problem = Problem.build(people, EventSettings(name="x", rounds=2))
    assert problem.scale == 1 and np.array_equal(problem.weight, exact)


# --- reciprocity ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column", "seeks", "offers"),
    [
        ("looking for investors for our seed round", "seeks", {"funding"}, set()),
        ("We are raising a pre-seed round", "interests", {"funding"}, set()),
        ("angel investor", "offers", set(), {"funding"}),
        ("I am an angel investor in climate startups", "interests", set(), {"funding"}),
        ("looking for an angel investor", "interests", {"funding"}, set()),
        ("hiring engineers", "seeks", set(), {"jobs"}),
        ("engineers and designers", "seeks", set(), {"jobs"}),
        ("open to work, looking for a new role", "seeks", {"jobs"}, set()),
        ("job seeker", "interests", {"jobs"}, set()),
        ("recruiter", "offers", set(), {"jobs"}),
        ("happy to mentor", "offers", set(), {"mentoring"}),
        ("a mentor", "seeks", {"mentoring"}, set()),
        ("looking for a mentor", "interests", {"mentoring"}, set()),
        ("Wir stellen ein: Entwickler", "interests", set(), {"jobs"}),
        ("Je cherche un mentor", "interests", {"mentoring"}, set()),
        ("busco trabajo", "interests", {"jobs"}, set()),
        ("investidor anjo", "offers", set(), {"funding"}),
        ("cerco lavoro", "interests", {"jobs"}, set()),
        ("ik zoek een baan", "interests", {"jobs"}, set()),
        ("machine learning and jazz", "seeks", set(), set()),
    ],
)
def test_roles_from_free_text(text: str, column: str, seeks: set[str], offers: set[str]) -> None:
    roles = read_roles(text, column)  # type: ignore[arg-type]
    assert (set(roles.seeks), set(roles.offers)) == (seeks, offers)


def test_complementary_roles_meet_through_the_default_affinity() -> None:
    founder = person("f", seeks=read_roles("raising our seed round", "seeks").seeks)
    angel = person("a", offers=read_roles("angel investor", "offers").offers)
    seeker = person("s", seeks=read_roles("looking for a job", "seeks").seeks)
    recruiter = person("r", offers=read_roles("we're hiring", "offers").offers)
    mentee = person("m", seeks=read_roles("need a mentor", "seeks").seeks)
    mentor = person("t", offers=read_roles("happy to mentor", "offers").offers)
    assert affinity(founder, angel) == affinity(seeker, recruiter) == affinity(mentee, mentor) == 1
    assert affinity(founder, recruiter) == affinity(seeker, mentor) == 0
    assert shared_interests(founder, angel) == ["funding"]


def test_a_word_said_alone_by_one_is_found_inside_another_phrase() -> None:
    assert event_topics([("gwent",), ("gwent turniere",)]) == [("gwent",), ("gwent",)]
    # ... but a word nobody said on its own is no topic: "club" is not what they share.
    assert event_topics([("chess club",), ("book club",)]) == [(), ()]
