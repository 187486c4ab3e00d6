"""From rows of cells to attendees: cleaning, checking, merging duplicates, giving ids.

A `RawRow` is one registration as read from any file (CSV row or TOML `[[attendee]]`), keyed
by our field names. `to_attendee` turns it into an Attendee or a RowProblem that says why it
is kept out; `resolve` merges the same person registered twice and makes every id unique.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from eventrunner.importing.answers import Answer, AnswerReader
from eventrunner.importing.report import RowProblem, place
from eventrunner.importing.text import show, slugify
from eventrunner.interests import Synonyms, normalize, parse_tags
from eventrunner.model import Answers, Attendee, Consent
from eventrunner.textsafe import clean_text

TEXT_FIELDS = ("id", "name", "email", "phone", "company", "title", "side")
PROFILE_FIELDS = ("linkedin", "twitter", "website")
TAG_FIELDS = ("interests", "offers", "seeks")
REFERENCE_FIELDS = ("avoid", "want")
_MERGED_TEXT = ("name", "phone", "company", "title", "side", "linkedin", "twitter", "website")

# Registration statuses of people who are not coming (Eventbrite "Not Attending", Luma
# "declined"/"waitlist"/"pending_approval", Meetup RSVP "No"), compared case-folded with
# '_' and '-' read as spaces. Any other status, or none, is imported.
NOT_COMING = frozenset(
    {"not attending", "declined", "cancelled", "canceled", "refunded", "rejected", "no",
     "not going", "waitlist", "waitlisted", "waiting list", "pending approval", "pending",
     "invited", "deleted"}
)  # fmt: skip
# What Eventbrite writes in every attendee field a buyer did not fill in for a guest.
_PLACEHOLDER = "info requested"
# How forms and spreadsheets say yes and no, in the seven languages whose headers we read.
_YES = frozenset({"yes", "y", "true", "1", "x", "✓", "✔", "ja", "oui", "sí", "si", "sim", "vero"})
_NO = frozenset({"", "no", "n", "false", "0", "nein", "non", "não", "nao", "nee", "falso"})
_MAX_NAME = 200  # longer is a pasted paragraph, not a name; no badge could print it
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_REFERENCE_SEPARATORS = re.compile(r"[;,|\n]+")

Value = str | tuple[str, ...]


@attrs.frozen
class RawRow:
    """One registration as read, before checking: our field -> cell text (or TOML list)."""

    file: str
    """The file it comes from, as the organizer named it."""
    line: int | None
    """Where it starts in that file."""
    values: Mapping[str, Value]
    """Cells by field; a list only where a TOML file gave one."""


@attrs.frozen
class Candidate:
    """A row that passed its checks, waiting for merging and an id."""

    attendee: Attendee
    """The attendee; id is '' unless the row gave one."""
    file: str
    """Where the row comes from."""
    line: int | None
    """Its line there."""
    answers: tuple[Answer, ...] = ()
    """Its tag answers as read (notes, topic candidates, complements), for the whole-file
    steps of the import: event topics, and complements of columns written in words."""


def to_attendee(
    row: RawRow, synonyms: Synonyms, reader: AnswerReader | None = None
) -> Candidate | RowProblem:
    """Check and clean one row: a Candidate, or the first problem found in it."""

    def problem(field: str | None, message: str) -> RowProblem:
        return RowProblem(row.file, row.line, field, message)

    text: dict[str, str] = {}
    for field in (*TEXT_FIELDS, *PROFILE_FIELDS, "first_name", "last_name", "status"):
        value = row.values.get(field, "")
        if not isinstance(value, str):
            return problem(field, "expected text, got a list; write it as one string")
        text[field] = clean_text(value)
    status = " ".join(text["status"].casefold().replace("_", " ").replace("-", " ").split())
    if status in NOT_COMING:
        return problem(
            "status",
            f"{show(text['status'])} is not a confirmed attendee, so kept out; "
            "use --map status= to import everyone whatever their status",
        )
    placeholders = [f for f, v in text.items() if v.casefold() == _PLACEHOLDER]
    for field in placeholders:
        text[field] = ""
    name = text["name"] or " ".join(p for p in (text["first_name"], text["last_name"]) if p)
    if not name and placeholders:
        return problem(
            "name",
            "no name, only 'Info Requested' (a guest the buyer has not named yet); "
            "add the name or delete the row",
        )
    if not name:
        return problem("name", "no name; fill in the name or delete the row")
    if len(name) > _MAX_NAME:
        return problem("name", f"{len(name)} characters long; shorten it to a name")
    email = text["email"].removeprefix("mailto:").strip()
    if email and not _EMAIL.fullmatch(email):
        return problem("email", f"{show(email)} is not an email address; fix it or leave it blank")
    share = row.values.get("share", "")
    try:
        consent = Consent.from_text(
            clean_text(share if isinstance(share, str) else ";".join(share), keep_newlines=True)
        )
    except ValueError as error:
        return problem("share", str(error))
    no_email = row.values.get("no_email", "")
    said = clean_text(no_email if isinstance(no_email, str) else " ".join(no_email))
    said = said.strip().casefold().rstrip(".!")
    if said not in _YES | _NO:
        return problem(
            "no_email", f"{show(said)} is not yes or no; write yes, no or leave it blank"
        )
    if said in _YES:
        consent = attrs.evolve(consent, mail=False)
    tags: dict[str, tuple[str, ...]] = {field: () for field in TAG_FIELDS}
    answers: list[Answer] = []
    for field in TAG_FIELDS:
        value = row.values.get(field, "")
        if reader is None or not isinstance(value, str):
            tags[field] = _tags(value, synonyms)
            continue
        answer = reader.read(field, value, (row.file, row.line, name))
        tags[field] = answer.tags
        answers.append(answer)
    typed = Answers(**{a.field: a.text for a in answers if a.text})
    refs = {field: _references(row.values.get(field, "")) for field in REFERENCE_FIELDS}
    tickets = _tickets(row.values)
    attendee = Attendee(
        id=text["id"],
        name=name,
        email=email,
        phone=text["phone"],
        company=text["company"],
        title=text["title"],
        side=text["side"].casefold(),
        linkedin=text["linkedin"],
        twitter=text["twitter"],
        website=text["website"],
        consent=consent,
        interests=tags["interests"],
        offers=tags["offers"],
        seeks=tags["seeks"],
        avoid=refs["avoid"],
        want=refs["want"],
        tickets=tickets,
        answers=typed,
    )
    return Candidate(attendee, row.file, row.line, tuple(answers))


def _tags(value: Value, synonyms: Synonyms) -> tuple[str, ...]:
    if isinstance(value, str):
        return parse_tags(clean_text(value, keep_newlines=True), synonyms)
    # A TOML list already separates its tags: "sales, marketing" stays one item.
    return tuple(normalize(clean_text(item), synonyms) for item in value)


def _references(value: Value) -> tuple[str, ...]:
    items = _REFERENCE_SEPARATORS.split(value) if isinstance(value, str) else list(value)
    cleaned = (clean_text(item) for item in items)
    # Emails are compared case-insensitively, as ids made from emails are.
    return tuple(item.casefold() if "@" in item else item for item in cleaned if item)


def _tickets(values: Mapping[str, Value]) -> tuple[str, ...]:
    """Every ticket code of a row, from the `ticket` column and its siblings (`ticket.2`...)."""
    found: list[str] = []
    for field, value in values.items():
        if field == "ticket" or field.startswith("ticket."):
            items = _REFERENCE_SEPARATORS.split(value) if isinstance(value, str) else list(value)
            found.extend(" ".join(clean_text(item).split()) for item in items)
    return tuple(dict.fromkeys(code for code in found if code))


def resolve(
    candidates: Iterable[Candidate], source: str
) -> tuple[tuple[Attendee, ...], tuple[RowProblem, ...], tuple[str, ...]]:
    """Merge people registered twice (same email, or same id and name), then give ids.

    Returns the attendees, the rows refused (an id already used by someone else) and
    warnings describing each merge. `source` is the file the lines are counted in.
    """
    kept: list[Candidate] = []
    by_email: dict[str, int] = {}
    by_id: dict[str, int] = {}
    problems: list[RowProblem] = []
    warnings: list[str] = []
    for cand in candidates:
        person = cand.attendee
        email_key = person.email.casefold()
        if email_key in by_email:
            index = by_email[email_key]
            reason = f"same email {email_key}"
            if by_id.get(person.id, index) != index:
                # That id is someone else's: the merged person keeps their own.
                person = attrs.evolve(person, id="")
        elif person.id in by_id:
            index = by_id[person.id]
            other = kept[index].attendee
            if (other.email and person.email) or other.name.casefold() != person.name.casefold():
                problems.append(
                    RowProblem(
                        cand.file,
                        cand.line,
                        "id",
                        f"id {show(person.id)} is already used by {show(other.name)} "
                        f"({_where(kept[index], source)}); give one of them another id",
                    )
                )
                continue
            reason = f"same id {person.id} and name"
        else:
            if email_key:
                by_email[email_key] = len(kept)
            if person.id:
                by_id[person.id] = len(kept)
            kept.append(cand)
            continue
        merged, notes = _merge(kept[index].attendee, person)
        kept[index] = attrs.evolve(kept[index], attendee=merged)
        for key, table in ((merged.email.casefold(), by_email), (merged.id, by_id)):
            if key:
                table.setdefault(key, index)
        note = f" (kept {'; '.join(notes)})" if notes else ""
        warnings.append(
            f"{_where(cand, source)} merged into {_where(kept[index], source)}: {reason}{note}"
        )
    return _give_ids(kept), tuple(problems), tuple(warnings)


def _where(cand: Candidate, source: str) -> str:
    line = f"line {cand.line}" if cand.line is not None else "an attendee"
    return line if cand.file == source else place(cand.file, cand.line)


def _merge(first: Attendee, later: Attendee) -> tuple[Attendee, list[str]]:
    """The first registration, completed by the later one; notes say what was not taken."""
    changes: dict[str, Any] = {}  # attrs.evolve takes each field's own type
    notes: list[str] = []
    for field in ("id", *_MERGED_TEXT):
        mine, theirs = getattr(first, field), getattr(later, field)
        if not mine and theirs:
            changes[field] = theirs
        elif theirs and mine.casefold() != theirs.casefold():
            notes.append(f"{field} {show(mine)} over {show(theirs)}")
    for field in (*TAG_FIELDS, *REFERENCE_FIELDS, "tickets"):
        changes[field] = (*getattr(first, field), *getattr(later, field))
    # Both registrations' words are read again later, as if typed in one answer.
    changes["answers"] = Answers(
        **{
            field: "\n\n".join(t for t in (first.answers.get(field), later.answers.get(field)) if t)
            for field in TAG_FIELDS
        }
    )
    if later.consent.stated and not first.consent.stated:
        changes["consent"] = attrs.evolve(later.consent, mail=first.consent.mail)
    elif later.consent.stated and later.consent != first.consent:
        notes.append(f"share {show(first.consent.to_text())} over {show(later.consent.to_text())}")
    if not later.consent.mail:  # asked not to be emailed in any registration: never emailed
        changes["consent"] = attrs.evolve(changes.get("consent", first.consent), mail=False)
    return attrs.evolve(first, **changes), notes


def _give_ids(kept: Sequence[Candidate]) -> tuple[Attendee, ...]:
    """The id given, else the email, else a slug of the name made unique."""
    used = {c.attendee.id for c in kept if c.attendee.id}
    result: list[Attendee] = []
    for cand in kept:
        person = cand.attendee
        if not person.id:
            new_id = person.email.casefold()
            if not new_id or new_id in used:
                new_id = _unique(slugify(person.name), used)
            used.add(new_id)
            person = attrs.evolve(person, id=new_id)
        result.append(person)
    return tuple(result)


def _unique(base: str, used: set[str]) -> str:
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"
