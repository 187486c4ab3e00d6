"""Conversation openers for a shared interest, from seeds/icebreakers.toml.

The most specific opener wins: one written for the interest itself, else one for its
category (`interests.default_synonyms().category`), else a generic one. Among the one to
three openers of a list, the choice is stable for the same table (a hash, not `random`), so
a reprint gives the same card and neighbouring tables do not all read the same question.
"""

from __future__ import annotations

import functools
import tomllib
import zlib
from collections.abc import Mapping, Sequence

import attrs

from eventrunner.interests import default_synonyms
from eventrunner.printing.errors import PrintError
from eventrunner.resources import seed_file


@attrs.frozen
class Openers:
    """The icebreaker table."""

    generic: tuple[str, ...] = ()
    """For any two people."""
    categories: Mapping[str, tuple[str, ...]] = attrs.Factory(dict)
    """Category -> openers."""
    interests: Mapping[str, tuple[str, ...]] = attrs.Factory(dict)
    """Canonical interest tag -> openers."""

    def all_texts(self) -> list[str]:
        """Every opener (for the font check)."""
        lists = [self.generic, *self.categories.values(), *self.interests.values()]
        return [text for texts in lists for text in texts]


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str) and v.strip())
    return ()


@functools.cache
def load_openers() -> Openers:
    """The shipped table (read once); empty when the seed file is missing."""
    path = seed_file("icebreakers.toml")
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        return Openers()
    except tomllib.TOMLDecodeError as exc:
        raise PrintError(f"{path}: not valid TOML ({exc}); fix the seed file") from exc

    def table(name: str) -> dict[str, tuple[str, ...]]:
        section = data.get(name, {})
        if not isinstance(section, dict):
            return {}
        return {str(k): _strings(v) for k, v in section.items() if _strings(v)}

    return Openers(_strings(data.get("generic")), table("categories"), table("interests"))


def opener(shared: Sequence[str], salt: str, openers: Openers | None = None) -> tuple[str, str]:
    """(question, the interest it is about, '' for a generic one) for people sharing `shared`."""
    book = load_openers() if openers is None else openers
    for tag in shared:
        if book.interests.get(tag):
            return _pick(book.interests[tag], f"{salt}:{tag}"), tag
    category = default_synonyms().category
    for tag in shared:
        texts = book.categories.get(category.get(tag, ""))
        if texts:
            return _pick(texts, f"{salt}:{tag}"), tag
    if book.generic:
        return _pick(book.generic, salt), ""
    return "", ""


def options(shared: Sequence[str], salt: str, openers: Openers | None = None) -> list[str]:
    """Every opener that suits people sharing `shared`, best first: for the interests, then
    their categories, then generic ones; each list rotated by the stable hash of `salt`, so
    its first choice is `opener`'s."""
    book = load_openers() if openers is None else openers
    category = default_synonyms().category
    found: list[str] = []
    for tag in shared:
        found += _rotated(book.interests.get(tag, ()), f"{salt}:{tag}")
    for tag in shared:
        found += _rotated(book.categories.get(category.get(tag, ""), ()), f"{salt}:{tag}")
    found += _rotated(book.generic, salt)
    return list(dict.fromkeys(found))


def _rotated(texts: Sequence[str], salt: str) -> list[str]:
    if not texts:
        return []
    start = zlib.crc32(salt.encode("utf-8")) % len(texts)
    return [*texts[start:], *texts[:start]]


def _pick(texts: Sequence[str], salt: str) -> str:
    return texts[zlib.crc32(salt.encode("utf-8")) % len(texts)]
