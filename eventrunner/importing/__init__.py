"""Importing registrations: the native CSV, exports of Eventbrite, Luma, Meetup and Google
Forms, and the TOML event file — into attendees plus a report for the organizer.

This is the face of the package: text hygiene (`text`), header aliases (`aliases`), the CSV
reader (`delimited`) and the TOML reader (`event_toml`), row checks and merging (`rows`),
answers becoming tags with the event's synonyms (`answers`), and the report (`report`).
Free-text answers, event topics and complements are read here, per file (`_whole_file`).
A file that cannot be used at all raises ImportFailed (one line, naming the file); any other
trouble is in the ImportReport: rows kept out with the reason, merges, unknown columns. No
other exception leaves this module, and nothing is written anywhere: storing is `store`'s job.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from eventrunner.importing import references
from eventrunner.importing.aliases import FIELDS, NATIVE_COLUMNS
from eventrunner.importing.answers import TAG_FIELDS, AnswerReader, read_spellings, topics_for
from eventrunner.importing.delimited import CsvRead, read_csv
from eventrunner.importing.event_toml import read_toml
from eventrunner.importing.references import renamed, unknown_references
from eventrunner.importing.report import AnswerNote, ImportFailed, ImportReport, RowProblem
from eventrunner.importing.rows import Candidate, RawRow, resolve, to_attendee
from eventrunner.importing.text import slugify
from eventrunner.interests import Synonyms, default_synonyms
from eventrunner.model import Attendee, EventSettings
from eventrunner.textsafe import clean_text

__all__ = [
    "FIELDS",
    "NATIVE_COLUMNS",
    "ImportFailed",
    "ImportReport",
    "RowProblem",
    "answers_reader",
    "clean_text",
    "parse_map_options",
    "read_attendees",
    "read_event_toml",
    "read_spellings",
    "renamed",
    "reread",
    "slugify",
    "unknown_references",
]


def read_attendees(
    path: Path,
    *,
    overrides: Mapping[str, str] | None = None,
    synonyms: Synonyms | None = None,
    spellings: Mapping[str, str] | None = None,
) -> ImportReport:
    """Read attendees from a CSV (native or an export) or a TOML event file.

    `overrides` maps our field to a column header of the file (`--map`); an empty header
    means "do not import this field". `synonyms` defaults to the table in seeds/;
    `spellings` are the event's own synonyms (spelling -> tag, `--synonyms FILE`).
    Raises ImportFailed when the file cannot be used at all.
    """
    path = Path(path)
    if path.suffix.casefold() == ".toml":
        return read_event_toml(path, overrides=overrides, synonyms=synonyms, spellings=spellings)[1]
    with _no_traceback(path):
        checked = _checked_overrides(path, overrides)
        table, notes = _synonyms(synonyms)
        found = read_csv(path, checked)
        reader = AnswerReader.make(table, spellings, free_text=synonyms is None)
        return _report(str(path), found.format, found, found.rows, (), notes, table, reader)


def read_event_toml(
    path: Path,
    *,
    overrides: Mapping[str, str] | None = None,
    synonyms: Synonyms | None = None,
    spellings: Mapping[str, str] | None = None,
) -> tuple[EventSettings | None, ImportReport]:
    """Read a TOML event file: its `[event]` settings (None without that table) and attendees.

    `overrides` apply to the attendees CSV the file names. Raises ImportFailed for TOML that
    cannot be read, a bad setting (naming the key), or an attendees CSV that cannot be used.
    """
    path = Path(path)
    with _no_traceback(path):
        checked = _checked_overrides(path, overrides)
        table, notes = _synonyms(synonyms)
        found = read_toml(path, checked)
        rows = (*(found.csv.rows if found.csv else ()), *found.rows)
        # The file's own [synonyms], then --synonyms on top of them.
        reader = AnswerReader.make(
            table, {**found.synonyms, **(spellings or {})}, free_text=synonyms is None
        )
        report = _report(
            str(path),
            "eventrunner TOML",
            found.csv,
            rows,
            found.problems,
            (*found.warnings, *notes),
            table,
            reader,
        )
        return found.settings, report


def reread(
    attendees: Sequence[Attendee], spellings: Mapping[str, str], *, source: str = ""
) -> tuple[tuple[Attendee, ...], tuple[str, ...]]:
    """Read every attendee's typed answers again, as one file of the whole event.

    With the event's synonyms as they are now (`spellings`, over seeds/), and with event
    topics and complements over everyone, whichever import or walk-in they came from.
    A field with no typed answer keeps its tags (files from before answers were kept,
    TOML tag lists). Returns the attendees (same order, only tags changed) and the notes
    of what each answer became; `source` names the event in those notes.
    """
    with _no_traceback(Path(source or "event")):
        table, _ = _synonyms(None)
        reader = AnswerReader.make(table, spellings)
        candidates: list[Candidate] = []
        for person in attendees:
            read = [
                reader.read(field, text, (source, None, person.name))
                for field in TAG_FIELDS
                if (text := person.answers.get(field))
            ]
            tags: dict[str, Any] = {answer.field: answer.tags for answer in read}
            candidates.append(Candidate(attrs.evolve(person, **tags), source, None, tuple(read)))
        candidates, notes, _ = _whole_file(candidates)
        return tuple(c.attendee for c in candidates), tuple(str(n) for n in notes)


#: `reread` with its source named: what the store calls to read the answers again.
AnswersReader = Callable[
    [Sequence[Attendee], Mapping[str, str]], tuple[tuple[Attendee, ...], tuple[str, ...]]
]


def answers_reader(event: Path) -> AnswersReader:
    """`reread` for the event file `event` (its notes name the file), for the store."""
    return functools.partial(reread, source=str(event))


def parse_map_options(values: Sequence[str]) -> dict[str, str]:
    """`["interests=What are your interests?"]` -> `{"interests": "What are your interests?"}`.

    Raises ValueError (one line, saying what to write) for a bad option or unknown field.
    """
    result: dict[str, str] = {}
    for option in values:
        field, equals, header = option.partition("=")
        field = field.strip().casefold()
        if not equals or not field:
            raise ValueError(
                f'--map {option!r}: write FIELD=COLUMN, e.g. --map interests="Your interests"'
            )
        if field not in FIELDS:
            raise ValueError(f"--map {option!r}: unknown field {field!r}; use one of {_fields()}")
        if field in result:
            raise ValueError(f"--map {field}= is given twice; keep one")
        header = header.strip()
        if len(header) >= 2 and header[0] == header[-1] and header[0] in "\"'":
            header = header[1:-1]  # quotes that reached us literally (a Windows shell)
        result[field] = header
    return result


def _fields() -> str:
    return ", ".join(FIELDS)


def _checked_overrides(path: Path, overrides: Mapping[str, str] | None) -> dict[str, str]:
    checked: dict[str, str] = {}
    for field, header in (overrides or {}).items():
        key = field.strip().casefold()
        if key not in FIELDS:
            raise ImportFailed(
                str(path), f"--map {field}=...: unknown field {field!r}; use one of {_fields()}"
            )
        checked[key] = header
    return checked


def _synonyms(given: Synonyms | None) -> tuple[Synonyms, tuple[str, ...]]:
    if given is not None:
        return given, ()
    try:
        return default_synonyms(), ()
    except Exception as error:  # a broken install must not stop the import of a good file
        return Synonyms.empty(), (
            f"the interest synonym table could not be read ({error}); interests were "
            "compared as typed (reinstall eventrunner to fix it)",
        )


def _report(
    source: str,
    format: str,
    found: CsvRead | None,
    rows: Iterable[RawRow],
    problems: Iterable[RowProblem],
    warnings: Iterable[str],
    synonyms: Synonyms,
    reader: AnswerReader | None = None,
) -> ImportReport:
    """Check the rows, merge and give ids, and gather everything into one report."""
    refused: list[RowProblem] = [*(found.problems if found else ()), *problems]
    candidates: list[Candidate] = []
    for row in rows:
        checked = to_attendee(row, synonyms, reader)
        if isinstance(checked, RowProblem):
            refused.append(checked)
        else:
            candidates.append(checked)
    candidates, notes, topics = _whole_file(candidates)
    attendees, clashes, merges = resolve(candidates, source)
    refused.extend(clashes)
    refused.sort(key=lambda p: (p.file != source, p.file, p.line or 0))
    return ImportReport(
        source=source,
        format=format,
        encoding=found.encoding if found else "UTF-8",
        delimiter=found.delimiter if found else "",
        attendees=attendees,
        mapping=found.mapping if found else (),
        unknown_columns=found.unknown_columns if found else (),
        problems=tuple(refused),
        warnings=(
            *(found.warnings if found else ()),
            *warnings,
            *merges,
            *references.self_references(attendees),
        ),
        answers=notes,
        topics=topics,
    )


def _whole_file(
    candidates: list[Candidate],
) -> tuple[list[Candidate], tuple[AnswerNote, ...], tuple[tuple[str, int], ...]]:
    """What needs every row: event topics (phrases two or more people use) and the
    complements of a form answered in words.

    A file where some answer is free text is a form answered in words, and its short answers
    too ("angel investor") give complements; a file of clean tags only reads exactly as
    before.
    """
    in_words = set(TAG_FIELDS) if any(a.free for c in candidates for a in c.answers) else set()
    # Only a form answered in words has topics: a clean tag list plans exactly as before.
    found = topics_for(
        [[p for a in c.answers for p in a.phrases] if in_words else [] for c in candidates]
    )
    counts: dict[str, int] = {}
    notes: list[AnswerNote] = []
    result = []
    for cand, topics in zip(candidates, found, strict=True):
        person = cand.attendee
        seeks = [t for a in cand.answers if a.field in in_words for t in a.seeks]
        offers = [t for a in cand.answers if a.field in in_words for t in a.offers]
        person = attrs.evolve(
            person,
            interests=tuple(dict.fromkeys((*person.interests, *topics))),
            seeks=tuple(dict.fromkeys((*person.seeks, *seeks))),
            offers=tuple(dict.fromkeys((*person.offers, *offers))),
        )
        for topic in topics:
            counts[topic] = counts.get(topic, 0) + 1
        for answer in cand.answers:
            note = answer.note
            if note is None or answer.field not in in_words:
                continue
            if not answer.free and not (answer.seeks or answer.offers):
                continue  # a clean answer that gave nothing more: nothing to check
            if answer.field == "interests" and topics:
                # The answer's note shows the topics too: they are tags like the others.
                note = attrs.evolve(note, tags=tuple(dict.fromkeys((*note.tags, *topics))))
            notes.append(note)
        result.append(attrs.evolve(cand, attendee=person))
    ranked = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return result, tuple(notes), ranked


@contextlib.contextmanager
def _no_traceback(path: Path) -> Iterator[None]:
    """Turn any failure into ImportFailed, so the organizer sees one line, never a traceback."""
    try:
        yield
    except ImportFailed:
        raise
    except RecursionError:
        raise ImportFailed(str(path), "is nested too deeply to read; check the file") from None
    except Exception as error:
        # A bug of ours, not the organizer's: say so, so that it gets reported.
        raise ImportFailed(
            str(path),
            f"could not be imported (internal error: {type(error).__name__}: {error}); "
            "please report this with the file",
        ) from error
