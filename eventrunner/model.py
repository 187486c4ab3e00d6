"""The domain records of an event: attendees, settings, tables, rounds, plans, wishes.

Plain frozen attrs records and the enums they use. No I/O and no file formats here:
readers live in `importing`, the event file in `store`, scoring in `interests`.
Change a record with `attrs.evolve`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator

import attrs

#: Contact fields an attendee can agree to share. The name is always shown.
SHAREABLE_FIELDS: tuple[str, ...] = (
    "email",
    "phone",
    "company",
    "title",
    "linkedin",
    "twitter",
    "website",
)

#: What people who said nothing about sharing share: their name, where they work and
#: the public profiles they gave us, never a private email or phone.
DEFAULT_SHARED_FIELDS: frozenset[str] = frozenset(
    {"company", "title", "linkedin", "twitter", "website"}
)


class Presence(enum.StrEnum):
    """Where an attendee is in the evening."""

    REGISTERED = "registered"
    PRESENT = "present"
    LEFT = "left"


class OddPolicy(enum.StrEnum):
    """What 1:1 rounds do with an odd attendee count."""

    BYE = "bye"
    TRIO = "trio"


class ReleasePolicy(enum.StrEnum):
    """When a partner may receive an attendee's shared contact fields."""

    CONSENT = "consent"
    MUTUAL = "mutual"


class CompanyRule(enum.StrEnum):
    """Whether colleagues (same company) may share a table."""

    APART = "apart"
    ALLOW = "allow"


def _tags(value: Iterable[str]) -> tuple[str, ...]:
    """Keep tags in the order given, once each, without blanks."""
    return tuple(dict.fromkeys(tag for tag in value if tag))


def _field_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen
class Answers:
    """What an attendee typed in the tag questions of the registration form, as typed.

    Kept so that the tags can be read again from the words (with the event's synonyms as
    they are now, and with topics shared across the whole event); a field left blank here
    has no typed answer (a clean tag list from a TOML file, a file from an older
    eventrunner), and its tags are kept as they are.
    """

    interests: str = ""
    """The answer to "What are your interests?"."""
    offers: str = ""
    """The answer to "What can you offer?"."""
    seeks: str = ""
    """The answer to "What are you looking for?"."""

    def __bool__(self) -> bool:
        return bool(self.interests or self.offers or self.seeks)

    def get(self, field: str) -> str:
        """The answer of `field` (`interests`, `offers` or `seeks`)."""
        value: str = getattr(self, field)
        return value


@attrs.frozen
class Consent:
    """What one attendee agreed to share with the people they meet."""

    fields: frozenset[str] = attrs.field(default=DEFAULT_SHARED_FIELDS, converter=_field_set)
    """Names from SHAREABLE_FIELDS this attendee shares."""
    stated: bool = False
    """True when the attendee said so; False when the event default applies."""
    mail: bool = True
    """False when the attendee asked not to be emailed ("no email"): no follow-up mail."""

    @classmethod
    def from_text(cls, text: str) -> Consent:
        """Read a `share` cell: `email;linkedin`, `all`, `none`, or blank (the default).

        Raises ValueError naming an unknown field.
        """
        words = [w.strip().casefold() for w in _split_share(text)]
        words = [w for w in words if w]
        if not words:
            return cls()
        if words == ["all"]:
            return cls(frozenset(SHAREABLE_FIELDS), stated=True)
        if words == ["none"]:
            return cls(frozenset(), stated=True)
        unknown = [w for w in words if w not in SHAREABLE_FIELDS]
        if unknown:
            raise ValueError(
                f"unknown share field {unknown[0]!r}; use all, none or some of "
                + ", ".join(SHAREABLE_FIELDS)
            )
        return cls(frozenset(words), stated=True)

    def to_text(self) -> str:
        """The `share` cell this consent reads back from."""
        if not self.stated:
            return ""
        if not self.fields:
            return "none"
        if self.fields == frozenset(SHAREABLE_FIELDS):
            return "all"
        return ";".join(f for f in SHAREABLE_FIELDS if f in self.fields)


def _split_share(text: str) -> list[str]:
    for sep in ",|\n":
        text = text.replace(sep, ";")
    return text.split(";")


