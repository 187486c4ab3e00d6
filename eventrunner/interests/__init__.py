"""Interests: turning what people typed into comparable tags, and scoring who shares what.

The face of the package; its parts:
- `normalize`: clean tags as PRODUCT.md normalizes them (case, `#`/`@`, punctuation,
  the synonym table of seeds/interests.toml): `normalize`, `parse_tags`, `Synonyms`;
- `vocabulary`: every spelling of every tag in seven languages, stemmed, from seeds/;
- `freetext`: answers in sentences -> tags, words that matched nothing, typos;
- `topics`: phrases several attendees of one event share become topics of that event;
- `related`: related (not identical) topics, with less weight, in the cards' words;
- `reciprocity`: "looking for investors" / "angel investor" -> seeks / offers complements;
- `affinity`: the default affinity, what people share, the scheduler's weights.
Nothing here reads files other than seeds/, or knows of importing, storing or scheduling.
"""

from __future__ import annotations

from eventrunner.interests.affinity import (
    RELATED_SCALE,
    affinity,
    pair_weights,
    popularity,
    shared_interests,
    table_affinity,
    table_shared,
)
from eventrunner.interests.freetext import Reading, read_cell, read_text
from eventrunner.interests.normalize import (
    Synonyms,
    default_synonyms,
    lookup,
    normalize,
    parse_tags,
    split_tags,
    with_spellings,
)
from eventrunner.interests.reciprocity import Roles, read_roles
from eventrunner.interests.related import related_shared
from eventrunner.interests.topics import event_topics
from eventrunner.interests.vocabulary import Vocabulary, default_vocabulary

__all__ = [
    "RELATED_SCALE",
    "Reading",
    "Roles",
    "Synonyms",
    "Vocabulary",
    "affinity",
    "default_synonyms",
    "default_vocabulary",
    "event_topics",
    "lookup",
    "normalize",
    "pair_weights",
    "parse_tags",
    "popularity",
    "read_cell",
    "read_roles",
    "read_text",
    "related_shared",
    "shared_interests",
    "split_tags",
    "table_affinity",
    "table_shared",
    "with_spellings",
]
