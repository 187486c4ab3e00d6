"""Reading a TOML event file: `[event]` settings, `[[attendee]]` tables and an attendees CSV.

The sample events use this format. Settings are checked key by key (an error names the key
and its line); attendees become `RawRow`s like CSV rows, so the same checks and merging apply.
Keys that mean nothing to us are reported as warnings, never silently dropped.
"""

from __future__ import annotations

import enum
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from eventrunner.importing.aliases import FIELDS
from eventrunner.importing.answers import checked_spellings
from eventrunner.importing.delimited import CsvRead, read_bytes, read_csv
from eventrunner.importing.report import ImportFailed, RowProblem, place
from eventrunner.importing.rows import TAG_FIELDS, RawRow, Value
from eventrunner.importing.text import show
from eventrunner.model import CompanyRule, EventSettings, OddPolicy, ReleasePolicy
from eventrunner.textsafe import clean_text

_LIST_FIELDS = frozenset({*TAG_FIELDS, "avoid", "want", "share", "ticket"})
_INTS = ("rounds", "switch_seconds", "table_size", "chime_seconds")
_BOOLS = ("two_sided", "auto_advance", "seats_stay")
#: Settings that are text printed as it is (the event's identity and follow-up details).
_TEXTS = ("date", "venue", "organizer", "next_date", "brand_color")
_ENUMS: dict[str, type[enum.StrEnum]] = {
    "odd_policy": OddPolicy,
    "company_rule": CompanyRule,
    "release": ReleasePolicy,
}
_SETTINGS = tuple(f.name for f in attrs.fields(EventSettings))
_TABLE = re.compile(r"^\s*\[\s*(\[)?\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([\w-]+))\s*=""")


@attrs.frozen
class TomlRead:
    """What a TOML event file gave, before its rows are checked and merged."""

    settings: EventSettings | None
    """The `[event]` settings, or None when the file has no `[event]` table."""
    csv: CsvRead | None
    """The attendees CSV it names, read."""
    rows: tuple[RawRow, ...]
    """Its inline `[[attendee]]` tables, after the CSV's rows."""
    problems: tuple[RowProblem, ...]
    """Inline attendees refused for their shape."""
    warnings: tuple[str, ...]
    """Unknown keys."""
    synonyms: Mapping[str, str] = attrs.field(factory=dict)
    """The event's `[synonyms]`: spelling -> tag."""


@attrs.frozen
class _Lines:
    """Where things are in the TOML text (tomllib does not say), for messages."""

    event: Mapping[str, int]
    """[event] key -> line."""
    attendees: tuple[tuple[int, Mapping[str, int]], ...]
    """Per [[attendee]]: its header line and key -> line."""
    top: Mapping[str, int]
    """Top-level key or table -> line."""

    @classmethod
    def scan(cls, text: str) -> _Lines:
        event: dict[str, int] = {}
        top: dict[str, int] = {}
        attendees: list[tuple[int, dict[str, int]]] = []
        current: dict[str, int] = top
        for number, line in enumerate(text.splitlines(), start=1):
            table = _TABLE.match(line)
            if table:
                name = table.group(2).strip().strip("\"'")
                top.setdefault(name, number)
                if table.group(1) and name == "attendee":
                    attendees.append((number, {}))
                    current = attendees[-1][1]
                else:
                    current = event if name == "event" else {}
                continue
            key = _KEY.match(line)
            if key:
                current.setdefault(next(g for g in key.groups() if g is not None), number)
        return cls(event, tuple(attendees), top)


