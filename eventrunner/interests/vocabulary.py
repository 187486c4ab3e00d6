"""The vocabulary free text is read against: every spelling of every tag, in seven languages.

Built once from `seeds/`: the canonical tags and aliases of `interests.toml` (English), the
narrower topics of `related.toml` (each under a broader tag), the aliases of
`aliases/<lang>.toml` (German, French, Spanish, Italian, Portuguese, Dutch, more English), the
team, brand and product names of `brands.toml`, and the filler words of `filler.toml` that
never become a tag. An event's own synonyms are added on top (`Vocabulary.extended`).

Words are compared by their *forms*: the word case-folded with accents dropped, and its
Snowball stem in each of the seven languages (PyStemmer: no data to load, no start-up cost),
so "hikes", "hiking" and "hike" meet, as do "Wanderungen" and "Wanderung". A spelling is
stored in a trie of forms; `freetext` walks it. Nothing here reads attendees or plans.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import Stemmer

from eventrunner.resources import seed_file

LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")
_STEMMER_NAMES = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
}
_WORD = re.compile(r"[^\W_]+")
_END = "\0"  # trie key of the tag a path spells

Trie = dict[str, Any]


@functools.cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMER_NAMES[lang])


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case-fold and drop accents ("Fotografía" -> "fotografia", "Fußball" -> "fussball")."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of `text` (letters and digits; everything else separates)."""
    return _WORD.findall(fold(text))


@functools.lru_cache(maxsize=200_000)
def text_forms(word: str) -> frozenset[str]:
    """Every form a folded word of an answer may take: itself, and its stem in each language
    marked with the language ("de:wander"), so a stem only meets a stem of its own language:
    Portuguese "jogos" is no English "jog", French "les" no German "lesen"."""
    return frozenset({word, *(f"{lang}:{_stemmer(lang).stemWord(word)}" for lang in LANGUAGES)})


def spelling_forms(word: str, lang: str | None) -> frozenset[str]:
    """The forms of a folded word of the vocabulary: itself and its stem in its language
    (none for names, which only match as typed: "Mets" is no "met")."""
    if lang is None:
        return frozenset({word})
    return frozenset({word, f"{lang}:{_stemmer(lang).stemWord(word)}"})


@attrs.frozen(eq=False)
class Vocabulary:
    """Spellings (as a trie of word forms), related topics and filler words."""

    trie: Trie
    """Nested dicts: form -> next level; `\\0` holds the tag a complete spelling stands for."""
    spellings: Mapping[str, str]
    """Folded spelling (words joined by one space) -> tag: what typos are matched against."""
    broader: Mapping[str, str]
    """Narrower topic -> its broader tag (`computer vision` -> `machine learning`)."""
    filler: frozenset[str]
    """Forms of words that never become a tag or a topic on their own."""
    short: frozenset[str]
    """Short spellings that are also filler in some language ("ai", "it", "ar"): they count
    only when typed in capitals (`AI`, `IT`, `AR`)."""
    category: Mapping[str, str]
    """Tag -> its category, for icebreakers and the organizer's view."""
    implies: Mapping[str, str] = attrs.field(factory=dict)
    """Tag -> the broader topic a name also stands for (`capitals` -> `hockey`)."""
    filler_memo: dict[str, bool] = attrs.field(factory=dict, repr=False)
    """Words already looked up by `is_filler` (the same few hundred words recur)."""
    step_memo: dict[Any, Any] = attrs.field(factory=dict, repr=False)
    """First steps into the trie and run-together words already looked up (`freetext`)."""
    known_words: frozenset[str] = frozenset()
    """Every folded word of every spelling."""
    typo_words: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    """First letter -> the words of 5 letters or more a typo may be taken for."""

    @classmethod
    def from_seeds(cls) -> Vocabulary:
        """The vocabulary of `seeds/` (read once per process through `default_vocabulary`)."""
        interests = _load("interests.toml")
        related = _load("related.toml")
        builder = _Builder(_filler(_load("filler.toml")))
        for section, entries in interests.items():
            for tag, aliases in entries.items():
                builder.category[tag] = section
                builder.add(tag, (tag, *aliases), "en")
        for broad, entries in related.items():
            for tag, aliases in entries.items():
                builder.broader[tag] = broad
                builder.category.setdefault(tag, builder.category.get(broad, ""))
                builder.add(tag, (tag, *aliases), "en")
        for lang in LANGUAGES:
            for tag, aliases in _load(f"aliases/{lang}.toml").items():
                builder.add(tag, aliases, lang)
        for tag, names in _load("brands.toml").items():
            for name in names:
                # A team that is a tag of its own still tells its sport ("Caps" -> hockey).
                known = builder.spellings.get(" ".join(words(name)))
                if known is not None and known != tag:
                    builder.implies.setdefault(known, tag)
            builder.add(tag, names, None)
        return builder.build()

    def extended(self, spellings: Mapping[str, str]) -> Vocabulary:
        """This vocabulary plus an event's own synonyms (spelling -> tag), which win."""
        builder = _Builder(self.filler)
        builder.trie = _copy(self.trie)
        builder.spellings = dict(self.spellings)
        builder.broader = dict(self.broader)
        builder.category = dict(self.category)
        builder.short = set(self.short)
        builder.implies = dict(self.implies)
        for spelling, tag in spellings.items():
            builder.add(" ".join(words(tag)), (spelling,), "en", override=True)
        return builder.build()

    def is_filler(self, word: str) -> bool:
        """Whether a folded word is filler in one of the languages."""
        found = self.filler_memo.get(word)
        if found is None:
            found = bool(text_forms(word) & self.filler) or word.isdigit() or len(word) == 1
            self.filler_memo[word] = found
        return found


