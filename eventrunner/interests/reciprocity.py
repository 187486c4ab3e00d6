"""Reciprocity from free text: "looking for investors for our seed round", "hiring
engineers", "happy to mentor" -> `seeks` / `offers` tags that complement each other.

`seeds/complements.toml` lists each complement (funding, jobs, mentoring, customers,
cofounders) with the phrasings of its two sides. A founder raising money ends up with
`funding` in `seeks`, an angel investor with `funding` in `offers`, so the default affinity
(seeks of one in the offers of the other) brings them together. Which side a phrase puts the
writer on comes from the phrase itself ("hiring", "open to work"), else from a marker before
it ("looking for an angel investor", "I am an angel investor"), else from the question it
answers (`seeks`, `offers`, `interests`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from eventrunner.interests.freetext import _TOKEN, _longest, _Token
from eventrunner.interests.vocabulary import Vocabulary, _Builder, _load, fold

Column = Literal["interests", "seeks", "offers"]
_SEP = "\x1f"
_KINDS = ("provider_verbs", "seeker_verbs", "provider_nouns", "seeker_nouns", "things")


@attrs.frozen
class Roles:
    """The complement tags one answer puts in `seeks` and in `offers`."""

    seeks: tuple[str, ...] = ()
    """Complements the writer looks for."""
    offers: tuple[str, ...] = ()
    """Complements the writer provides."""


@functools.cache
def complements() -> Vocabulary:
    """The phrasings of `seeds/complements.toml` as a vocabulary of `tag\\x1fkind` entries."""
    return _complements(_load("complements.toml"))


def _complements(table: Mapping[str, Any]) -> Vocabulary:
    builder = _Builder(frozenset())
    markers = table.get("markers", {})
    for marker in ("seek", "self"):
        for lang in ("en", "de", "fr", "es", "it", "pt", "nl"):
            builder.add(f"{_SEP}{marker}", markers.get(marker, ()), lang)
    for tag, entry in table.items():
        if tag == "markers":
            continue
        for kind in _KINDS:
            for lang in ("en", "de", "fr", "es", "it", "pt", "nl"):
                builder.add(f"{tag}{_SEP}{kind}", entry.get(kind, ()), lang)
    return builder.build()


def read_roles(text: str, column: Column) -> Roles:
    """What an answer to the `column` question says the writer seeks and offers."""
    vocabulary = complements()
    tokens = [_Token(fold(raw) if raw[0].isalnum() else "", False) for raw in _TOKEN.findall(text)]
    seeks: list[str] = []
    offers: list[str] = []
    marker = ""
    i = 0
    while i < len(tokens):
        if not tokens[i].word:
            marker = ""  # a marker reaches to the end of its phrase
            i += 1
            continue
        end, found = _longest(tokens, i, vocabulary)
        if found is None:
            i += 1
            continue
        i = end
        tag, kind = found.split(_SEP)
        if not tag:
            marker = kind
            continue
        side = _side(kind, marker, column)
        if side == "seeker":
            seeks.append(tag)
        elif side == "provider":
            offers.append(tag)
    return Roles(seeks=tuple(dict.fromkeys(seeks)), offers=tuple(dict.fromkeys(offers)))


def _side(kind: str, marker: str, column: Column) -> str:
    if kind == "provider_verbs":
        return "provider"
    if kind == "seeker_verbs":
        return "seeker"
    if marker == "seek":  # "looking for an angel investor", "need a mentor"
        return "provider" if kind == "seeker_nouns" else "seeker"
    if marker == "self" or column == "interests":  # "I am an angel investor", "job seeker"
        return {"provider_nouns": "provider", "seeker_nouns": "seeker"}.get(kind, "")
    if column == "seeks":
        # Looking for engineers means offering jobs; looking for investors, seeking funding.
        return "provider" if kind == "seeker_nouns" else "seeker"
    if column == "offers":
        return "" if kind == "seeker_nouns" else "provider"
    return ""