@attrs.frozen
class Attendee:
    """One person registered for the event."""

    id: str
    """Stable identifier: the email, else a slug of the name made unique."""
    name: str
    """Display name, in any script."""
    email: str = ""
    """Contact email (private unless shared)."""
    phone: str = ""
    """Contact phone (private unless shared)."""
    company: str = ""
    """Employer or organisation; equal companies (case-insensitive) are colleagues."""
    title: str = ""
    """Job title."""
    interests: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    """Normalized interest tags."""
    offers: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    """Normalized tags of what this attendee can offer others."""
    seeks: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    """Normalized tags of what this attendee is looking for."""
    side: str = ""
    """For two-sided events, e.g. `mentor` or `mentee`; blank otherwise."""
    linkedin: str = ""
    """LinkedIn handle or URL."""
    twitter: str = ""
    """Twitter/X handle or URL."""
    website: str = ""
    """Personal or company website."""
    consent: Consent = attrs.field(factory=Consent)
    """Which contact fields the attendee shares."""
    avoid: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    """Ids or emails of people this attendee must never sit with."""
    want: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    """Ids or emails of people this attendee asked to meet."""
    tickets: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    """Ticket, order or registration codes from the ticketing system, for check-in by scan."""
    presence: Presence = Presence.REGISTERED
    """Registered, present (checked in) or left."""
    answers: Answers = attrs.field(factory=Answers)
    """The tag answers as typed in the form, from which the tags above were read."""

    @property
    def company_key(self) -> str:
        """The company compared for the colleagues rule ('' when unknown)."""
        return " ".join(self.company.casefold().split())

    def shared_value(self, field: str) -> str:
        """The value of a shareable contact field."""
        if field not in SHAREABLE_FIELDS:
            raise KeyError(field)
        value: str = getattr(self, field)
        return value


def ticket_keys(code: str) -> tuple[str, ...]:
    """The forms under which a ticket code is recognised when scanned, most specific first.

    Codes compare without case and surrounding blanks (scanners and spreadsheets disagree
    on both). A URL (Tito's `Unique Ticket URL`, Luma's `qr_code_url`) is also known by the
    values of its query (`?pk=g-abc`) and by its last path segment, which is what the
    ticketing apps put in the QR code of the ticket.
    """
    text = " ".join(code.split()).casefold()
    if not text:
        return ()
    keys = [text]
    if "://" in text:
        address, _, query = text.partition("?")
        for pair in query.split("&"):
            value = pair.partition("=")[2]
            if len(value) >= 4:
                keys.append(value)
        segment = address.rstrip("/").rpartition("/")[2]
        if len(segment) >= 4 and "." not in segment:
            keys.append(segment)
    return tuple(dict.fromkeys(keys))


@attrs.frozen
class EventSettings:
    """How the organizer wants the evening to run."""

    name: str
    """The event's display name."""
    rounds: int = attrs.field(default=6)
    """Number of rounds planned."""
    minutes: float = attrs.field(default=5.0)
    """Length of one meeting, in minutes."""
    switch_seconds: int = 60
    """Time between rounds for people to find their next table."""
    table_size: int = attrs.field(default=2)
    """2 for 1:1 meetings, 3 or 4 for small tables."""
    odd_policy: OddPolicy = OddPolicy.BYE
    """1:1 with an odd count: a rotating bye, or one trio per round."""
    two_sided: bool = False
    """Tables always mix the two sides (mentors x mentees, ...)."""
    company_rule: CompanyRule = CompanyRule.APART
    """Whether colleagues may be seated together."""
    release: ReleasePolicy = ReleasePolicy.CONSENT
    """When partners receive shared contacts."""
    auto_advance: bool = True
    """Start the next round by itself after the switch period."""
    hosts: str = ""
    """Two-sided: the side whose people keep one table all evening; blank = the smaller side."""
    seats_stay: bool = True
    """One-sided 1:1: in each meeting one of the two stays at the table they were at."""
    chime_seconds: int = attrs.field(default=60)
    """A warning chime this many seconds before a meeting ends (0: no chime, only the bell)."""

    @chime_seconds.validator
    def _check_chime(self, _: object, value: int) -> None:
        if not 0 <= value <= 3600:
            raise ValueError("chime_seconds must be between 0 (off) and 3600")

    date: str = ""
    """When the event takes place, as the organizer writes it ("Thu 3 Dec 2026, 19:00")."""
    venue: str = ""
    """Where it takes place (printed under the event name)."""
    logo: str = ""
    """Path of a PNG or SVG logo printed on badges, cards, maps and packs ('' for none)."""
    brand_color: str = attrs.field(default="")
    """The event's colour as #RRGGBB ('' for the default ink)."""
    organizer: str = ""
    """How to reach the organizer after the event (printed on follow-up packs)."""
    next_date: str = ""
    """The next event's date, for the follow-up packs ('' when not known yet)."""

    @brand_color.validator
    def _check_brand_color(self, _: object, value: str) -> None:
        if value and not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
            raise ValueError("brand_color must be a colour written #RRGGBB, e.g. #1F6FEB")

    @rounds.validator
    def _check_rounds(self, _: object, value: int) -> None:
        if not 1 <= value <= 500:
            raise ValueError("rounds must be between 1 and 500")

    @table_size.validator
    def _check_table_size(self, _: object, value: int) -> None:
        if value not in (2, 3, 4):
            raise ValueError("table size must be 2, 3 or 4")

    @minutes.validator
    def _check_minutes(self, _: object, value: float) -> None:
        if not 0 < value <= 240:
            raise ValueError("minutes per round must be between 0 and 240")


