"""Reading a registration CSV (native or an export) into raw rows, refusing what is unusable.

Bytes are decoded (`text.decode`), the delimiter detected, the header row mapped
to fields (`aliases`), and every later non-blank record becomes a `RawRow` tagged
with its line number, or a RowProblem when its shape is wrong. Checking the cells themselves
is the job of `rows`. A file that cannot be used at all raises ImportFailed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from eventrunner.importing.aliases import detect_format, map_columns
from eventrunner.importing.report import ImportFailed, RowProblem
from eventrunner.importing.rows import RawRow
from eventrunner.importing.text import (
    decode,
    delimiter_name,
    detect_delimiter,
    looks_binary,
)
from eventrunner.textsafe import clean_text, restore_formula

#: Larger files are not registration exports (100,000 people fit in far less).
MAX_BYTES = 64 * 1024 * 1024

_NOT_CSV = (
    (
        b"PK\x03\x04",
        "a spreadsheet workbook or zip archive; save it as CSV (UTF-8) and import that",
    ),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office file; save it as CSV (UTF-8) and import that"),
    (b"%PDF", "a PDF; export the registrations as CSV instead"),
)


@attrs.frozen
class CsvRead:
    """What one CSV file gave, before the rows are checked and merged."""

    format: str
    """The export it looks like."""
    encoding: str
    """How its bytes were read."""
    delimiter: str
    """Its delimiter."""
    mapping: tuple[tuple[str, str], ...]
    """(header, field) for each imported column."""
    unknown_columns: tuple[str, ...]
    """Headers not imported."""
    rows: tuple[RawRow, ...]
    """Records of the right shape, in file order."""
    problems: tuple[RowProblem, ...]
    """Records refused for their shape."""
    warnings: tuple[str, ...]
    """Encoding fallback, repeated headers."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or ImportFailed saying why they cannot be had."""
    file = str(path)
    try:
        if path.is_dir():
            raise ImportFailed(file, "is a folder, not a file; name the file inside it")
        if path.stat().st_size > MAX_BYTES:
            raise ImportFailed(file, "is too large for a registration file; check the file")
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(file, "not found; check the path and the file name") from None
    except PermissionError:
        raise ImportFailed(
            file, "cannot be read (permission denied); check its permissions"
        ) from None
    except OSError as error:
        raise ImportFailed(
            file, f"cannot be read ({error.strerror or error}); check the file"
        ) from None


def read_csv(path: Path, overrides: Mapping[str, str]) -> CsvRead:
    """Read a registration CSV. Raises ImportFailed when no attendee can come from it."""
    file = str(path)
    data = read_bytes(path)
    for magic, what in _NOT_CSV:
        if data.startswith(magic):
            raise ImportFailed(file, f"is {what}")
    try:
        decoded = decode(data)
    except UnicodeError:
        raise ImportFailed(
            file, "starts with a UTF-16/32 marker but is not UTF-16/32 text; save it as UTF-8 CSV"
        ) from None
    text = decoded.text
    if not text.replace("\ufeff", "").strip():
        raise ImportFailed(file, "is empty; export the registrations again")
    if looks_binary(text):
        raise ImportFailed(
            file, "is not a text file (binary data); export the registrations as CSV"
        )
    delimiter = detect_delimiter(text)
    records = _records(file, text, delimiter)
    if not records:
        raise ImportFailed(file, "has no rows; export the registrations again")
    header_line, raw_header = records[0]
    headers = [clean_text(h) for h in raw_header]
    body = records[1:]

    def has_data(index: int) -> bool:
        return any(index < len(cells) and cells[index].strip() for _, cells in body)

    columns = map_columns(file, headers, overrides, has_data)
    if not columns.has_name:
        listed = ", ".join(repr(h) for h in headers if h) or "none"
        raise ImportFailed(
            file,
            f"has no name column (the columns are {listed}); add a 'name' column "
            "or choose one with --map name=COLUMN",
            line=header_line,
        )
    if not body:
        raise ImportFailed(
            file, "has a header but no attendee rows; export the registrations again"
        )
    unclosed = _unclosed_quote_line(text, records, delimiter)
    rows, problems = _shape_rows(file, len(headers), body, columns.columns, delimiter, unclosed)
    warnings = list(columns.warnings)
    if decoded.fallback_lines:
        warnings.append(_fallback_warning(file, decoded.encoding, decoded.fallback_lines))
    return CsvRead(
        format=detect_format(headers),
        encoding=decoded.encoding,
        delimiter=delimiter,
        mapping=columns.mapping,
        unknown_columns=columns.unknown,
        rows=rows,
        problems=problems,
        warnings=tuple(warnings),
    )


def _shape_rows(
    file: str,
    width: int,
    body: Sequence[tuple[int, list[str]]],
    columns: Mapping[str, int],
    delimiter: str,
    unclosed: int | None,
) -> tuple[tuple[RawRow, ...], tuple[RowProblem, ...]]:
    """Records of the header's shape become RawRows; the others, problems."""
    rows: list[RawRow] = []
    problems: list[RowProblem] = []
    for line, cells in body:
        if line == unclosed:
            problems.append(
                RowProblem(
                    file,
                    line,
                    None,
                    "a quoted value starting here is never closed, so the rest of the file "
                    'was read into it; add the missing closing "',
                )
            )
            continue
        # Trailing empty cells are what spreadsheets add; only real values are too many.
        if any(c.strip() for c in cells[width:]):
            problems.append(
                RowProblem(
                    file,
                    line,
                    None,
                    f"{len(cells)} values but the header has {width} columns; "
                    f"put quotes around values that contain a {delimiter_name(delimiter)}",
                )
            )
            continue
        # Our own export neutralized formula-like cells with a leading apostrophe: undone here.
        values = {
            f: restore_formula(cells[i]) if i < len(cells) else "" for f, i in columns.items()
        }
        rows.append(RawRow(file, line, values))
    return tuple(rows), tuple(problems)


def _records(file: str, text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Non-blank CSV records with the line each starts on (blank lines and ',,,' skipped)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    next_line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error as error:  # e.g. a value longer than the csv module accepts
            raise ImportFailed(
                file, f"is not a readable CSV ({error}); check the file", line=reader.line_num
            ) from None
        if any(cell.strip() for cell in cells):
            records.append((next_line, cells))
        next_line = reader.line_num + 1


def _unclosed_quote_line(
    text: str, records: Sequence[tuple[int, list[str]]], delimiter: str
) -> int | None:
    """The line of the last record when an unclosed quote made it swallow the file's end."""
    start = records[-1][0]
    rest = "".join(io.StringIO(text, newline="").readlines()[start - 1 :])
    # The lenient reader used for the rows accepts a quoted value cut by the end of the file;
    # a strict one names exactly that case.
    try:
        for _ in csv.reader(io.StringIO(rest, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as error:
        return start if "unexpected end of data" in str(error) else None
    return None


def _fallback_warning(file: str, encoding: str, lines: Sequence[int]) -> str:
    if encoding.startswith("UTF-8"):
        shown = ", ".join(str(n) for n in lines[:5]) + (", ..." if len(lines) > 5 else "")
        fallback = encoding.removeprefix("UTF-8 and ")
        return (
            f"{file} is UTF-8 except {'line' if len(lines) == 1 else 'lines'} {shown}, "
            f"read as {fallback}; "
            "check the accented names on those lines"
        )
    label = "Windows-1252 (Latin-1)" if encoding == "Windows-1252" else encoding
    return (
        f"{file} is not UTF-8; read it as {label}: check that accented names "
        "look right, or save the file as UTF-8 and import it again"
    )