def read_toml(path: Path, overrides: Mapping[str, str]) -> TomlRead:
    """Read a TOML event file. Raises ImportFailed for settings errors or unreadable TOML."""
    file = str(path)
    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(file, "is not UTF-8 text; save the TOML file as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\s*\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else None
        reason = message[: found.start()] if found else message
        raise ImportFailed(file, f"is not valid TOML ({reason}); fix it", line=line) from None
    lines = _Lines.scan(text)
    warnings = [
        f"{place(file, lines.top.get(key))}: {key!r} is not part of an event file (ignored); "
        "it has [event] and [[attendee]] tables"
        for key in data
        if key not in ("event", "attendee", "synonyms")
    ]
    settings = None
    csv_read = None
    event = data.get("event")
    if event is not None:
        if not isinstance(event, dict):
            raise ImportFailed(
                file, "'event' must be an [event] table", line=lines.top.get("event")
            )
        settings = _settings(file, event, lines.event, warnings, path.parent)
        csv_name = event.get("attendees")
        if csv_name is not None:
            csv_read = _attendees_csv(path, csv_name, lines.event.get("attendees"), overrides)
    rows, problems = _inline_attendees(file, data.get("attendee", []), lines, warnings)
    synonyms = checked_spellings(file, data.get("synonyms", {}))
    return TomlRead(settings, csv_read, rows, problems, tuple(warnings), synonyms)


def _settings(
    file: str,
    table: Mapping[str, Any],
    lines: Mapping[str, int],
    warnings: list[str],
    folder: Path,
) -> EventSettings:
    def fail(key: str, message: str) -> ImportFailed:
        return ImportFailed(file, f"[event] {key}: {message}", line=lines.get(key))

    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "attendees":
            continue
        if key not in _SETTINGS:
            warnings.append(
                f"{place(file, lines.get(key))}: [event] {key!r} is not a setting (ignored); "
                f"the settings are {', '.join(_SETTINGS)}, attendees"
            )
            continue
        values[key] = _setting(key, value, fail)
        if key == "logo":
            values[key] = _logo(str(values[key]), folder, fail)
    name = values.pop("name", "")
    if not name:
        raise fail("name", 'the event has no name; add name = "..." under [event]')
    for key, value in values.items():
        # One key at a time, so that a range error names the key that broke it.
        try:
            EventSettings(name=name, **{key: value})
        except ValueError as error:
            raise fail(key, f"{error}; got {value!r}") from None
    return EventSettings(name=name, **values)


def _setting(key: str, value: object, fail: Callable[[str, str], ImportFailed]) -> object:
    if key in ("name", "hosts"):
        if not isinstance(value, str):
            raise fail(key, f'expected text, got {value!r}; write {key} = "..."')
        return clean_text(value)
    if key in (*_TEXTS, "logo"):
        if not isinstance(value, str):
            raise fail(key, f'expected text, got {value!r}; write {key} = "..."')
        return clean_text(value)
    if key in _INTS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(key, f"expected a whole number, got {value!r}; write e.g. {key} = 6")
        return value
    if key == "minutes":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(key, f"expected a number of minutes, got {value!r}; write minutes = 5")
        return float(value)
    if key in _BOOLS:
        if not isinstance(value, bool):
            raise fail(key, f"expected true or false, got {value!r}")
        return value
    kind = _ENUMS[key]
    choices = ", ".join(member.value for member in kind)
    if not isinstance(value, str) or value.strip().casefold() not in set(kind):
        raise fail(key, f"{value!r} is not one of {choices}")
    return kind(value.strip().casefold())


def _logo(name: str, folder: Path, fail: Callable[[str, str], ImportFailed]) -> str:
    """The logo's absolute path (relative names are next to the event file), checked."""
    if not name:
        return ""
    path = (folder / Path(name).expanduser()).resolve()
    if path.suffix.casefold() not in (".png", ".svg"):
        raise fail("logo", f"{name!r} is not a .png or .svg file; give a PNG or SVG logo")
    if not path.is_file():
        raise fail("logo", f"{name!r} is not found next to the event file; check the name")
    return str(path)


def _attendees_csv(
    path: Path, name: object, line: int | None, overrides: Mapping[str, str]
) -> CsvRead:
    file = str(path)
    if not isinstance(name, str) or not name.strip():
        raise ImportFailed(
            file, f"[event] attendees: expected a CSV file name, got {name!r}", line=line
        )
    csv_path = path.parent / name.strip()
    if not csv_path.is_file():
        raise ImportFailed(
            file,
            f"[event] attendees: {name!r} is not found next to {path.name}; "
            "put the CSV there or fix the name",
            line=line,
        )
    return read_csv(csv_path, overrides)


def _inline_attendees(
    file: str, entries: object, lines: _Lines, warnings: list[str]
) -> tuple[tuple[RawRow, ...], tuple[RowProblem, ...]]:
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ImportFailed(
            file,
            "'attendee' must be [[attendee]] tables, one per person",
            line=lines.top.get("attendee"),
        )
    rows: list[RawRow] = []
    problems: list[RowProblem] = []
    for n, entry in enumerate(entries):
        line, key_lines = lines.attendees[n] if n < len(lines.attendees) else (None, {})
        values: dict[str, Value] = {}
        trouble: RowProblem | None = None
        for key, value in entry.items():
            field = key.casefold()
            if field not in FIELDS:
                warnings.append(
                    f"{place(file, key_lines.get(key, line))}: [[attendee]] {key!r} is not an "
                    f"attendee field (ignored); the fields are {', '.join(FIELDS)}"
                )
                continue
            converted = _value(field, value)
            if converted is None:
                what = "text or a list of text" if field in _LIST_FIELDS else "text"
                trouble = trouble or RowProblem(
                    file,
                    key_lines.get(key, line),
                    field,
                    f"expected {what}, got {show(repr(value))}; put it in quotes",
                )
                continue
            values[field] = converted
        if trouble is not None:
            problems.append(trouble)
        else:
            rows.append(RawRow(file, line, values))
    return tuple(rows), tuple(problems)


def _value(field: str, value: object) -> Value | None:
    """A TOML value as a cell; None when its type cannot be one."""
    if isinstance(value, str):
        return value
    if (
        field in _LIST_FIELDS
        and isinstance(value, list)
        and all(isinstance(item, str) for item in value)
    ):
        return tuple(value)
    return None
