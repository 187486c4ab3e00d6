"""Who shares what: the default affinity of PRODUCT.md, what a pair or table has in common
(the words of cards, the console and the plan's `shared`), and the weights the scheduler uses.

`affinity` stays the contract: shared interests plus seeks met by offers, both directions.
Related topics (`related`) add half the weight of the same topic to the scheduler's weights
and their own words to `shared`, but never change `affinity` or the figures reported.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from eventrunner.interests.related import related_matrix, related_shared
from eventrunner.model import Attendee

#: Identical interests weigh this many units in the scheduler's weights; a related one, one.
RELATED_SCALE = 2


def shared_interests(a: Attendee, b: Attendee) -> list[str]:
    """What two people have in common: shared interests, offer/seek matches, then related
    topics in words ("machine learning (computer vision)")."""
    theirs = set(b.interests)
    common = [tag for tag in a.interests if tag in theirs]
    for seeker, offerer in ((a, b), (b, a)):
        offered = set(offerer.offers)
        common.extend(tag for tag in seeker.seeks if tag in offered)
    common.extend(related_shared(a.interests, b.interests))
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


def pair_weights(
    attendees: Sequence[Attendee], exact: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], int]:
    """The scheduler's integer weights and their unit, from the default affinity matrix.

    Without related topics among these attendees this is `exact` itself with unit 1, so a
    clean tag list plans exactly as it always did. Otherwise each identical interest weighs
    RELATED_SCALE and each broader tag shared only through related topics weighs 1; the unit
    (RELATED_SCALE) turns a bound on the weights back into a bound on the default affinity.
    """
    related = related_matrix([a.interests for a in attendees])
    if not related.any():
        return exact, 1
    return exact * RELATED_SCALE + related, RELATED_SCALE
