"""Complex text on paper: emoji sequences, right-to-left lines, hyphenation, name order.

The rules come from well-kept libraries rather than our own tables: python-bidi (the Unicode
bidirectional algorithm) says which way a line runs, pyphen (the LibreOffice hyphenation
dictionaries) where a word too long for its box may be broken, and the Unicode collation
algorithm (PyICU with the locale's rules when it is installed, else pyuca's default table)
puts names in the order people look them up. Nothing here draws.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Callable

import pyphen  # type: ignore[import-untyped]  # no stubs
import pyuca  # type: ignore[import-untyped]  # no stubs
from bidi import get_base_level  # type: ignore[import-untyped]  # no stubs

ZWJ = "\u200d"
#: An emoji ZWJ sequence (👩‍💻, 👨‍👩‍👧): pictographs, with their modifiers and selectors,
#: joined by U+200D. No bundled font draws one as a single picture, and printed apart its
#: parts say something else (a woman and a computer), so the whole sequence is left out.
_ZWJ_SEQUENCE = re.compile(
    r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF][\uFE0E\uFE0F\U0001F3FB-\U0001F3FF]*"
    r"(?:\u200d[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2640\u2642\u2695\u2696\u2708"
    r"\u2764][\uFE0E\uFE0F\U0001F3FB-\U0001F3FF]*)+"
)


def zwj_sequences(text: str) -> list[str]:
    """The emoji ZWJ sequences in `text`, in order (each reported once)."""
    if ZWJ not in text:
        return []
    return list(dict.fromkeys(m.group(0) for m in _ZWJ_SEQUENCE.finditer(text)))


def drop_zwj_sequences(text: str) -> str:
    """`text` without its emoji ZWJ sequences (the rest, other emoji included, kept)."""
    if ZWJ not in text:
        return text
    return _ZWJ_SEQUENCE.sub("", text)


@functools.lru_cache(maxsize=8192)
def direction(text: str) -> str:
    """`"rtl"` when the line's first strong letter is right-to-left (an Arabic or Hebrew
    name, a list of them), else `"ltr"`; the bidirectional algorithm's paragraph level."""
    if text.isascii():
        return "ltr"
    return "rtl" if get_base_level(text) == 1 else "ltr"


@functools.cache
def _hyphenator(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=language, left=2, right=2)


def _language() -> str:
    """The hyphenation language: the locale's when pyphen has it, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").split(".")[0]
        if value and value not in ("C", "POSIX"):
            found = pyphen.language_fallback(value)
            if found:
                return str(found)
    return "en_US"


def hyphen_points(word: str) -> list[int]:
    """Where `word` may be broken with a hyphen (positions inside it), by the dictionary."""
    if len(word) < 5 or not any(ch.isalpha() for ch in word):
        return []
    return list(_hyphenator(_language()).positions(word))


def is_wide(ch: str) -> bool:
    """CJK and other East Asian wide characters, which break between any two."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


@functools.cache
def _collator() -> Callable[[str], object]:
    """The locale's collation (PyICU) when installed and the locale is set, else pyuca's
    Default Unicode Collation Element Table, which already puts Łukasz and Øystein
    among the L and O names."""
    name = os.environ.get("LC_ALL") or os.environ.get("LC_COLLATE") or os.environ.get("LANG")
    if name and name.split(".")[0] not in ("C", "POSIX", ""):
        try:
            import icu  # type: ignore[import-not-found,unused-ignore]  # optional

            collator = icu.Collator.createInstance(icu.Locale(name.split(".")[0]))
            return collator.getSortKey  # type: ignore[no-any-return]
        except Exception:  # PyICU missing or the locale unknown: the default table
            pass
    return pyuca.Collator().sort_key  # type: ignore[no-any-return]


def collation_key(text: str) -> object:
    """A sort key ordering names by the Unicode collation algorithm."""
    return _collator()(text)
