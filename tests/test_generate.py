"""The synthetic attendee generator: deterministic, realistic in shape, and a valid native CSV."""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from eventrunner.contacts.csvsafe import neutralize
from eventrunner.contacts.exporting import CSV_COLUMNS, attendee_rows, write_attendees_csv
from eventrunner.generate import generate_attendees
from eventrunner.interests import default_synonyms, parse_tags, popularity
from eventrunner.model import Attendee

ROOT = Path(__file__).resolve().parents[1]
RESERVED_DOMAINS = ("example.com", "example.org", "example.net", ".example", ".test")


@pytest.fixture(scope="module")
def crowd() -> list[Attendee]:
    return generate_attendees(2000, seed=11)


def scripts_of(text: str) -> set[str]:
    """The first word of the Unicode name of each letter: LATIN, GREEK, CYRILLIC, CJK..."""
    return {unicodedata.name(ch).split()[0] for ch in text if ch.isalpha()}


def test_same_seed_same_people() -> None:
    assert generate_attendees(300, seed=5) == generate_attendees(300, seed=5)
    assert generate_attendees(60, seed=5, two_sided=True) == generate_attendees(
        60, seed=5, two_sided=True
    )


def test_different_seed_different_people() -> None:
    assert generate_attendees(50, seed=1) != generate_attendees(50, seed=2)


def test_output_does_not_depend_on_string_hashing() -> None:
    # Iterating a set of strings would make the output change from one process to the next.
    code = (
        "from eventrunner.generate import generate_attendees;"
        "from eventrunner.contacts.exporting import attendee_rows;"
        "print(attendee_rows(generate_attendees(150, seed=3, two_sided=True)))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize("n", [0, 1, 2, 3, 17, 250])
def test_counts_and_unique_email_ids(n: int) -> None:
    people = generate_attendees(n, seed=n)
    assert len(people) == n
    assert len({p.id for p in people}) == n
    assert all(p.id == p.email and p.name for p in people)


def test_emails_use_reserved_domains_only(crowd: list[Attendee]) -> None:
    for person in crowd:
        local, _, domain = person.email.partition("@")
        assert local.isascii() and local, person.email
        assert domain.endswith(RESERVED_DOMAINS), person.email
        assert not person.website or person.website.endswith(".example.com")


def test_names_mix_scripts_mostly_latin(crowd: list[Attendee]) -> None:
    scripts = Counter(s for p in crowd for s in scripts_of(p.name))
    for script in ("LATIN", "GREEK", "CYRILLIC", "CJK", "HANGUL", "ARABIC", "HEBREW"):
        assert scripts[script] > 0, script
    latin_only = sum(scripts_of(p.name) == {"LATIN"} for p in crowd)
    assert latin_only > 0.6 * len(crowd)
    accented = sum(not p.name.isascii() and scripts_of(p.name) == {"LATIN"} for p in crowd)
    assert accented > 0.1 * len(crowd)


def test_colleagues_a_few_big_companies_many_small(crowd: list[Attendee]) -> None:
    sizes = Counter(p.company for p in crowd if p.company)
    assert max(sizes.values()) <= 8
    assert sum(1 for size in sizes.values() if size >= 3) >= 10
    assert statistics.median(sizes.values()) <= 2
    assert any(not p.company for p in crowd)


def test_interests_are_canonical_three_to_seven(crowd: list[Attendee]) -> None:
    known = default_synonyms().category
    for person in crowd:
        assert 3 <= len(person.interests) <= 7, person
        assert all(tag in known for tag in (*person.interests, *person.offers, *person.seeks))


def test_interest_popularity_is_skewed(crowd: list[Attendee]) -> None:
    counts = sorted(popularity(crowd).values(), reverse=True)
    top_tenth = counts[: len(counts) // 10]
    assert sum(top_tenth) > 0.3 * sum(counts)
    assert counts[0] >= 5 * statistics.median(counts)


def test_people_cluster_in_few_categories(crowd: list[Attendee]) -> None:
    category = default_synonyms().category
    # Interests drawn independently would spread over about as many categories as tags.
    spread = [len({category[t] for t in p.interests}) / len(p.interests) for p in crowd]
    assert statistics.mean(spread) < 0.7


def test_about_a_third_offer_or_seek(crowd: list[Attendee]) -> None:
    share = sum(bool(p.offers or p.seeks) for p in crowd) / len(crowd)
    assert 0.2 < share < 0.45
    assert not any(set(p.offers) & set(p.seeks) for p in crowd)


def test_about_half_state_what_they_share(crowd: list[Attendee]) -> None:
    stated = sum(p.consent.stated for p in crowd) / len(crowd)
    assert 0.4 < stated < 0.6
    assert {p.consent.to_text() for p in crowd} >= {"all", "none", "email;linkedin"}


def test_profiles_for_some(crowd: list[Attendee]) -> None:
    for field in ("linkedin", "twitter", "phone"):
        having = sum(bool(getattr(p, field)) for p in crowd) / len(crowd)
        assert 0.1 < having < 0.6, field


def test_avoid_and_want_are_rare_and_point_at_real_people(crowd: list[Attendee]) -> None:
    ids = {p.id for p in crowd}
    avoiders = [p for p in crowd if p.avoid]
    wishers = [p for p in crowd if p.want]
    for people in (avoiders, wishers):
        assert 0.005 * len(crowd) < len(people) < 0.06 * len(crowd)
    for person in crowd:
        for other in (*person.avoid, *person.want):
            assert other in ids and other != person.id
        assert not set(person.avoid) & set(person.want)


@pytest.mark.parametrize(
    ("n", "sides", "ratio", "first"),
    [(36, ("mentor", "mentee"), 1 / 3, 12), (100, ("investor", "startup"), 0.25, 25)],
)
def test_two_sided_ratio(n: int, sides: tuple[str, str], ratio: float, first: int) -> None:
    people = generate_attendees(n, seed=4, two_sided=True, sides=sides, side_ratio=ratio)
    counts = Counter(p.side for p in people)
    assert counts == {sides[0]: first, sides[1]: n - first}


def test_wants_cross_the_sides() -> None:
    people = generate_attendees(1500, seed=8, two_sided=True)
    side = {p.id: p.side for p in people}
    wishes = [(p.side, side[w]) for p in people for w in p.want]
    assert wishes and all(mine != theirs for mine, theirs in wishes)


def test_one_sided_events_have_no_sides() -> None:
    assert {p.side for p in generate_attendees(80, seed=2)} == {""}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n": -1},
        {"n": 10, "two_sided": True, "sides": ("mentor", "mentor")},
        {"n": 10, "two_sided": True, "sides": ("mentor", " ")},
        {"n": 10, "two_sided": True, "side_ratio": 1.5},
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        generate_attendees(**kwargs)  # type: ignore[arg-type]


def test_csv_round_trip(tmp_path: Path) -> None:
    people = generate_attendees(120, seed=9, two_sided=True)
    path = tmp_path / "people.csv"
    write_attendees_csv(people, path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        rows = list(reader)
    expected = [{k: neutralize(v) for k, v in row.items()} for row in attendee_rows(people)]
    assert rows == expected
    for person, row in zip(people, rows, strict=True):
        # What is written reads back to the same tags through the importer's normalization.
        assert parse_tags(row["interests"]) == person.interests
        assert parse_tags(row["offers"]) == person.offers
        assert row["share"] == person.consent.to_text()
        assert row["avoid"] == ";".join(person.avoid)


def test_generate_stays_out_of_the_console() -> None:
    code = "import sys, eventrunner.generate; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
