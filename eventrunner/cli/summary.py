"""The text of `eventrunner info`: what an organizer checks before the doors open."""

from __future__ import annotations

from collections import Counter

from eventrunner.interests import popularity
from eventrunner.model import Attendee, EventSettings, Presence
from eventrunner.store import EventStore


def _settings_line(s: EventSettings) -> str:
    fmt = "1:1 meetings" if s.table_size == 2 else f"tables of {s.table_size}"
    extras = []
    if s.table_size == 2:
        extras.append(f"odd count: {s.odd_policy.value}")
    if s.two_sided:
        hosts = f"the {s.hosts} side" if s.hosts else "the smaller side"
        extras.append(f"two-sided, {hosts} keeps its tables")
    elif s.table_size == 2:
        extras.append("one of each pair stays seated" if s.seats_stay else "everyone moves")
    extras.append(f"colleagues: {s.company_rule.value}")
    extras.append(f"contacts released on {s.release.value}")
    return (
        f"{s.rounds} rounds of {s.minutes:g} min (+{s.switch_seconds} s to switch), {fmt}; "
        + ", ".join(extras)
    )


def _warnings(people: tuple[Attendee, ...], s: EventSettings) -> list[str]:
    warnings = []
    keys = {a.id for a in people} | {a.email.casefold() for a in people if a.email}
    no_interests = [a.name for a in people if not a.interests]
    if no_interests:
        shown = ", ".join(no_interests[:5]) + (" ..." if len(no_interests) > 5 else "")
        warnings.append(f"{len(no_interests)} without interests (matched on chance): {shown}")
    for a in people:
        for kind in ("avoid", "want"):
            for ref in getattr(a, kind):
                if ref not in keys and ref.casefold() not in keys:
                    warnings.append(f"{a.name}: {kind} {ref!r} is not an attendee id or email")
    partners = len(people) - 1
    if s.table_size == 2 and s.rounds > partners:
        warnings.append(
            f"{s.rounds} rounds but each person has only {partners} possible partners: "
            "some will meet twice"
        )
    if s.two_sided:
        sides = Counter(a.side.casefold() for a in people)
        if len([k for k in sides if k]) != 2 or "" in sides:
            warnings.append(
                "two-sided event but the side column has "
                + ", ".join(f"{k or '(blank)'}: {v}" for k, v in sides.items())
            )
    return warnings


_ANSWERS_SHOWN = 40


def _reading_lines(store: EventStore) -> list[str]:
    """The event's own synonyms, and what the free-text answers of its imports became."""
    synonyms, answers = store.interest_reading()
    lines = []
    if synonyms:
        lines.append(
            f"Event synonyms ({len(synonyms)}): "
            + ", ".join(f"{k} -> {v}" for k, v in sorted(synonyms.items()))
        )
    if answers:
        lines.append(f"Free-text answers read ({len(answers)}; answer -> tags):")
        lines.extend(f"  {line}" for line in answers[:_ANSWERS_SHOWN])
        if len(answers) > _ANSWERS_SHOWN:
            lines.append(f"  ... {len(answers) - _ANSWERS_SHOWN} more (shown by new / import)")
    return lines


def event_summary(store: EventStore) -> list[str]:
    """Lines describing the event in the store."""
    s = store.settings()
    people = store.attendees()
    presence = Counter(a.presence for a in people)
    lines = [
        f"{s.name} — {store.path}",
        _settings_line(s),
        f"Attendees: {len(people)} registered, {presence[Presence.PRESENT]} present, "
        f"{presence[Presence.LEFT]} left",
    ]
    if s.two_sided:
        sides = Counter(a.side or "(blank)" for a in people)
        lines.append("Sides: " + ", ".join(f"{k} {v}" for k, v in sorted(sides.items())))
    companies = Counter(a.company_key for a in people if a.company_key)
    shared = [(c, n) for c, n in companies.most_common() if n > 1]
    if shared:
        names = {a.company_key: a.company for a in people}
        lines.append(
            f"Colleagues: {len(shared)} compan{'y sends' if len(shared) == 1 else 'ies send'} "
            "several people ("
            + ", ".join(f"{names[c]} {n}" for c, n in shared[:5])
            + (", ..." if len(shared) > 5 else "")
            + ")"
        )
    top = popularity(people).most_common(8)
    if top:
        lines.append("Top interests: " + ", ".join(f"{tag} ({n})" for tag, n in top))
    lines.extend(_reading_lines(store))
    lines.append(f"Consent stated by {sum(a.consent.stated for a in people)} of {len(people)}")
    ticketed = sum(bool(a.tickets) for a in people)
    lines.append(
        f"Tickets: {ticketed} of {len(people)} have a ticket code (check-in by scanning)"
        if ticketed
        else "Tickets: none imported (check-in by name; a `ticket` column enables scanning)"
    )
    plan = store.current_plan()
    if plan is None:
        lines.append("Plan: none yet (eventrunner plan EVENT)")
    else:
        st = plan.stats
        lines.append(
            f"Plan v{len(store.plan_history())}: affinity {st.affinity_total} "
            f"({st.quality}), lowest attendee "
            f"{st.min_attendee_affinity}, repeats {st.repeats}"
        )
    lines.append(f"Played: {store.played_through()} of {s.rounds} rounds")
    wishes = store.followups()
    if wishes:
        lines.append(f"Follow-up wishes: {len(wishes)}")
    for w in _warnings(people, s):
        lines.append(f"Warning: {w}")
    return lines
