"""The follow-up mail outbox, inside the caller's transaction: claim, settle, read.

Sending a mail happens outside any transaction (a server may take seconds), so each message
is recorded twice: `claim` before it goes (status `sending`, with its Message-ID) and
`settle` after the server answered (`sent` or `failed`). A message claimed but never settled
was in flight when the program died; the next run claims it again with the same Message-ID,
so a recipient who did get it sees the same message, not a second one. A sent message is
final (a trigger refuses to change it). Also the SMTP settings remembered for next time.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import attrs

from eventrunner.store import queries as q
from eventrunner.store.codec import attendee_row, dumps, loads
from eventrunner.store.records import MailRecord, MailServer, StoreError
from eventrunner.store.schema import append_journal, utc_now

_COLUMNS = "attendee, recipient, message_id, status, attempts, updated_at, error"


def _record(row: sqlite3.Row | tuple[object, ...]) -> MailRecord:
    a, r, m, s, n, u, e = tuple(row)
    return MailRecord(str(a), str(r), str(m), str(s), int(str(n)), str(u), str(e))


def mail_log(conn: sqlite3.Connection) -> dict[str, MailRecord]:
    """Every attendee's outbox record, by attendee id."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM mail ORDER BY updated_at").fetchall()
    return {rec.attendee: rec for rec in map(_record, rows)}


def claim(
    conn: sqlite3.Connection, path: Path, attendee: str, recipient: str, message_id: str
) -> MailRecord | None:
    """Record that `attendee`'s mail is about to go; None if it was sent already.

    A message claimed before (in flight at a crash, or failed) keeps its Message-ID;
    `message_id` is used only for a first attempt.
    """
    if conn.execute("SELECT 1 FROM attendees WHERE id = ?", (attendee,)).fetchone() is None:
        raise StoreError(f"{path}: no attendee {attendee!r}; nothing was sent")
    row = conn.execute(f"SELECT {_COLUMNS} FROM mail WHERE attendee = ?", (attendee,)).fetchone()
    now = utc_now()
    if row is None:
        conn.execute(
            f"INSERT INTO mail ({_COLUMNS}) VALUES (?, ?, ?, 'sending', 1, ?, '')",
            (attendee, recipient, message_id, now),
        )
        return MailRecord(attendee, recipient, message_id, "sending", 1, now)
    old = _record(row)
    if old.status == "sent":
        return None
    conn.execute(
        "UPDATE mail SET recipient = ?, status = 'sending', attempts = attempts + 1, "
        "updated_at = ?, error = '' WHERE attendee = ?",
        (recipient, now, attendee),
    )
    return MailRecord(attendee, recipient, old.message_id, "sending", old.attempts + 1, now)


def settle(
    conn: sqlite3.Connection, path: Path, attendee: str, message_id: str, error: str | None
) -> None:
    """Record the server's answer for a claimed message: accepted (`error` None) or failed."""
    row = conn.execute(
        "SELECT status FROM mail WHERE attendee = ? AND message_id = ?", (attendee, message_id)
    ).fetchone()
    if row is None:
        raise StoreError(f"{path}: no mail {message_id} for {attendee!r} was claimed")
    if row[0] == "sent":
        return
    status = "sent" if error is None else "failed"
    conn.execute(
        "UPDATE mail SET status = ?, updated_at = ?, error = ? WHERE attendee = ?",
        (status, utc_now(), error or "", attendee),
    )
    detail = f"follow-up mail to {attendee}: " + ("sent" if error is None else f"failed: {error}")
    append_journal(conn, "mail", detail)


def set_mail_consent(conn: sqlite3.Connection, path: Path, attendee: str, allowed: bool) -> bool:
    """Mark an attendee as wanting follow-up mail or not ("no email"); False if unchanged."""
    old = q.get(conn, path, attendee)
    if old.consent.mail is allowed:
        return False
    new = attrs.evolve(old, consent=attrs.evolve(old.consent, mail=allowed))
    conn.execute(
        "UPDATE attendees SET consent = ? WHERE id = ?", (attendee_row(new)["consent"], attendee)
    )
    append_journal(conn, "edit", f"{attendee}: " + ("email allowed" if allowed else "no email"))
    return True


def mail_server(conn: sqlite3.Connection) -> MailServer:
    """The SMTP settings used last (defaults when none were stored)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'mail_server'").fetchone()
    if row is None:
        return MailServer()
    try:
        return loads(row[0], MailServer)
    except Exception:  # cattrs' errors vary; settings it cannot read are just forgotten
        return MailServer()


def set_mail_server(conn: sqlite3.Connection, server: MailServer) -> None:
    """Remember the SMTP settings (never a password) for the next run."""
    if server == mail_server(conn):
        return
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('mail_server', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (dumps(server),),
    )
    append_journal(conn, "mail settings", f"SMTP server {server.host or '(none)'}")
