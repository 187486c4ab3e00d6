"""What an import tells the organizer: the records of `eventrunner.importing`'s answer.

`RowProblem` (a row kept out, and why), `ImportFailed` (the file cannot be used at all) and
`ImportReport` (what was read, how, and what was merged or refused). Every message is one
line that says what is wrong, where, and what to do.
"""

from __future__ import annotations

from collections import Counter

import attrs

from eventrunner.importing.text import delimiter_name
from eventrunner.model import Attendee
from eventrunner.textsafe import clean_text


def _one_line(text: str) -> str:
    # Messages quote what people typed: never let that act on the terminal.
    return " ".join(clean_text(text).split())


def place(file: str, line: int | None = None, field: str | None = None) -> str:
    """`registrations.csv, line 7, field email`: where something is."""
    parts = [file]
    if line is not None:
        parts.append(f"line {line}")
    if field:
        parts.append(f"field {field}")
    return ", ".join(parts)


@attrs.frozen
class RowProblem:
    """A row (or inline attendee) kept out of the import, and the reason."""

    file: str
    """The file as the organizer named it."""
    line: int | None
    """Line in the file, from 1 (None when unknown)."""
    field: str | None
    """Our field name (`email`, `share`, ...) when one cell is the cause."""
    message: str
    """What is wrong and what to do, in words."""

    def __str__(self) -> str:
        return _one_line(f"{place(self.file, self.line, self.field)}: {self.message}")


class ImportFailed(Exception):
    """The file cannot be used at all; nothing was imported from it."""

    def __init__(self, file: str, message: str, *, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(_one_line(f"{place(file, line)}: {message}"))


@attrs.frozen
class AnswerNote:
    """One free-text answer and what it became, for the organizer to check."""

    file: str
    """The file it comes from."""
    line: int | None
    """Its line there."""
    name: str
    """Whose answer it is."""
    field: str
    """`interests`, `offers` or `seeks`."""
    answer: str
    """The answer as typed (on one line)."""
    tags: tuple[str, ...]
    """The tags it became (`seeks: funding` for a tag put in another field)."""
    unmatched: tuple[str, ...] = ()
    """Words that are not filler and matched nothing."""
    typos: tuple[tuple[str, str], ...] = ()
    """(word as typed, tag it was read as)."""

    def __str__(self) -> str:
        where = place(self.file, self.line, self.field)
        became = ", ".join(self.tags) or "(no tags)"
        text = f"{where} ({self.name}): {self.answer!r} -> {became}"
        if self.typos:
            text += "; read " + ", ".join(f"{w!r} as {t}" for w, t in self.typos)
        if self.unmatched:
            text += "; matched nothing: " + ", ".join(self.unmatched)
        return _one_line(text)


@attrs.frozen
class ImportReport:
    """What was read from one file: the attendees, and everything the organizer should know."""

    source: str
    """The file path as given."""
    format: str
    """`eventrunner CSV`, `Eventbrite`, `Luma`, `Meetup`, `Google Forms` or `eventrunner TOML`."""
    encoding: str
    """The text encoding the file was read with."""
    delimiter: str
    """The CSV delimiter (`,` `;` or tab); '' for a TOML file without a CSV."""
    attendees: tuple[Attendee, ...]
    """The good rows, duplicates merged, in file order."""
    mapping: tuple[tuple[str, str], ...]
    """(column header as in the file, our field) for every column imported."""
    unknown_columns: tuple[str, ...]
    """Columns not imported (listed, never silently dropped)."""
    problems: tuple[RowProblem, ...]
    """Rows kept out, with the reason."""
    warnings: tuple[str, ...]
    """Merges, encoding fallbacks, unknown keys: imported, but worth a look."""
    answers: tuple[AnswerNote, ...] = ()
    """Free-text answers and the tags each became."""
    topics: tuple[tuple[str, int], ...] = ()
    """Event topics (phrases outside the vocabulary shared by 2+ attendees) and how many."""

    def summary_lines(self) -> list[str]:
        """What the command line prints about this import, one line each."""
        how = [self.encoding]
        if self.delimiter:
            how.append(f"{delimiter_name(self.delimiter)}-separated")
        lines = [f"{self.source}: {self.format} ({', '.join(how)})"]
        if self.mapping:
            lines.append("Columns imported:")
            width = max(len(header) for header, _ in self.mapping)
            lines.extend(f"  {header:<{width}} -> {field}" for header, field in self.mapping)
        if self.unknown_columns:
            lines.append(
                f"Columns not imported ({len(self.unknown_columns)}): "
                + ", ".join(self.unknown_columns)
                + "  (use --map FIELD=COLUMN to import one)"
            )
        lines.append(
            f"{_count(len(self.attendees), 'attendee')} imported, "
            f"{_count(len(self.problems), 'row')} kept out, "
            f"{_count(len(self.warnings), 'warning')}"
        )
        if self.answers:
            lines.append(
                f"Free-text answers read ({len(self.answers)}; answer -> tags; "
                "correct with [synonyms] or --synonyms FILE):"
            )
            lines.extend(f"  {note}" for note in self.answers)
            words = Counter(w for note in self.answers for w in note.unmatched)
            if words:
                lines.append(
                    "Words that matched nothing: "
                    + ", ".join(f"{w} ({n})" if n > 1 else w for w, n in words.most_common(30))
                    + (" ..." if len(words) > 30 else "")
                )
        if self.topics:
            lines.append(
                "Event topics (shared by 2+ attendees, not in the vocabulary): "
                + ", ".join(f"{t} ({n})" for t, n in self.topics)
            )
        if self.problems:
            lines.append("Kept out:")
            lines.extend(f"  {_one_line(str(problem))}" for problem in self.problems)
        if self.warnings:
            lines.append("Warnings:")
            lines.extend(f"  {_one_line(warning)}" for warning in self.warnings)
        return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
