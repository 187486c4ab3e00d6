"""Normalization, synonyms and the default affinity (PRODUCT.md contract)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventrunner.interests import (
    Synonyms,
    affinity,
    normalize,
    parse_tags,
    shared_interests,
    split_tags,
    table_affinity,
    table_shared,
)
from eventrunner.model import Attendee


@pytest.fixture
def table(tmp_path: Path) -> Synonyms:
    path = tmp_path / "syn.toml"
    path.write_text(
        '[technology]\n"machine learning" = ["ML", "machine-learning"]\n'
        '"c++" = ["cpp"]\n"c" = []\n'
        '[people]\n"human resources" = ["HR"]\n"hr technology" = ["hr tech"]\n'
        '[sports]\n"hockey" = ["ice hockey", "hrpuckheads"]\n',
        encoding="utf-8",
    )
    return Synonyms.from_toml(path)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hockey", "hockey"),
        ("#Hockey", "hockey"),
        ("@hockey", "hockey"),
        ("  ICE   hockey ", "hockey"),
        ("#hrpuckheads", "hockey"),
        ("ML", "machine learning"),
        ("Machine-Learning", "machine learning"),
        ("machine_learning!", "machine learning"),
        ("#HRTech", "hr technology"),  # the run-together hashtag of a synonym
        ("HR", "human resources"),
        ("C++", "c++"),  # only punctuation-collapsed after the synonym lookup fails
        ("cpp", "c++"),
        ("Product   Design", "product design"),
        ("Straße", "strasse"),  # case-folding, not lower-casing
        ("编程", "编程"),
        ("", ""),
        ("###", ""),
    ],
)
def test_normalize(table: Synonyms, raw: str, expected: str) -> None:
    assert normalize(raw, table) == expected


def test_split_tags_on_every_separator() -> None:
    assert split_tags("a; b,c|d\ne") == ["a", "b", "c", "d", "e"]
    assert split_tags("#hrtech #hrfoodie") == ["#hrtech", "#hrfoodie"]
    assert split_tags(" ;; ,, ") == []


def test_parse_tags_normalizes_and_deduplicates(table: Synonyms) -> None:
    assert parse_tags("ML; machine learning | #Hockey, ice hockey", table) == (
        "machine learning",
        "hockey",
    )


@given(st.text(max_size=30))
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize(raw, Synonyms.empty())
    assert normalize(once, Synonyms.empty()) == once


def _person(pid: str, interests: str = "", offers: str = "", seeks: str = "") -> Attendee:
    syn = Synonyms.empty()
    return Attendee(
        id=pid,
        name=pid,
        interests=parse_tags(interests, syn),
        offers=parse_tags(offers, syn),
        seeks=parse_tags(seeks, syn),
    )


def test_affinity_counts_shared_interests_and_both_directions_of_reciprocity() -> None:
    a = _person("a", "hockey; marketing; golf", offers="design", seeks="funding")
    b = _person("b", "hockey; marketing; chess", offers="funding", seeks="design; hiring")
    # 2 shared interests + a seeks what b offers + b seeks what a offers.
    assert affinity(a, b) == 4
    assert affinity(b, a) == 4
    assert shared_interests(a, b) == ["hockey", "marketing", "funding", "design"]


def test_affinity_of_strangers_is_zero() -> None:
    assert affinity(_person("a", "x"), _person("b", "y")) == 0


def test_table_affinity_is_the_sum_over_pairs() -> None:
    a, b, c = _person("a", "x; y"), _person("b", "x; y"), _person("c", "x")
    assert table_affinity([a, b, c]) == affinity(a, b) + affinity(a, c) + affinity(b, c) == 4
    assert table_shared([a, b, c]) == ["x", "y"]
