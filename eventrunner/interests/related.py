"""Related, not identical: two people whose topics share a broader tag have something in
common, with less weight than the same topic, and it is said in the broader tag's words.

`seeds/related.toml` puts narrower topics under broader tags ("computer vision" under
"machine learning"). One attendee's "machine learning" and another's "computer vision", or
"computer vision" and "natural language processing", are related under "machine learning";
the card says "machine learning (computer vision)". A broader tag already shared exactly
adds nothing more. Clean tag lists of interests.toml alone have no narrower topics, so
nothing here changes how they plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from eventrunner.interests.vocabulary import default_vocabulary


def broader() -> Mapping[str, str]:
    """Narrower topic -> broader tag, from seeds/related.toml."""
    try:
        return default_vocabulary().broader
    except (OSError, ValueError):  # a broken install: nothing is related, plans still work
        return {}


def _families(tags: Iterable[str], up: Mapping[str, str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for tag in tags:
        head = up.get(tag)
        if head is not None:
            found.setdefault(head, set()).add(tag)
        elif tag in _heads(up):
            found.setdefault(tag, set()).add(tag)
    return found


_HEADS: dict[int, tuple[Mapping[str, str], frozenset[str]]] = {}


def _heads(up: Mapping[str, str]) -> frozenset[str]:
    """The broader tags of `up`, computed once per table (the seeds' table is read once)."""
    cached = _HEADS.get(id(up))
    if cached is None or cached[0] is not up:
        cached = _HEADS[id(up)] = (up, frozenset(up.values()))
    return cached[1]


def related_shared(
    a: Sequence[str], b: Sequence[str], up: Mapping[str, str] | None = None
) -> list[str]:
    """What two interest lists share through a broader tag: "machine learning (computer vision)"."""
    up = broader() if up is None else up
    mine, theirs = _families(a, up), _families(b, up)
    said: list[str] = []
    for head in mine.keys() & theirs.keys():
        if mine[head] & theirs[head]:
            continue  # the same topic is already shared exactly
        narrower = sorted((mine[head] | theirs[head]) - {head})
        said.append(f"{head} ({' / '.join(narrower)})")
    return sorted(said)


def related_matrix(interests: Sequence[Sequence[str]]) -> npt.NDArray[np.int64]:
    """n x n: how many broader tags each pair shares only through related topics."""
    n = len(interests)
    result = np.zeros((n, n), dtype=np.int64)
    up = broader()
    if not up:
        return result
    members: dict[str, dict[int, set[str]]] = {}
    for i, tags in enumerate(interests):
        for head, family in _families(tags, up).items():
            members.setdefault(head, {})[i] = family
    for family_members in members.values():
        if len(family_members) < 2:
            continue
        people = sorted(family_members)
        tags = sorted(set().union(*family_members.values()))
        column = {t: k for k, t in enumerate(tags)}
        incidence = np.zeros((len(people), len(tags)), dtype=np.float64)
        for row, person in enumerate(people):
            for tag in family_members[person]:
                incidence[row, column[tag]] = 1
        same = (incidence @ incidence.T) > 0.5
        related = ~same
        idx = np.asarray(people)
        result[np.ix_(idx, idx)] += related.astype(np.int64)
    np.fill_diagonal(result, 0)
    return result