class _Builder:
    def __init__(self, filler: frozenset[str]) -> None:
        self.trie: Trie = {}
        self.spellings: dict[str, str] = {}
        self.broader: dict[str, str] = {}
        self.category: dict[str, str] = {}
        self.filler = filler
        self.short: set[str] = set()
        self.implies: dict[str, str] = {}

    def add(
        self, tag: str, spellings: Iterable[str], lang: str | None, *, override: bool = False
    ) -> None:
        for spelling in spellings:
            parts = words(spelling)
            if not parts:
                continue
            key = " ".join(parts)
            if len(parts) == 1 and len(key) <= 3 and (text_forms(key) & self.filler):
                self.short.add(key)
            self.spellings.setdefault(key, tag)
            if override:
                self.spellings[key] = tag
            variants = [[spelling_forms(p, lang) for p in parts]]
            # "board games" is also typed "boardgames"; "d i" (D&I) must not become "di".
            if len(parts) > 1 and len("".join(parts)) >= 5:
                variants.append([spelling_forms("".join(parts), lang)])
            for variant in variants:
                self._insert(variant, tag, override)

    def _insert(self, levels: list[frozenset[str]], tag: str, override: bool) -> None:
        nodes = [self.trie]
        for forms in levels:
            nodes = [node.setdefault(form, {}) for node in nodes for form in forms]
        for node in nodes:
            if override or _END not in node:
                node[_END] = tag

    def build(self) -> Vocabulary:
        known = frozenset(w for key in self.spellings for w in key.split())
        typo_words: dict[str, list[str]] = {}
        for word in sorted(known):
            if len(word) >= 5 and word.isalpha():
                typo_words.setdefault(word[0], []).append(word)
        return Vocabulary(
            known_words=known,
            typo_words={k: tuple(v) for k, v in typo_words.items()},
            trie=self.trie,
            spellings=self.spellings,
            broader=self.broader,
            filler=self.filler,
            short=frozenset(self.short),
            implies=self.implies,
            category=self.category,
        )


def _copy(trie: Trie) -> Trie:
    return {k: (_copy(v) if isinstance(v, dict) else v) for k, v in trie.items()}


def _load(name: str) -> dict[str, Any]:
    path: Path = seed_file(name)
    with path.open("rb") as f:
        return tomllib.load(f)


def _filler(table: Mapping[str, Any]) -> frozenset[str]:
    forms: set[str] = set()
    for lang, entries in table.items():
        for entry in entries.get("words", ()):
            for word in words(entry):
                forms |= spelling_forms(word, lang if lang in LANGUAGES else "en")
    return frozenset(forms)


@functools.cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary of `seeds/`, read once."""
    return Vocabulary.from_seeds()
