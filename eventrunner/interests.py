"""Interests: turning what people typed into comparable tags, and scoring who shares what.

Normalization (PRODUCT.md): case-fold, strip `#`/`@`, collapse whitespace and punctuation,
then apply the synonym table of `seeds/interests.toml`. The default affinity of a pair is the
number of shared interests plus the `seeks` of one found in the `offers` of the other (both
directions); a table's affinity is the sum over its pairs.

This module knows nothing of files other than the seed table, and nothing of scheduling.
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from eventrunner.model import Attendee
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


def shared_interests(a: Attendee, b: Attendee) -> list[str]:
    """What two people have in common: shared interests, then offer/seek matches."""
    common = [tag for tag in a.interests if tag in set(b.interests)]
    for seeker, offerer in ((a, b), (b, a)):
        offered = set(offerer.offers)
        common.extend(tag for tag in seeker.seeks if tag in offered)
    return list(dict.fromkeys(common))


def affinity(a: Attendee, b: Attendee) -> int:
    """The default affinity of a pair (PRODUCT.md)."""
    score = len(set(a.interests) & set(b.interests))
    score += len(set(a.seeks) & set(b.offers))
    score += len(set(b.seeks) & set(a.offers))
    return score


def table_affinity(people: Sequence[Attendee]) -> int:
    """The default affinity of a table: the sum over its pairs."""
    return sum(affinity(a, b) for a, b in itertools.combinations(people, 2))


def table_shared(people: Sequence[Attendee]) -> list[str]:
    """What a table shares: tags common to at least two of its people, most shared first."""
    counts: Counter[str] = Counter()
    for a, b in itertools.combinations(people, 2):
        counts.update(shared_interests(a, b))
    return [tag for tag, _ in counts.most_common()]


def popularity(attendees: Iterable[Attendee]) -> Counter[str]:
    """How many attendees list each interest."""
    counts: Counter[str] = Counter()
    for person in attendees:
        counts.update(set(person.interests))
    return counts