@attrs.frozen
class Table:
    """One meeting: two people, or a group of three or four."""

    number: int
    """Table number as printed on the wall, from 1."""
    attendees: tuple[str, ...]
    """Ids of the people seated."""
    affinity: int = 0
    """Default affinity of the table (sum over its pairs)."""
    shared: tuple[str, ...] = ()
    """Interests shared by at least two people at the table, most shared first."""


@attrs.frozen
class Round:
    """One round of the plan."""

    number: int
    """Round number, from 1."""
    tables: tuple[Table, ...]
    """The tables of this round."""
    byes: tuple[str, ...] = ()
    """Ids of attendees who sit this round out."""

    def table_of(self, attendee_id: str) -> Table | None:
        """The table this attendee sits at, or None for a bye."""
        for table in self.tables:
            if attendee_id in table.attendees:
                return table
        return None


@attrs.frozen
class PlanStats:
    """How good a plan is, reported with every plan."""

    affinity_total: int = 0
    """Sum of the tables' affinities over all rounds."""
    upper_bound: int = 0
    """An upper bound on affinity_total for these attendees and rounds."""
    repeats: int = 0
    """Pairs that meet more than once (each extra meeting counted)."""
    min_attendee_affinity: int = 0
    """The lowest total affinity over all meetings of one attendee."""
    zero_meetings: int = 0
    """Meetings (pairs at a table) with nothing in common."""
    solve_seconds: float = 0.0
    """Wall time spent planning."""
    rule_breaks: tuple[str, ...] = ()
    """Hard rules the plan had to break, in words."""
    unmet_wants: tuple[tuple[str, str], ...] = ()
    """`want` requests the plan could not honour, as (who, whom)."""
    changed_meetings: int = 0
    """For a re-plan: announced future meetings that changed."""
    changed_people: int = 0
    """For a re-plan: people whose table or partner changed in a round not started."""
    moves: tuple[int, ...] = ()
    """Per round: people who sit at another table number than in the round before."""

    @property
    def percent_of_bound(self) -> float:
        """affinity_total as a percentage of upper_bound (100 when the bound is 0)."""
        if self.upper_bound <= 0:
            return 100.0
        return 100.0 * self.affinity_total / self.upper_bound

    @property
    def proven_optimal(self) -> bool:
        """No plan can do better: every rule and request kept, affinity at its upper bound."""
        return (
            not self.rule_breaks
            and not self.unmet_wants
            and self.affinity_total >= self.upper_bound
        )

    @property
    def quality(self) -> str:
        """ "proven optimal", or how close to the bound, e.g. "97.1% of the bound 412"."""
        if self.proven_optimal:
            return "proven optimal"
        return f"{self.percent_of_bound:.1f}% of the bound {self.upper_bound}"


@attrs.frozen
class Plan:
    """All rounds of an event."""

    rounds: tuple[Round, ...]
    """The rounds, in order."""
    stats: PlanStats = attrs.field(factory=PlanStats)
    """Quality figures of this plan."""

    def meetings(self) -> Iterator[tuple[int, str, str]]:
        """Every pair that shares a table: (round number, id, id) with ids sorted."""
        for rnd in self.rounds:
            for table in rnd.tables:
                people = sorted(table.attendees)
                for i, a in enumerate(people):
                    for b in people[i + 1 :]:
                        yield rnd.number, a, b

    def itinerary(self, attendee_id: str) -> list[tuple[int, Table | None]]:
        """This attendee's table in every round (None for a bye)."""
        return [(rnd.number, rnd.table_of(attendee_id)) for rnd in self.rounds]


@attrs.frozen
class FollowUpWish:
    """`who` wants to keep in touch with `partner` after the event."""

    who: str
    """Id of the attendee who wishes."""
    partner: str
    """Id of the attendee they want to keep in touch with."""


@attrs.frozen
class Event:
    """An event: its settings and its attendees."""

    settings: EventSettings
    """How the evening runs."""
    attendees: tuple[Attendee, ...] = ()
    """Everyone registered, in registration order."""

    def by_id(self) -> dict[str, Attendee]:
        """Attendees keyed by id."""
        return {a.id: a for a in self.attendees}

    def present(self) -> tuple[Attendee, ...]:
        """Attendees checked in and not gone."""
        return tuple(a for a in self.attendees if a.presence is Presence.PRESENT)
