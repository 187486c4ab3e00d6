"""Free text -> tags: what a registration answer such as "Into hiking & ML, also a big Caps
fan" or "Wandern und Fotografie" says someone is interested in.

Three passes over the words of an answer:
1. the longest spelling of the vocabulary that starts at each word (multi-word phrases, word
   forms through stems, run-together and hyphenated forms: "start-ups", "boardgames");
2. a typo pass (rapidfuzz) for the words nothing matched: one edit for words of 5-8 letters,
   two for longer ones, same first letter, never for filler;
3. what is left: runs of words that are not filler, reported as "matched nothing" and kept
   as candidate topics of the event (`topics`).

`read_cell` is what the importer calls for one cell: a piece that is already a known tag is
taken exactly as `normalize` takes it, so clean tag lists read as they always did.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from eventrunner.interests.normalize import Synonyms, lookup, normalize, split_tags
from eventrunner.interests.vocabulary import _END, Trie, Vocabulary, fold, text_forms

# A word, or a mark that ends a phrase (no spelling runs across a comma or a full stop).
_TOKEN = re.compile(r"[^\W_]+|[,;|.!?()\[\]/:\n\r&+]")
_MAX_JOIN = 3  # "start-ups", "board games" typed as one word: join up to three words
_TAG_LIKE_WORDS = 4  # a piece of this many words or fewer, with no filler, is a clean tag


@attrs.frozen
class Reading:
    """What one answer (or one piece of it) was read as."""

    tags: tuple[str, ...] = ()
    """Canonical tags found, in order, each once."""
    unmatched: tuple[str, ...] = ()
    """Phrases that are not filler and matched nothing (folded), for the organizer."""
    phrases: tuple[str, ...] = ()
    """The unmatched phrases that may be topics of the event (shared by two or more)."""
    typos: tuple[tuple[str, str], ...] = ()
    """(word as typed, tag it was read as) for every typo corrected."""
    free: bool = False
    """True when some piece was free text rather than a clean tag."""

    def __add__(self, other: Reading) -> Reading:
        return Reading(
            tags=tuple(dict.fromkeys((*self.tags, *other.tags))),
            unmatched=tuple(dict.fromkeys((*self.unmatched, *other.unmatched))),
            phrases=tuple(dict.fromkeys((*self.phrases, *other.phrases))),
            typos=(*self.typos, *other.typos),
            free=self.free or other.free,
        )


@attrs.define
class _Token:
    word: str  # folded; '' for a mark that ends a phrase
    upper: bool  # typed in capitals ("AI", "UX")
    tag: str | None = None
    filler: bool = False
    alt: str = ""  # the vocabulary word a typo is taken for

    def forms(self) -> frozenset[str]:
        # Filler matches only as typed: its stems meet too many words of other languages.
        forms = frozenset({self.word}) if self.filler else text_forms(self.word)
        return forms | text_forms(self.alt) if self.alt else forms


def read_text(text: str, vocabulary: Vocabulary) -> Reading:
    """Read one free-text answer (no splitting at separators first)."""
    tokens = _tokens(text, vocabulary)
    tags = _match(tokens, vocabulary)
    # Typos: a word nothing matched, close to a word of the vocabulary, is read again as
    # that word; the correction stands only if it then completes a spelling.
    corrected = [t for t in tokens if _correct(t, vocabulary)]
    typos: list[tuple[str, str]] = []
    if corrected:
        for token in tokens:
            token.tag = None
        tags = _match(tokens, vocabulary)
        typos = [(t.word, t.tag) for t in corrected if t.tag]
        for token in corrected:
            if not token.tag:
                token.alt = ""
    unmatched, phrases = _leftovers(tokens)
    tags = [t for tag in tags for t in (tag, vocabulary.implies.get(tag)) if t]
    return Reading(
        tags=tuple(dict.fromkeys(tags)),
        unmatched=unmatched,
        phrases=phrases,
        typos=tuple(typos),
        free=True,
    )


def _match(tokens: Sequence[_Token], vocabulary: Vocabulary) -> list[str]:
    tags: list[str] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].word:
            i += 1
            continue
        end, tag = _longest(tokens, i, vocabulary)
        if tag is None:
            i += 1
            continue
        for token in tokens[i:end]:
            token.tag = tag
        tags.append(tag)
        i = end
    return tags


def read_cell(text: str, vocabulary: Vocabulary, synonyms: Synonyms | None = None) -> Reading:
    """Read a cell: clean tags as `normalize` reads them, free text through `read_text`.

    A cell whose every piece is a known tag or looks like one (a few words, no filler) is a
    clean tag list: a piece the vocabulary only partly knows ("underwater hockey") stays the
    tag it always was. In a cell of sentences, every piece is read as free text.
    """
    pieces = split_tags(text)
    known = [lookup(piece, synonyms) for piece in pieces]
    clean = all(
        tag or _tag_like(piece, vocabulary) for piece, tag in zip(pieces, known, strict=True)
    )
    total = Reading()
    for piece, tag in zip(pieces, known, strict=True):
        if tag:
            total += Reading(tags=(tag,))
            continue
        reading = read_text(piece, vocabulary)
        if clean and (reading.unmatched or not reading.tags):
            # An unknown topic typed as a tag ("underwater hockey") stays a tag, as before;
            # it is also a phrase that others may have written in a sentence ("Gwent").
            kept = normalize(piece, synonyms)
            words = " ".join(w for w in _TOKEN.findall(fold(piece)) if w[0].isalnum())
            total += Reading(tags=(kept,), phrases=(words,) if words else ()) if kept else Reading()
        else:
            total += reading
    return total


def _tag_like(piece: str, vocabulary: Vocabulary) -> bool:
    # "C++" and "C#" are tags; "&", "." or "!" inside a piece make it a phrase.
    words = _TOKEN.findall(fold(piece).replace("+", "").replace("#", ""))
    if len(words) == 1:
        return len(words[0]) < 3 or not vocabulary.is_filler(words[0])
    return len(words) <= _TAG_LIKE_WORDS and not any(
        vocabulary.is_filler(w) or not w.isalnum() for w in words
    )


def _tokens(text: str, vocabulary: Vocabulary) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        if not raw[0].isalnum():
            tokens.append(_Token("", False))
            continue
        word = fold(raw)
        upper = len(raw) > 1 and raw.isupper()
        tokens.append(_Token(word, upper, filler=vocabulary.is_filler(word)))
    return tokens


def _longest(
    tokens: Sequence[_Token], start: int, vocabulary: Vocabulary
) -> tuple[int, str | None]:
    """(end, tag) of the longest spelling starting at `start` (end exclusive)."""
    best: tuple[int, str | None] = (start, None)
    # A word typed as in the vocabulary beats a stem: "catan" is a board game, not a cat.
    first = tokens[start]
    memo = vocabulary.step_memo
    key = (first.word, first.alt, first.filler)
    nodes = memo.get(key)
    if nodes is None:  # the first step from the root, the same for every answer
        nodes = memo[key] = _step([(vocabulary.trie, 0)], first)
    j = start + 1
    ends = [(exact, node[_END]) for node, exact in nodes if _END in node]
    if ends and _allowed(tokens, start, j, vocabulary):
        best = (j, max(ends, key=lambda e: e[0])[1])
    while nodes and j < len(tokens) and tokens[j].word:
        nodes = _step(nodes, tokens[j])
        j += 1
        ends = [(exact, node[_END]) for node, exact in nodes if _END in node]
        if ends and _allowed(tokens, start, j, vocabulary):
            best = (j, max(ends, key=lambda e: e[0])[1])
    # Run-together and hyphenated forms: "start-ups" as "startups", "board games" typed apart.
    joined = ""
    for k in range(start, min(start + _MAX_JOIN, len(tokens))):
        if not tokens[k].word or (tokens[k].filler and len(tokens[k].word) <= 3):
            break  # "et le" is no "etl"; "Brett-Spiele" still "brettspiele"
        joined += tokens[k].word
        if k > start and k + 1 > best[0]:
            tag = memo.get(joined, "")
            if tag == "":
                tag = memo[joined] = _whole_word(joined, vocabulary)
            if tag is not None:
                best = (k + 1, tag)
    return best


def _step(nodes: list[tuple[Trie, int]], token: _Token) -> list[tuple[Trie, int]]:
    # Each path remembers how many of its words matched as typed, not through a stem.
    forms = token.forms()
    return [
        (child, exact + (f in (token.word, token.alt)))
        for node, exact in nodes
        for f in forms
        if (child := node.get(f)) is not None
    ]


def _whole_word(word: str, vocabulary: Vocabulary) -> str | None:
    for f in text_forms(word):
        entry: Trie | None = vocabulary.trie.get(f)
        if entry is not None and _END in entry:
            return str(entry[_END])
    return None


def _allowed(tokens: Sequence[_Token], start: int, end: int, vocabulary: Vocabulary) -> bool:
    # "ai" is Italian for "to the", "it" English: such short spellings count in capitals only.
    if end - start == 1 and tokens[start].word in vocabulary.short:
        return tokens[start].upper
    return True


def _correct(token: _Token, vocabulary: Vocabulary) -> bool:
    """Give an unmatched word the vocabulary word it is most likely a typo of."""
    word = token.word
    if token.tag or token.filler or len(word) < 5 or not word.isalpha():
        return False
    if word in vocabulary.known_words:
        return False
    candidates = vocabulary.typo_words.get(word[0], ())
    limit = 1 if len(word) <= 8 else 2
    hit = process.extractOne(word, candidates, scorer=Levenshtein.distance, score_cutoff=limit)
    if hit is None:
        return False
    token.alt = hit[0]
    return True


def _leftovers(tokens: Sequence[_Token]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Runs of unmatched words that are not filler; those not glued to a tag may be topics."""
    unmatched: list[str] = []
    phrases: list[str] = []
    run: list[str] = []
    glued = False
    previous: _Token | None = None
    for token in (*tokens, _Token("", False)):
        if token.word and not token.tag and not token.filler:
            if not run:
                glued = previous is not None and previous.tag is not None
            run.append(token.word)
        else:
            if run:
                phrase = " ".join(run)
                unmatched.append(phrase)
                # "hiking trips": "trips" only qualifies "hiking", it is no topic of its own.
                if not glued and not token.tag:
                    phrases.append(phrase)
                run = []
        previous = token
    return tuple(dict.fromkeys(unmatched)), tuple(dict.fromkeys(phrases))
