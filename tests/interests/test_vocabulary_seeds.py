"""The vocabulary seeds are sound: every alias names a known tag, related topics are new
tags under known ones, filler never hides a tag, and the complements table is complete."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from eventrunner.interests import default_vocabulary, normalize, read_text
from eventrunner.interests.vocabulary import LANGUAGES, words
from eventrunner.resources import seed_file


def load(name: str) -> dict[str, Any]:
    with seed_file(name).open("rb") as f:
        return tomllib.load(f)


INTERESTS = {tag for entries in load("interests.toml").values() for tag in entries}
RELATED = load("related.toml")
NARROWER = {tag for entries in RELATED.values() for tag in entries}


def test_related_topics_are_new_tags_under_known_tags() -> None:
    assert set(RELATED) <= INTERESTS
    # A narrower topic that already meant something would change how clean tag lists plan.
    for tag, aliases in ((t, a) for e in RELATED.values() for t, a in e.items()):
        assert tag not in INTERESTS
        for spelling in (tag, *aliases):
            assert normalize(spelling) not in INTERESTS, spelling


@pytest.mark.parametrize("name", [f"aliases/{lang}.toml" for lang in LANGUAGES] + ["brands.toml"])
def test_every_alias_names_a_known_tag(name: str) -> None:
    unknown = set(load(name)) - INTERESTS - NARROWER
    assert not unknown


def test_the_seven_languages_have_aliases_for_the_common_tags() -> None:
    for lang in LANGUAGES[1:]:
        assert len(load(f"aliases/{lang}.toml")) >= 80, lang


def test_no_canonical_tag_is_filler() -> None:
    vocabulary = default_vocabulary()
    for tag in INTERESTS | NARROWER:
        assert read_text(tag, vocabulary).tags, tag


def test_filler_lists_cover_the_seven_languages() -> None:
    filler = load("filler.toml")
    assert set(filler) == set(LANGUAGES)
    for lang, entry in filler.items():
        assert len(entry["words"]) >= 100, lang


def test_complements_have_both_sides() -> None:
    table = load("complements.toml")
    markers = table.pop("markers")
    assert markers["seek"] and markers["self"]
    for name, entry in table.items():
        assert entry.get("provider_verbs") or entry.get("provider_nouns"), name
        assert entry.get("seeker_verbs") or entry.get("things"), name
        assert all(words(p) for kind in entry.values() for p in kind), name
