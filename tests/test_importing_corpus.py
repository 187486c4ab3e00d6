"""The corpus of bad files in tests/data/bad: one file per problem, each with its pinned outcome.

Every file either raises ImportFailed with the pinned message, or gives a report whose
problems/warnings contain the pinned message (and the good rows still come through).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventrunner.importing import ImportFailed, ImportReport, read_attendees, read_event_toml

BAD = Path(__file__).parent / "data" / "bad"

# file -> the one-line message ImportFailed must contain.
FAILS: dict[str, str] = {
    "missing_name_column.csv": "missing_name_column.csv, line 1: has no name column "
    "(the columns are 'email', 'company'); add a 'name' column or choose one with --map name=",
    "empty.csv": "empty.csv: is empty; export the registrations again",
    "only_whitespace.csv": "only_whitespace.csv: is empty",
    "binary.csv": "binary.csv: is not a text file (binary data); export the registrations as CSV",
    "workbook.csv": "workbook.csv: is a spreadsheet workbook or zip archive; save it as CSV",
    "header_only.csv": "header_only.csv: has a header but no attendee rows",
    "bad_syntax.toml": "bad_syntax.toml, line 3: is not valid TOML",
    "bad_type.toml": "bad_type.toml, line 3: [event] rounds: expected a whole number, got 'six'",
    "bad_value.toml": "bad_value.toml, line 4: [event] odd_policy: 'triple' is not one of bye, "
    "trio",
    "bad_range.toml": "bad_range.toml, line 3: [event] table_size: table size must be 2, 3 or 4",
    "no_event_name.toml": "no_event_name.toml: [event] name: the event has no name",
    "missing_csv.toml": "missing_csv.toml, line 3: [event] attendees: 'nowhere.csv' is not found "
    "next to missing_csv.toml",
}

# file -> (a problem that must be reported, names of the attendees that still come through).
PROBLEMS: dict[str, tuple[str, list[str]]] = {
    "row_without_name.csv": (
        "row_without_name.csv, line 3, field name: no name; fill in the name or delete the row",
        ["Ann Lee", "Bo Chen"],
    ),
    "bad_share.csv": (
        "bad_share.csv, line 3, field share: unknown share field 'fax'; use all, none or some of",
        ["Ann Lee"],
    ),
    "bad_email.csv": (
        "bad_email.csv, line 3, field email: 'bo at example dot org' is not an email address",
        ["Ann Lee"],
    ),
    "id_twice.csv": (
        "id_twice.csv, line 3, field id: id 'ann' is already used by 'Ann Lee' (line 2); "
        "give one of them another id",
        ["Ann Lee"],
    ),
    "too_many_cells.csv": (
        "too_many_cells.csv, line 3: 4 values but the header has 3 columns; "
        "put quotes around values that contain a comma",
        ["Ann Lee"],
    ),
    "unclosed_quote.csv": (
        "unclosed_quote.csv, line 3: a quoted value starting here is never closed",
        ["Ann Lee"],
    ),
    "blank_lines.csv": (
        "blank_lines.csv, line 9, field email: 'bo@' is not an email address",
        ["Ann Lee", "Cy Diaz"],
    ),
    "old_mac_line_endings.csv": (
        "old_mac_line_endings.csv, line 3, field email: 'bo@' is not an email address",
        ["Ann Lee"],
    ),
    "bad_attendee_type.toml": (
        "bad_attendee_type.toml, line 8, field name: expected text, got '42'; put it in quotes",
        ["Ann Lee"],
    ),
}

# file -> (a warning that must be given, names imported).
WARNS: dict[str, tuple[str, list[str]]] = {
    "duplicate_email.csv": (
        "line 4 merged into line 2: same email ann@example.org "
        "(kept company 'Acme' over 'Acme Corp')",
        ["Ann Lee", "Bo Chen"],
    ),
    "latin1.csv": (
        "latin1.csv is not UTF-8; read it as Windows-1252 (Latin-1): "
        "check that accented names look right",
        ["José Núñez", "Müller Jürgen"],
    ),
    "mixed_encoding.csv": (
        "mixed_encoding.csv is UTF-8 except line 3, read as Windows-1252",
        ["Zoë Martin", "José Núñez"],
    ),
    "duplicate_header.csv": (
        "column 3 'Email' repeats column 2; only the first was imported",
        ["Ann Lee"],
    ),
    "bad_key.toml": (
        "bad_key.toml, line 4: [event] 'colour' is not a setting (ignored)",
        ["Zoë Martin"],
    ),
}

# file -> (encoding, delimiter, names) for files that are odd but entirely fine.
CLEAN: dict[str, tuple[str, str, list[str]]] = {
    "bom.csv": ("UTF-8 with BOM", ",", ["Zoë Martin", "Åsa Berg"]),
    "semicolon.csv": ("UTF-8", ";", ["Zoë Martin", "José Núñez"]),
    "tab.csv": ("UTF-8", "\t", ["Lee, Ann", "Bo Chen"]),
    "utf16.csv": ("UTF-16", ",", ["Ζωή Παππά", "Иван Петров"]),
    "escape_sequences.csv": ("UTF-8", ",", ["Bob Red", "EveMallory"]),
}


def _read(name: str) -> ImportReport:
    path = BAD / name
    if path.suffix == ".toml":
        return read_event_toml(path)[1]
    return read_attendees(path)


def test_every_corpus_file_has_a_pinned_outcome() -> None:
    pinned = {*FAILS, *PROBLEMS, *WARNS, *CLEAN, "unknown_columns.csv"}
    assert {p.name for p in BAD.iterdir()} == pinned


@pytest.mark.parametrize("name", sorted(FAILS))
def test_unusable_file_fails_with_one_line(name: str) -> None:
    with pytest.raises(ImportFailed) as caught:
        _read(name)
    message = str(caught.value)
    assert FAILS[name] in message
    assert "\n" not in message
    assert str(BAD / name) in message


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_row_with_problem_is_kept_out_with_reason(name: str) -> None:
    expected, names = PROBLEMS[name]
    report = _read(name)
    messages = [str(p) for p in report.problems]
    assert any(expected in m for m in messages), messages
    assert all("\n" not in m for m in messages)
    assert [a.name for a in report.attendees] == names


@pytest.mark.parametrize("name", sorted(WARNS))
def test_file_imported_with_warning(name: str) -> None:
    expected, names = WARNS[name]
    report = _read(name)
    assert any(expected in w for w in report.warnings), report.warnings
    assert report.problems == ()
    assert [a.name for a in report.attendees] == names


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_odd_but_fine_file_imports_cleanly(name: str) -> None:
    encoding, delimiter, names = CLEAN[name]
    report = _read(name)
    assert (report.encoding, report.delimiter) == (encoding, delimiter)
    assert [a.name for a in report.attendees] == names
    assert report.problems == ()
    assert report.warnings == ()


def test_bom_does_not_leak_into_the_header() -> None:
    report = _read("bom.csv")
    assert report.mapping[0] == ("name", "name")


def test_unknown_columns_are_listed_not_dropped() -> None:
    report = _read("unknown_columns.csv")
    assert report.unknown_columns == ("Ticket type", "Shoe size")
    assert any("Ticket type, Shoe size" in line for line in report.summary_lines())


def test_escape_sequences_never_reach_a_value() -> None:
    report = _read("escape_sequences.csv")
    for person in report.attendees:
        for value in (person.name, person.company, person.email):
            assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value)
    assert [a.company for a in report.attendees] == ["Acme", "Evil Corp"]


def test_duplicate_email_merges_tags_of_both_rows() -> None:
    ann = _read("duplicate_email.csv").attendees[0]
    assert ann.interests == ("hockey", "marketing")
    assert ann.id == "ann@example.org"


def test_unknown_toml_attendee_key_is_a_warning() -> None:
    report = _read("bad_key.toml")
    assert any("[[attendee]] 'shoe_size' is not an attendee field" in w for w in report.warnings)
