"""How model records become event-file columns and back: one cattrs converter, set up once.

Settings, plan rounds, plan stats and consent are JSON text; an attendee is a row with one
column per field, its tag lists, consent and typed answers as JSON. JSON is written with
sorted sets and plain Unicode so that the same record always gives the same text. The SQL lives in
`schema` and the package face; this module never touches a database.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from typing import Any, Final, TypeVar

from cattrs.preconf.json import make_converter

from eventrunner.model import Attendee
from eventrunner.textsafe import strip_controls

T = TypeVar("T")

converter: Final = make_converter()
# Sets have no order; sorting them keeps the stored text stable from one save to the next.
converter.register_unstructure_hook_func(
    lambda t: getattr(t, "__origin__", t) in (frozenset, set),
    lambda value: sorted(value),
)
# Enums go to the database as their plain value, not as str subclasses. StrEnum is named
# too: in its method order `str` (whose hook keeps the enum) comes before `Enum`.
for _enum_base in (enum.Enum, enum.StrEnum):
    converter.register_unstructure_hook(_enum_base, lambda value: value.value)

#: Attendee columns stored as JSON (lists of tags, the consent record).
ATTENDEE_JSON_COLUMNS: Final = frozenset(
    {"interests", "offers", "seeks", "consent", "avoid", "want", "tickets", "answers"}
)


def dumps(value: object, cls: Any = None) -> str:
    """A record (or a collection of records, given its type) as compact JSON."""
    return _json(converter.unstructure(value, unstructure_as=cls))


def loads(text: str, cls: type[T]) -> T:
    """The record of type `cls` that `dumps` wrote."""
    return converter.structure(json.loads(text), cls)


def attendee_row(attendee: Attendee) -> dict[str, object]:
    """The column values of an attendee, keyed by column name (= field name)."""
    # Escapes and bidi controls never reach the file, whoever hands the attendee in. Keys
    # (the id and the references to other ids) are stored as given: they are matched, not
    # shown, and cleaning could make two of them one.
    plain: dict[str, Any] = {
        name: value if name in _KEYS else _safe(value)
        for name, value in converter.unstructure(attendee).items()
    }
    return {
        name: _json(value) if name in ATTENDEE_JSON_COLUMNS else value
        for name, value in plain.items()
    }


def attendee_from_row(row: Mapping[str, Any]) -> Attendee:
    """The attendee a row of the attendees table holds (extra columns are ignored)."""
    plain = {
        name: json.loads(row[name]) if name in ATTENDEE_JSON_COLUMNS else row[name]
        for name in ATTENDEE_COLUMNS
    }
    return converter.structure(plain, Attendee)


_KEYS: Final = frozenset({"id", "avoid", "want", "presence"})


def _safe(plain: Any) -> Any:
    """Every string inside `plain` with control and bidi characters removed."""
    if isinstance(plain, str):
        return strip_controls(plain)
    if isinstance(plain, dict):
        return {k: _safe(v) for k, v in plain.items()}
    if isinstance(plain, list):
        return [_safe(v) for v in plain]
    return plain


def _json(plain: object) -> str:
    # Compact, and Unicode as itself: the file stays readable with the sqlite3 shell.
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


#: The attendee columns, in the order of the model's fields.
ATTENDEE_COLUMNS: Final = tuple(attendee_row(Attendee(id="", name="")))
