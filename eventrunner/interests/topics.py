"""Event topics: phrases outside the vocabulary that two or more attendees of one event use.

"Gloomhaven", "the Tuesday running club", "Esperanto poetry": `seeds/` cannot know every
niche game or local club, but when several people of the same event mention it, it is
something they share. The candidates are the phrases `freetext` found that matched nothing
and are not filler; a phrase (or a run of two words or more inside one) that two or more
people use becomes a tag of each of them, spelled as most of them typed it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from eventrunner.interests.vocabulary import text_forms

MIN_PEOPLE = 2


def _key(phrase: str) -> tuple[str, ...]:
    # The shortest form of each word: "clubs" and "club" meet, whatever the language.
    stems = (
        min((f.rpartition(":")[2] for f in text_forms(w)), key=lambda f: (len(f), f))
        for w in phrase.split()
    )
    return tuple(stems)


def _spans(phrase: str) -> list[str]:
    """The phrase and every run of words inside it, longest first."""
    words = phrase.split()
    spans = {
        " ".join(words[start : start + size])
        for size in range(1, len(words) + 1)
        for start in range(len(words) - size + 1)
    }
    return sorted(spans, key=lambda s: (-len(s.split()), s))


def event_topics(candidates: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """Per person (same order), the event topics among their candidate phrases.

    A run of two words or more counts when two people use it, inside longer phrases or not
    ("gwent league" in "tuesday gwent league" and "gwent league finals"); a single word only
    when someone wrote it on its own ("Gwent" and "Gwent tournaments"), so that "chess club"
    and "book club" share no "club".
    """
    people: Counter[tuple[str, ...]] = Counter()
    alone: Counter[tuple[str, ...]] = Counter()
    spelled: dict[tuple[str, ...], Counter[str]] = {}
    for phrases in candidates:
        mine: set[tuple[str, ...]] = set()
        whole: set[tuple[str, ...]] = set()
        for phrase in phrases:
            whole.add(_key(phrase))
            for span in _spans(phrase):
                key = _key(span)
                mine.add(key)
                spelled.setdefault(key, Counter())[span] += 1
        people.update(mine)
        alone.update(whole)

    def topic(key: tuple[str, ...]) -> bool:
        return people[key] >= MIN_PEOPLE and (len(key) > 1 or alone[key] > 0)

    topics: list[tuple[str, ...]] = []
    for phrases in candidates:
        found: list[str] = []
        for phrase in phrases:
            for span in _spans(phrase):  # the longest shared run of each phrase
                key = _key(span)
                if len(span) > 2 and topic(key):
                    found.append(spelled[key].most_common(1)[0][0])
                    break
        topics.append(tuple(dict.fromkeys(found)))
    return topics
