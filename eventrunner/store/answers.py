"""Tags read again from the answers as typed: the event's synonyms changed, or someone was
added whose words may share a topic with the rest of the event.

The reading itself (`importing.reread`) is handed in by the caller, so the store stays
beside the importer: it reads the attendees and the event's synonyms inside one write
transaction, calls the reader, and writes back only the tag fields it changed, with the
notes of what each answer now became (for `info`) and one journal row. Played rounds are
rounds of people, not of tags: they stay exactly as they were.

Whenever typed answers or synonyms change without being read again at once (a walk-in, an
edit in the console), `answers_stale` is set in `meta`; the next plan reads them again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Final

from eventrunner.model import Attendee
from eventrunner.store import queries as q
from eventrunner.store.codec import dumps
from eventrunner.store.schema import append_journal

#: Reads every stored answer again: (attendees, event synonyms) -> (attendees with the tags
#: the answers give now, the notes of what each answer became).
Reread = Callable[[Sequence[Attendee], Mapping[str, str]], tuple[Sequence[Attendee], Sequence[str]]]

_STALE: Final = "answers_stale"
_TAG_FIELDS: Final = ("interests", "offers", "seeks")


def mark_stale(conn: sqlite3.Connection) -> None:
    """Say that the tags may no longer be what the stored answers give (read them again)."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = '1'",
        (_STALE,),
    )


def is_stale(conn: sqlite3.Connection) -> bool:
    """True when answers or synonyms changed since the tags were last read from them."""
    return conn.execute("SELECT 1 FROM meta WHERE key = ?", (_STALE,)).fetchone() is not None


def reread(conn: sqlite3.Connection, read: Reread, reason: str) -> tuple[str, ...]:
    """Read every stored answer again with the event's synonyms; store the tags that changed.

    Returns the ids of the attendees whose tags changed. Attendees with no typed answer keep
    their tags (the reader leaves them as they are); nothing else of anyone changes.
    """
    conn.execute("DELETE FROM meta WHERE key = ?", (_STALE,))
    people = q.attendees(conn)
    if not any(a.answers for a in people):
        return ()
    synonyms, _ = q.reading(conn)
    new, notes = read(people, synonyms)
    before = {a.id: a for a in people}
    changed: list[str] = []
    for person in new:
        old = before.get(person.id)
        if old is None:
            continue  # the reader may not invent attendees
        tags = {f: getattr(person, f) for f in _TAG_FIELDS}
        if all(tags[f] == getattr(old, f) for f in _TAG_FIELDS):
            continue
        conn.execute(
            "UPDATE attendees SET interests = ?, offers = ?, seeks = ? WHERE id = ?",
            (*(dumps(tags[f], tuple[str, ...]) for f in _TAG_FIELDS), person.id),
        )
        changed.append(person.id)
    if changed:
        # What the answers became now; when nothing changed, the notes of the imports (with
        # their files and lines) still say it.
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('answers', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (json.dumps(list(notes), ensure_ascii=False),),
        )
        who = "attendee's" if len(changed) == 1 else "attendees'"
        append_journal(
            conn, "tags", f"{reason}: {len(changed)} {who} tags read again from their answers"
        )
    return tuple(changed)
