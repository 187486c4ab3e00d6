"""Normalization of clean tags: case-fold, strip `#`/`@`, collapse punctuation, synonyms.

PRODUCT.md's normalization, exactly as it was before free text was read: a cell already made
of tags goes through here and nothing else, so it plans as it always did. Free-text answers
are `freetext`'s job; this module knows nothing of sentences, languages or scheduling.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import attrs

from eventrunner.resources import seed_file

_TAG_SEPARATORS = re.compile(r"[;,|\n\r]+")
_BEFORE_HASHTAG = re.compile(r"\s+(?=#)")
_PUNCTUATION_RUN = re.compile(r"[\W_]+")


@attrs.frozen
class Synonyms:
    """The synonym and category table: every known spelling maps to one canonical tag."""

    canonical: Mapping[str, str]
    """Known spelling (already case-folded and collapsed) -> canonical tag."""
    category: Mapping[str, str]
    """Canonical tag -> its category (e.g. `technology`)."""

    @classmethod
    def from_toml(cls, path: Path) -> Synonyms:
        """Read a table whose sections are categories and whose keys are canonical tags.

        ```toml
        [technology]
        "machine learning" = ["ml", "machinelearning"]
        ```
        """
        with path.open("rb") as f:
            data = tomllib.load(f)
        canonical: dict[str, str] = {}
        category: dict[str, str] = {}
        loose: list[tuple[str, str]] = []
        for section, entries in data.items():
            for tag, aliases in entries.items():
                tag_key = _spaced(tag)
                category[tag_key] = section
                for spelling in (tag, *aliases):
                    canonical.setdefault(_spaced(spelling), tag_key)
                    loose.append((_collapse(spelling), tag_key))
        # Punctuation-free and run-together forms ("#HRTech" arrives as "hrtech") only fill
        # gaps: an exact spelling such as "c" must not be taken over by "c++".
        for key, tag_key in loose:
            canonical.setdefault(key, tag_key)
            canonical.setdefault(key.replace(" ", ""), tag_key)
        return cls(canonical=canonical, category=category)

    @classmethod
    def empty(cls) -> Synonyms:
        """No synonyms at all: normalization only folds case and punctuation."""
        return cls(canonical={}, category={})


@functools.cache
def default_synonyms() -> Synonyms:
    """The table shipped in seeds/interests.toml (read once)."""
    return Synonyms.from_toml(seed_file("interests.toml"))


def _spaced(text: str) -> str:
    """Case-fold, drop `#`/`@` and collapse whitespace, keeping other punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.replace("#", "").replace("@", "").split())


def _collapse(text: str) -> str:
    """Case-fold, drop `#`/`@`, and turn every run of punctuation or space into one space."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("#", " ").replace("@", " ")
    return _PUNCTUATION_RUN.sub(" ", folded).strip()


def lookup(raw: str, synonyms: Synonyms | None = None) -> str | None:
    """The canonical tag when `raw` is a known spelling of one, else None."""
    table = default_synonyms() if synonyms is None else synonyms
    spaced = _spaced(raw)
    if spaced in table.canonical:
        return table.canonical[spaced]
    return table.canonical.get(_collapse(raw))


def with_spellings(synonyms: Synonyms, spellings: Mapping[str, str]) -> Synonyms:
    """`synonyms` plus an event's own spellings (spelling -> tag), which take precedence."""
    canonical = dict(synonyms.canonical)
    for spelling, tag in spellings.items():
        target = canonical.get(_spaced(tag), _collapse(tag))
        for key in (_spaced(spelling), _collapse(spelling)):
            canonical[key] = target
            canonical[key.replace(" ", "")] = target
    return attrs.evolve(synonyms, canonical=canonical)


def normalize(raw: str, synonyms: Synonyms | None = None) -> str:
    """The canonical tag for what someone typed ('' when nothing is left)."""
    table = default_synonyms() if synonyms is None else synonyms
    spaced = _spaced(raw)
    # "C++" and "C#" keep their meaning only before punctuation is collapsed.
    if spaced in table.canonical:
        return table.canonical[spaced]
    collapsed = _collapse(raw)
    return table.canonical.get(collapsed, collapsed)


def split_tags(text: str) -> list[str]:
    """Split a cell of tags on `;` `,` `|` or newlines (and before each `#hashtag`)."""
    pieces: list[str] = []
    for part in _TAG_SEPARATORS.split(text):
        pieces.extend(p.strip() for p in _BEFORE_HASHTAG.split(part.strip()))
    return [p for p in pieces if p]


def parse_tags(text: str, synonyms: Synonyms | None = None) -> tuple[str, ...]:
    """Split and normalize a cell of tags, each once, in the order given."""
    tags = (normalize(piece, synonyms) for piece in split_tags(text))
    return tuple(dict.fromkeys(t for t in tags if t))
