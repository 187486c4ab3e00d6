"""What an import tells the organizer: the records of `eventrunner.importing`'s answer.

`RowProblem` (a row kept out, and why), `ImportFailed` (the file cannot be used at all) and
`ImportReport` (what was read, how, and what was merged or refused). Every message is one
line that says what is wrong, where, and what to do.
"""

from __future__ import annotations

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
        if self.problems:
            lines.append("Kept out:")
            lines.extend(f"  {_one_line(str(problem))}" for problem in self.problems)
        if self.warnings:
            lines.append("Warnings:")
            lines.extend(f"  {_one_line(warning)}" for warning in self.warnings)
        return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
