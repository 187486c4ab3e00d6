"""Where registration answers become tags: clean tag cells as before, free text through
`interests.read_cell`, reciprocity (`seeks` / `offers`) through `interests.read_roles`,
and an event's own synonyms (`[synonyms]` in the event TOML, `--synonyms FILE`) on top.

Every answer read as free text leaves an `AnswerNote` for the import report: the answer,
the tags it became and the words that matched nothing, so the organizer can correct it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from eventrunner.importing.report import AnswerNote, ImportFailed
from eventrunner.interests import (
    Reading,
    Synonyms,
    Vocabulary,
    default_vocabulary,
    event_topics,
    read_cell,
    read_roles,
    with_spellings,
)
from eventrunner.interests.reciprocity import Column
from eventrunner.textsafe import clean_text

TAG_FIELDS = ("interests", "offers", "seeks")
_PARAGRAPHS = re.compile(r"\n[ \t\r]*\n")


@attrs.define
class AnswerReader:
    """Reads the tag cells of one import, with the event's synonyms, and keeps notes."""

    synonyms: Synonyms
    vocabulary: Vocabulary | None

    @classmethod
    def make(
        cls, synonyms: Synonyms, spellings: Mapping[str, str] | None, *, free_text: bool = True
    ) -> AnswerReader:
        """`free_text=False` (a caller's own synonym table) reads every cell as clean tags."""
        vocabulary: Vocabulary | None = None
        try:
            vocabulary = default_vocabulary() if free_text else None
        except (OSError, ValueError, KeyError):  # a broken install still imports clean tags
            vocabulary = None
        if spellings:
            synonyms = with_spellings(synonyms, spellings)
            if vocabulary is not None:
                vocabulary = vocabulary.extended(spellings)
        return cls(synonyms, vocabulary)

    def read(self, field: str, text: str, where: tuple[str, int | None, str]) -> Answer:
        """What one answer of `field` gives. `where` is (file, line, name)."""
        cleaned = clean_text(text, keep_newlines=True)
        if not cleaned.strip():
            return Answer(field)
        if self.vocabulary is None:
            from eventrunner.interests import parse_tags

            # Not kept as typed: a later reading again would not use this caller's table.
            return Answer(field, parse_tags(cleaned, self.synonyms))
        # Each paragraph is read as an answer of its own: two registrations of one person
        # are kept as one answer, a paragraph each (`rows._merge`), and read as they were.
        reading = sum(
            (
                read_cell(part, self.vocabulary, self.synonyms)
                for part in _PARAGRAPHS.split(cleaned)
                if part.strip()
            ),
            Reading(),
        )
        column: Column = (
            "seeks" if field == "seeks" else "offers" if field == "offers" else "interests"
        )
        roles = read_roles(cleaned, column)
        file, line, name = where
        note = AnswerNote(
            file=file,
            line=line,
            name=name,
            field=field,
            answer=" ".join(cleaned.split()),
            tags=(
                *reading.tags,
                *(f"seeks: {t}" for t in roles.seeks),
                *(f"offers: {t}" for t in roles.offers),
            ),
            unmatched=reading.unmatched,
            typos=reading.typos,
        )
        return Answer(
            field,
            reading.tags,
            note,
            reading.phrases if field == "interests" else (),
            roles.seeks,
            roles.offers,
            reading.free,
            cleaned.strip(),
        )


@attrs.frozen
class Answer:
    """What one answer gives: its tags, its note, candidate topics, and complements."""

    field: str
    """The field it answers (`interests`, `offers`, `seeks`)."""
    tags: tuple[str, ...] = ()
    """Tags for that field."""
    note: AnswerNote | None = None
    """What it became, in words, for the report."""
    phrases: tuple[str, ...] = ()
    """Candidate event topics (interests only)."""
    seeks: tuple[str, ...] = ()
    """Complements it says the writer seeks."""
    offers: tuple[str, ...] = ()
    """Complements it says the writer offers."""
    free: bool = False
    """Whether it was free text (not a clean tag list)."""
    text: str = ""
    """The answer as typed (cleaned), kept with the attendee to be read again later."""


def topics_for(candidates: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """Per person, the event topics among their phrases (see interests.topics)."""
    return event_topics(candidates)


def read_spellings(path: Path) -> dict[str, str]:
    """An event's synonyms from a TOML file: a `[synonyms]` table (or top-level keys) of
    `"spelling" = "tag"`. Raises ImportFailed naming the file and what to fix."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise ImportFailed(str(path), f"cannot be read ({error.strerror or error})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ImportFailed(str(path), f"is not valid TOML ({error}); fix it") from None
    table = data.get("synonyms", data)
    return checked_spellings(str(path), table)


def checked_spellings(file: str, table: object) -> dict[str, str]:
    """`[synonyms]` as spelling -> tag, or ImportFailed saying which entry is wrong."""
    if not isinstance(table, dict):
        raise ImportFailed(file, '[synonyms] must be a table of "spelling" = "tag"')
    result: dict[str, str] = {}
    for spelling, tag in table.items():
        if not isinstance(tag, str) or not tag.strip():
            raise ImportFailed(
                file, f'[synonyms] {spelling!r}: write "spelling" = "tag", e.g. "caps" = "hockey"'
            )
        result[clean_text(spelling)] = clean_text(tag)
    return result
