"""What a print run reads: the event, its plan, the played rounds, the wishes, the last re-plan.

One frozen snapshot taken from the event file (`PrintContext.from_store`) or built from model
records in tests and benchmarks, so the renderers never touch the store. Also the small
shared ways of naming people on paper.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

import attrs

from eventrunner.model import Attendee, Event, FollowUpWish, Plan, Round
from eventrunner.printing.fonts import clean_text
from eventrunner.printing.scripts import collation_key


class _Version(Protocol):
    """A saved plan version (`store.PlanVersion`)."""

    @property
    def version(self) -> int: ...


class _Store(Protocol):
    """The part of `EventStore` printing reads."""

    def event(self) -> Event: ...
    def current_plan(self) -> Plan | None: ...
    def played_through(self) -> int: ...
    def played_rounds(self) -> tuple[Round, ...]: ...
    def followups(self) -> tuple[FollowUpWish, ...]: ...
    def plan_history(self) -> Sequence[_Version]: ...
    def plan_version(self, version: int) -> Plan: ...


@attrs.frozen
class PrintContext:
    """Everything printed comes from here."""

    event: Event
    """Settings and attendees."""
    plan: Plan | None = None
    """The current plan, if one was made."""
    played_through: int = 0
    """Rounds 1..N recorded as played."""
    played_rounds: tuple[Round, ...] = ()
    """The rounds as played (what follow-up packs report)."""
    wishes: tuple[FollowUpWish, ...] = ()
    """Follow-up wishes recorded after the event."""
    previous_plan: Plan | None = None
    """The plan before the last re-plan (for re-plan slips)."""
    people: Mapping[str, Attendee] = attrs.field(init=False)
    """Attendees by id."""

    @people.default
    def _people(self) -> Mapping[str, Attendee]:
        return self.event.by_id()

    @classmethod
    def from_store(cls, store: _Store) -> PrintContext:
        """A snapshot of the event file."""
        history = store.plan_history()
        previous = None
        if len(history) >= 2:
            previous = store.plan_version(history[-2].version)
        return cls(
            event=store.event(),
            plan=store.current_plan(),
            played_through=store.played_through(),
            played_rounds=tuple(store.played_rounds()),
            wishes=tuple(store.followups()),
            previous_plan=previous,
        )

    def name(self, attendee_id: str) -> str:
        """The printable name of an attendee ('?' for an unknown id, never the id: it may be
        a private email)."""
        person = self.people.get(attendee_id)
        return (clean_text(person.name) or "?") if person is not None else "?"

    def texts(self) -> Iterator[tuple[str, str]]:
        """(owner, text) of everything about attendees a page may print, for the font check."""
        yield "the event name", self.event.settings.name
        for person in self.event.attendees:
            owner = f"attendee {clean_text(person.name)!r} (id {person.id})"
            for text in (person.name, person.company, person.title, *person.interests):
                yield owner, text


def sort_key(name: str) -> tuple[object, str]:
    """Alphabetical order as people expect it: the Unicode collation algorithm (Łukasz
    among the L names, accents and case second), the locale's rules when PyICU has them."""
    return collation_key(clean_text(name)), name


def top_interests(person: Attendee, counts: Mapping[str, int], count: int = 3) -> list[str]:
    """The attendee's interests most others share (`counts` from `interests.popularity`),
    in their own order on ties: the ones most likely to open a conversation."""
    order = {tag: i for i, tag in enumerate(person.interests)}
    ranked = sorted(person.interests, key=lambda tag: (-counts.get(tag, 0), order[tag]))
    return ranked[:count]


def initial(name: str) -> str:
    """The letter a name files under in an alphabetical list."""
    folded = unicodedata.normalize("NFKD", clean_text(name).casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return plain[:1].upper() if plain[:1].isalpha() else "#"
