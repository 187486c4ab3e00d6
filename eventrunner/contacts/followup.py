"""Follow-ups: who met whom, who matched, what each attendee may receive, whom to meet next.

Built from the played rounds and the follow-up wishes of an event (the event file supplies
both); pure functions of model records. The texts made here name people only by name and
carry contact details only through `contacts`, so nothing an attendee did not share, and
nothing the release policy holds back, reaches a summary, a card or a mail-merge row.
Attendee ids never appear in these texts: an id may be a private email.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs

from eventrunner.contacts.vcard import Payload, card, may_receive, vcard
from eventrunner.interests import affinity, shared_interests
from eventrunner.model import Attendee, Event, FollowUpWish, Presence, ReleasePolicy, Round
from eventrunner.textsafe import clean_text

#: Columns of the mail-merge CSV, one row per attendee (see `mail_merge_rows`).
MAIL_MERGE_HEADER: tuple[str, ...] = ("email", "name", "summary", "contacts")
#: How many people the pack suggests meeting next.
MAX_INTRODUCTIONS = 3


@attrs.frozen
class Meeting:
    """One table an attendee sat at."""

    round: int
    """Round number, from 1."""
    table: int
    """Table number as printed."""
    partners: tuple[str, ...]
    """Ids of the others at the table."""
    shared: tuple[str, ...]
    """Interests the attendee shares with at least one of them."""


@attrs.frozen
class Introduction:
    """Someone an attendee did not meet but should: they share the most."""

    attendee: str
    """Id of the person suggested."""
    shared: tuple[str, ...]
    """What the two share."""
    via: str | None
    """Id of someone who met them both (extend your connections), if anyone did."""


@attrs.frozen
class FollowUp:
    """Everything the follow-up pack of one attendee says."""

    attendee: str
    """Id of the attendee this pack is for."""
    met: tuple[Meeting, ...]
    """Their tables, in round order."""
    matches: tuple[str, ...]
    """Ids of people with whom the wish to keep in touch is mutual."""
    wished: tuple[str, ...]
    """Ids they wished to keep in touch with, without a wish back."""
    wished_by: tuple[str, ...]
    """Ids who wished to keep in touch with them, without a wish back."""
    contacts: tuple[str, ...]
    """Ids whose shared contact fields they may receive under the release policy."""
    introductions: tuple[Introduction, ...]
    """Up to MAX_INTRODUCTIONS people to meet next."""


def matches(wishes: Iterable[FollowUpWish]) -> list[tuple[str, str]]:
    """Mutual pairs (each wished the other), ids sorted within and across pairs."""
    asked = {(w.who, w.partner) for w in wishes if w.who != w.partner}
    return sorted({(a, b) for a, b in asked if a < b and (b, a) in asked})


def met_pairs(played: Iterable[Round]) -> set[frozenset[str]]:
    """Every pair of ids that shared a table in these rounds."""
    return {
        frozenset((a, b))
        for rnd in played
        for table in rnd.tables
        for a in table.attendees
        for b in table.attendees
        if a != b
    }


def followups(
    event: Event, played: Sequence[Round], wishes: Iterable[FollowUpWish]
) -> dict[str, FollowUp]:
    """The follow-up of every attendee of the event, keyed by id.

    Ids in rounds or wishes that are not attendees of the event are ignored.
    """
    people = event.by_id()
    valid = frozenset(
        w for w in wishes if w.who in people and w.partner in people and w.who != w.partner
    )
    met = met_pairs(played)
    knows: dict[str, set[str]] = defaultdict(set)  # who met whom, both ways
    for a, b in map(tuple, met):
        knows[a].add(b)
        knows[b].add(a)
    asks: dict[str, set[str]] = defaultdict(set)
    asked_by: dict[str, set[str]] = defaultdict(set)
    for w in valid:
        asks[w.who].add(w.partner)
        asked_by[w.partner].add(w.who)
    attended = set(knows) | {
        a.id for a in event.attendees if a.presence in (Presence.PRESENT, Presence.LEFT)
    }

    def by_name(ident: str) -> tuple[str, str]:
        return (people[ident].name.casefold(), ident)

    result: dict[str, FollowUp] = {}
    for person in event.attendees:
        me = person.id
        meetings = _meetings(person, played, people)
        partners = [p for m in meetings for p in m.partners]
        mutual = sorted(asks[me] & asked_by[me], key=by_name)
        contacts = [
            other
            for other in dict.fromkeys([*partners, *mutual])
            if may_receive(me, other, settings=event.settings, wishes=valid, met=met)
            and len(card(people[other]).fields) > 1  # more than a bare name to keep
        ]
        intros = _introductions(person, people, knows, attended) if me in attended else ()
        result[me] = FollowUp(
            attendee=me,
            met=meetings,
            matches=tuple(mutual),
            wished=tuple(sorted(asks[me] - asked_by[me], key=by_name)),
            wished_by=tuple(sorted(asked_by[me] - asks[me], key=by_name)),
            contacts=tuple(contacts),
            introductions=intros,
        )
    return result


def _meetings(
    person: Attendee, played: Sequence[Round], people: Mapping[str, Attendee]
) -> tuple[Meeting, ...]:
    meetings = []
    for rnd in sorted(played, key=lambda r: r.number):
        table = rnd.table_of(person.id)
        if table is None:
            continue
        partners = tuple(p for p in table.attendees if p != person.id and p in people)
        shared = [tag for p in partners for tag in shared_interests(person, people[p])]
        meetings.append(Meeting(rnd.number, table.number, partners, tuple(dict.fromkeys(shared))))
    return tuple(meetings)


def _introductions(
    person: Attendee,
    people: Mapping[str, Attendee],
    knows: Mapping[str, set[str]],
    attended: set[str],
) -> tuple[Introduction, ...]:
    me = person.id
    mine = knows.get(me, set())
    keys = {me, person.email} - {""}
    scores: dict[str, int] = {}
    for other_id in attended - mine - {me}:
        other = people.get(other_id)
        if other is None or keys & set(other.avoid) or {other.id, other.email} & set(person.avoid):
            continue
        scores[other_id] = affinity(person, other)
    ranked = sorted((s for s in scores.values() if s > 0), reverse=True)
    if not ranked:
        return ()
    # Only people who can make the top few need the slower look for someone who knows both.
    floor = ranked[min(MAX_INTRODUCTIONS, len(ranked)) - 1]
    found: list[tuple[tuple[int, bool, str, str], Introduction]] = []
    for other_id, score in scores.items():
        if score < floor:
            continue
        other = people[other_id]
        common = [p for p in mine & knows.get(other_id, set()) if p in people]
        via = max(  # the one with most in common with the two
            common,
            key=lambda p: (affinity(people[p], person) + affinity(people[p], other), p),
            default=None,
        )
        intro = Introduction(other_id, tuple(shared_interests(person, other)), via)
        found.append(((-score, via is None, other.name.casefold(), other_id), intro))
    found.sort(key=lambda item: item[0])
    return tuple(intro for _, intro in found[:MAX_INTRODUCTIONS])


def _name(people: Mapping[str, Attendee], ident: str) -> str:
    return clean_text(people[ident].name).strip() or "?"


def contacts_text(f: FollowUp, event: Event) -> str:
    """One line per contact they may receive: the name, then what that person shares."""
    people = event.by_id()
    lines = []
    for ident in f.contacts:
        fields = card(people[ident], multiline=False).fields
        lines.append(" · ".join(fields.values()))
    return "\n".join(lines)


def summary_text(f: FollowUp, event: Event, *, with_contacts: bool = True) -> str:
    """The follow-up summary as plain text (the mail-merge CSV, the printed pack).

    One-way wishes towards the attendee are shown only under the `consent` policy: under
    `mutual`, a wish stays private until it is returned.
    """
    people = event.by_id()

    def names(ids: Iterable[str]) -> str:
        return ", ".join(_name(people, i) for i in ids)

    lines = [f"{_name(people, f.attendee)}, your follow-up from {clean_text(event.settings.name)}"]
    lines += ["", "You met:"] if f.met else ["", "You did not sit at a table this time."]
    for m in f.met:
        common = f" (you share: {', '.join(m.shared)})" if m.shared else ""
        lines.append(f"  Round {m.round}, table {m.table}: {names(m.partners)}{common}")
    if f.matches:
        lines += ["", f"Matches, you both want to keep in touch: {names(f.matches)}"]
    if f.wished:
        lines += ["", f"You asked to keep in touch with: {names(f.wished)}"]
    if f.wished_by and event.settings.release is ReleasePolicy.CONSENT:
        lines += ["", f"They would like to keep in touch with you: {names(f.wished_by)}"]
    if with_contacts and f.contacts:
        lines += ["", "Contacts they agreed to share with you:"]
        lines += ["  " + line for line in contacts_text(f, event).splitlines()]
    if f.introductions:
        lines += ["", "People you did not meet but should:"]
    for intro in f.introductions:
        common = f" (you share: {', '.join(intro.shared)})" if intro.shared else ""
        via = f"; {_name(people, intro.via)} met you both" if intro.via else ""
        lines.append(f"  {_name(people, intro.attendee)}{common}{via}")
    return "\n".join(lines)


def contact_notes(f: FollowUp, event: Event) -> list[str]:
    """For each contact they may receive, the note its vCard carries: where they met and
    what they share."""
    people = event.by_id()
    me = people[f.attendee]
    rounds = {p: m.round for m in reversed(f.met) for p in m.partners}
    notes = []
    for ident in f.contacts:
        where = f", round {rounds[ident]}" if ident in rounds else ""
        note = f"Met at {event.settings.name}{where}."
        common = shared_interests(me, people[ident])
        if common:
            note += " You share: " + ", ".join(common) + "."
        notes.append(note)
    return notes


def contact_cards(f: FollowUp, event: Event) -> list[Payload]:
    """vCards of the contacts they may receive, each noting where they met and what they share."""
    people = event.by_id()
    me = people[f.attendee]
    rounds = {p: m.round for m in reversed(f.met) for p in m.partners}
    cards = []
    for ident in f.contacts:
        other = people[ident]
        where = f", round {rounds[ident]}" if ident in rounds else ""
        note = f"Met at {event.settings.name}{where}."
        common = shared_interests(me, other)
        if common:
            note += " You share: " + ", ".join(common) + "."
        cards.append(vcard(other, note=note))
    return cards


def mail_merge_rows(event: Event, fus: Mapping[str, FollowUp]) -> list[tuple[str, ...]]:
    """One row per attendee who took part (MAIL_MERGE_HEADER); unsafe cells are left to
    the CSV writer (`csvsafe.write_rows`) to neutralize."""
    people = event.by_id()
    rows: list[tuple[str, ...]] = []
    for person in event.attendees:
        f = fus.get(person.id)
        if f is None or not (f.met or person.presence in (Presence.PRESENT, Presence.LEFT)):
            continue
        rows.append(
            (
                clean_text(person.email).strip(),
                _name(people, person.id),
                summary_text(f, event, with_contacts=False),
                contacts_text(f, event),
            )
        )
    return rows
