"""Property tests of the importer: what csv.writer writes reads back, and nothing crashes.

"Crashes" includes an ImportFailed that reports an internal error: the catch-all that keeps
tracebacks from the organizer must never be what handled a file.
"""

from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventrunner.importing import ImportFailed, ImportReport, clean_text, read_attendees
from eventrunner.interests import Synonyms

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Names in any script, with punctuation, symbols and emoji, and the characters CSV cares
# about (delimiters, quotes); no control or format characters, which clean_text removes.
_ANY_SCRIPT = st.characters(categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\ufeff")
# For Windows-1252 files: ASCII and Latin-1 letters only, whose cp1252 bytes never form
# valid UTF-8 by accident (no continuation bytes 0x80-0xBF), so the encoding is decidable.
_LATIN = st.characters(codec="ascii", categories=("L", "N", "P", "Zs")) | st.characters(
    min_codepoint=0xC0, max_codepoint=0xFF, categories=("L",)
)


def _name(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return (
        st.text(alphabet, min_size=1, max_size=20)
        .map(lambda s: unicodedata.normalize("NFC", s).strip())
        .filter(lambda s: s != "" and s == clean_text(s))
    )


def _import(data: bytes, suffix: str = ".csv") -> ImportReport | None:
    """Import bytes from a file; None when the file is refused as a whole (properly)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"registrations{suffix}"
        path.write_bytes(data)
        try:
            return read_attendees(path, synonyms=Synonyms.empty())
        except ImportFailed as failed:
            message = str(failed)
            assert "internal error" not in message, message
            assert "\n" not in message
            assert str(path) in message
            return None


@st.composite
def _export(draw: st.DrawFn) -> tuple[bytes, list[str], str, str]:
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    alphabet = _LATIN if encoding == "cp1252" else _ANY_SCRIPT
    names = draw(st.lists(_name(alphabet), min_size=1, max_size=8))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(st.permutations(["name", "email", "company"]))
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
    )
    writer.writerow(header)
    for i, name in enumerate(names):
        cells = {"name": name, "email": f"p{i}@example.org", "company": draw(_name(alphabet))}
        writer.writerow([cells[h] for h in header])
    return buffer.getvalue().encode(encoding), names, delimiter, encoding


@FUZZ
@given(_export())
def test_rows_written_by_csv_writer_read_back_the_same_names(
    export: tuple[bytes, list[str], str, str],
) -> None:
    data, names, delimiter, encoding = export
    report = _import(data)
    assert report is not None
    assert [a.name for a in report.attendees] == names
    assert report.delimiter == delimiter
    assert report.problems == ()
    fell_back = any("not UTF-8" in w for w in report.warnings)
    assert fell_back == (encoding == "cp1252" and not data.isascii())


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise_anything_but_import_failed(data: bytes) -> None:
    _import(data)


_CELL = st.text(st.characters(), max_size=12)


@FUZZ
@given(
    st.lists(st.lists(_CELL, max_size=6), max_size=8),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["name", "Full name", "First Name", "Email"]),
)
def test_random_cells_never_raise_anything_but_import_failed(
    rows: list[list[str]], delimiter: str, first_header: str
) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([first_header, "share", "email", "interests", "id"])
    writer.writerows(rows)
    report = _import(buffer.getvalue().encode("utf-8", "surrogatepass"))
    if report is None:
        return
    ids = [a.id for a in report.attendees]
    assert len(ids) == len(set(ids)), "ids must be unique"
    for person in report.attendees:
        assert person.name and person.name == clean_text(person.name)
    assert all("\n" not in str(p) for p in report.problems)


@FUZZ
@given(st.text(max_size=400))
def test_random_toml_text_never_raises_anything_but_import_failed(text: str) -> None:
    _import(text.encode("utf-8", "surrogatepass"), suffix=".toml")


_TOML_VALUE = st.sampled_from(
    ['"x"', "3", "2.5", "true", '["a", "b"]', "[1, 2]", "{ a = 1 }", '""', "1979-05-27", '"trio"']
)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "name",
                    "rounds",
                    "minutes",
                    "table_size",
                    "odd_policy",
                    "two_sided",
                    "release",
                    "company_rule",
                    "attendees",
                    "colour",
                ]
            ),
            _TOML_VALUE,
        ),
        unique_by=lambda kv: kv[0],
        max_size=6,
    ),
    st.lists(
        st.dictionaries(
            st.sampled_from(["name", "email", "interests", "share", "avoid", "shoe"]),
            _TOML_VALUE,
            max_size=4,
        ),
        max_size=3,
    ),
)
def test_random_event_files_never_raise_anything_but_import_failed(
    event: list[tuple[str, str]], attendees: list[dict[str, str]]
) -> None:
    lines = ["[event]", *(f"{k} = {v}" for k, v in event)]
    for person in attendees:
        lines += ["[[attendee]]", *(f"{k} = {v}" for k, v in person.items())]
    _import("\n".join(lines).encode(), suffix=".toml")


@FUZZ
@given(st.text(max_size=60), st.booleans())
def test_clean_text_leaves_no_control_characters_and_is_stable(text: str, keep: bool) -> None:
    cleaned = clean_text(text, keep_newlines=keep)
    allowed = "\n" if keep else ""
    assert not any(unicodedata.category(c) == "Cc" and c not in allowed for c in cleaned)
    assert "\ufeff" not in cleaned
    assert clean_text(cleaned, keep_newlines=keep) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
