"""Synthetic but realistic attendees, for `eventrunner generate`, benchmarks and tests.

People are drawn from the pools in `seeds/` (names in many scripts, company parts, titles,
reserved example email domains) and the interests of `seeds/interests.toml`: a few topics are
very common and there is a long tail, each person clusters in one or two categories, some
work with colleagues, some offer or seek help, some say what they share, a rare few ask to
avoid or to meet someone. Everything comes from one `random.Random(seed)`: the same seed gives
the same people. This module writes no event file and knows nothing of scheduling.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
import tomllib
import unicodedata
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

import attrs

from eventrunner.interests import affinity
from eventrunner.model import Attendee, Consent
from eventrunner.resources import seed_file

#: `share` cells people write, the blank (event default) being the most common.
_SHARE_CHOICES = ("all", "email;linkedin", "none", "email", "linkedin", "linkedin;twitter",
                  "email;phone;linkedin", "company;title;linkedin", "email;website")  # fmt: skip
#: Made-up phone numbers from ranges reserved for fiction (US 555-01xx, UK Ofcom drama).
_PHONE_FORMATS = ("({area}) 555-01{d2:02d}", "020 7946 0{d3:03d}", "0113 496 0{d3:03d}")
_ASCII_FOLD = str.maketrans({"ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "ı": "i", "đ": "d",
                             "þ": "th", "ð": "d", "œ": "oe"})  # fmt: skip
# Careers tags ("hiring", "advising", "introductions"...) are what people offer and seek most;
# the rest is know-how from a line of work (nobody seeks "pickleball" at a networking event).
_EXCHANGE_CATEGORY = "careers"
_WORK_CATEGORIES = ("technology", "data", "business", "startups", "marketing", "sales", "hr",
                    "finance", "design", "product")  # fmt: skip

T = TypeVar("T")
Name = tuple[str, str]
"""A name as (written, romanized); the same twice for Latin-script names."""


@attrs.frozen
class _Culture:
    script: str
    family_first: bool
    sep: str
    given: dict[str, tuple[Name, ...]]
    family: dict[str, tuple[Name, ...]]


class _Weighted(Generic[T]):
    """Draws from a fixed list with fixed weights in O(log n) per draw."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = tuple(items)
        self.cum = tuple(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


@attrs.frozen
class _Pools:
    cultures: _Weighted[_Culture]
    tags: dict[str, tuple[str, ...]]
    """Category -> its canonical tags, the most common first (as in interests.toml)."""
    companies: dict[str, tuple[str, ...]]
    titles: dict[str, tuple[str, ...]]
    personal_domains: tuple[str, ...]
    company_suffixes: tuple[str, ...]


def _names(value: Any) -> tuple[Name, ...]:
    return tuple((v, v) if isinstance(v, str) else (str(v[0]), str(v[1])) for v in value)


def _load(name: str) -> dict[str, Any]:
    with seed_file(name).open("rb") as f:
        return tomllib.load(f)


@functools.cache
def _pools() -> _Pools:
    names, interests = _load("names.toml"), _load("interests.toml")
    cultures = []
    for c in names["cultures"].values():
        family = {g: _names(c.get(f"family_{g}", c.get("family"))) for g in "fm"}
        given = {g: _names(c[f"given_{g}"]) for g in "fm"}
        cultures.append(
            _Culture(c["script"], c["order"] == "family given", c["sep"], given, family)
        )
    weights = [float(c["weight"]) for c in names["cultures"].values()]
    return _Pools(
        cultures=_Weighted(cultures, weights),
        tags={cat: tuple(entries) for cat, entries in interests.items()},
        companies={k: tuple(v) for k, v in names["companies"].items()},
        titles={k: tuple(v) for k, v in names["titles"].items()},
        personal_domains=tuple(names["email"]["personal"]),
        company_suffixes=tuple(names["email"]["company_suffix"]),
    )


@attrs.frozen
class _Topics:
    """This event's interest popularity: Zipf-like within each category and across them."""

    by_category: dict[str, _Weighted[str]]
    categories: _Weighted[str]
    anywhere: _Weighted[str]

    @classmethod
    def draw(cls, rng: random.Random, pools: _Pools) -> _Topics:
        # Categories listed first in the seed file are the more common ones; a per-event jitter
        # lets a sports crowd or a founders crowd emerge from different seeds.
        categories = tuple(pools.tags)
        cat_w = [rng.uniform(0.5, 1.5) / (rank + 1) ** 0.6 for rank in range(len(categories))]
        by_category: dict[str, _Weighted[str]] = {}
        tags: list[str] = []
        tag_w: list[float] = []
        for cat, weight in zip(categories, cat_w, strict=True):
            zipf = [1.0 / (rank + 1) for rank in range(len(pools.tags[cat]))]
            by_category[cat] = _Weighted(pools.tags[cat], zipf)
            tags.extend(pools.tags[cat])
            tag_w.extend(weight * z / sum(zipf) for z in zipf)
        return cls(by_category, _Weighted(categories, cat_w), _Weighted(tags, tag_w))


@attrs.frozen
class _Company:
    name: str
    domain: str
    category: str


def _ascii(text: str) -> str:
    """Lowercase ASCII letters and digits only, for email addresses and handles."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_ASCII_FOLD))
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


def _companies(rng: random.Random, pools: _Pools, topics: _Topics, n: int) -> list[_Company | None]:
    """One company (or None) per person slot: a few big employers, many of one or two people."""
    first, second, kind = (pools.companies[part] for part in ("first", "second", "kind"))
    slots: list[_Company | None] = []
    seen: set[str] = set()
    while len(slots) < n:
        if rng.random() < 0.08:  # students, independents, people who left it blank
            slots.append(None)
            continue
        name = f"{rng.choice(first)}{rng.choice(second)} {rng.choice(kind)}"
        if name in seen:
            name = f"{name} {len(seen)}"  # the pools are finite; huge instances still differ
        seen.add(name)
        size = rng.randint(3, 8) if rng.random() < 0.1 else rng.choice((1, 1, 1, 2))
        domain = f"{_ascii(name)}.{rng.choice(pools.company_suffixes)}"
        company = _Company(name, domain, topics.categories.draw(rng))
        slots.extend([company] * size)
    slots = slots[:n]
    rng.shuffle(slots)
    return slots


def _interests(rng: random.Random, topics: _Topics, home: Sequence[str]) -> tuple[str, ...]:
    wanted = rng.randint(3, 7)
    picked: dict[str, None] = {}
    for attempt in itertools.count():
        # A draw may repeat an interest already picked: retry a while, never end below 3.
        if len(picked) == wanted or (attempt >= 4 * wanted and len(picked) >= 3):
            break
        if rng.random() < 0.75:
            tag = topics.by_category[rng.choice(home)].draw(rng)
        else:
            tag = topics.anywhere.draw(rng)
        picked[tag] = None
    return tuple(picked)


def _identity(rng: random.Random, pools: _Pools) -> tuple[str, str, str]:
    """A display name as the person would write it, and its romanized given and family parts."""
    culture = pools.cultures.draw(rng)
    gender = rng.choice("fm")
    given, family = rng.choice(culture.given[gender]), rng.choice(culture.family[gender])
    if culture.script != "latin" and rng.random() < 0.3:
        name = f"{given[1]} {family[1]}"  # registered in Latin letters, Western order
    elif culture.family_first:
        name = f"{family[0]}{culture.sep}{given[0]}"
    else:
        name = f"{given[0]}{culture.sep}{family[0]}"
    return name, _ascii(given[1]), _ascii(family[1])


def _email(rng: random.Random, g: str, f: str, domain: str, used: set[str]) -> str:
    local = rng.choice((f"{g}.{f}", f"{g}{f}", f"{g[0]}{f}", f"{g}_{f}", f"{f}.{g}", g))
    email = f"{local}@{domain}"
    for number in itertools.count(2):
        if email not in used:
            break
        email = f"{local}{number}@{domain}"
    used.add(email)
    return email


def _person(
    rng: random.Random, pools: _Pools, topics: _Topics, company: _Company | None, used: set[str]
) -> Attendee:
    name, g, f = _identity(rng, pools)
    if company is not None and rng.random() < 0.6:
        domain = company.domain
    else:
        domain = rng.choice(pools.personal_domains)
    email = _email(rng, g, f, domain, used)
    home = [company.category if company and rng.random() < 0.5 else topics.categories.draw(rng)]
    if rng.random() < 0.4:
        home.append(topics.categories.draw(rng))
    if company is None:
        titles = pools.titles["no_company"]
    else:
        titles = pools.titles.get(home[0], ()) if rng.random() < 0.7 else ()
        titles = titles or pools.titles["general"]
    offers: list[str] = []
    seeks: list[str] = []
    if rng.random() < 1 / 3:  # reciprocity: what they can give, what they came for
        exchange = topics.by_category[_EXCHANGE_CATEGORY]
        work = [c for c in home if c in _WORK_CATEGORIES] or [rng.choice(_WORK_CATEGORIES)]
        expertise = topics.by_category[work[0]]
        needed = topics.by_category[rng.choice(_WORK_CATEGORIES)]
        offers = [rng.choice((exchange, expertise)).draw(rng) for _ in range(rng.randint(0, 2))]
        seeks = [rng.choice((exchange, needed)).draw(rng) for _ in range(rng.randint(1, 2))]
        seeks = [tag for tag in seeks if tag not in offers]  # one does not seek what one offers
    return Attendee(
        id=email,
        name=name,
        email=email,
        phone=_phone(rng) if rng.random() < 0.3 else "",
        company=company.name if company else "",
        title=rng.choice(titles),
        interests=_interests(rng, topics, home),
        offers=offers,
        seeks=seeks,
        linkedin=f"{g}-{f}-{rng.randint(10, 999)}" if rng.random() < 0.45 else "",
        twitter=f"{g}{f}"[:15] if rng.random() < 0.25 else "",
        website=f"https://{g}{f}.example.com" if rng.random() < 0.1 else "",
        consent=Consent.from_text(rng.choice(_SHARE_CHOICES) if rng.random() < 0.5 else ""),
    )


def _phone(rng: random.Random) -> str:
    return rng.choice(_PHONE_FORMATS).format(
        area=rng.randint(201, 989), d2=rng.randint(0, 99), d3=rng.randint(0, 999)
    )


def _requests(rng: random.Random, people: list[Attendee], two_sided: bool) -> None:
    """About one person in 40 avoids someone, and one in 40 asks to meet someone."""
    for i, person in enumerate(people):
        avoids, wants = rng.random() < 1 / 40, rng.random() < 1 / 40
        if not (avoids or wants) or len(people) < 2:
            continue
        others = [j for j in rng.sample(range(len(people)), min(len(people), 21)) if j != i][:20]
        if avoids:
            person = attrs.evolve(person, avoid=(people[others.pop()].id,))
        # People ask for someone they have something in common with (across the sides).
        fitting = [j for j in others if not two_sided or people[j].side != person.side]
        if wants and fitting:
            best = max(fitting, key=lambda j: affinity(person, people[j]))
            person = attrs.evolve(person, want=(people[best].id,))
        people[i] = person


def generate_attendees(
    n: int,
    *,
    seed: int = 0,
    two_sided: bool = False,
    sides: tuple[str, str] = ("mentor", "mentee"),
    side_ratio: float = 1 / 3,
) -> list[Attendee]:
    """`n` synthetic attendees, the same for the same arguments.

    For a two-sided event, `side_ratio` of them (rounded) are on `sides[0]`, the rest on
    `sides[1]`. Raises ValueError on a negative count, equal or blank sides, or a ratio
    outside 0..1.
    """
    if n < 0:
        raise ValueError(f"cannot generate {n} attendees; ask for 0 or more")
    if two_sided and (not all(s.strip() for s in sides) or sides[0] == sides[1]):
        raise ValueError(f"two-sided events need two different side names, got {sides!r}")
    if two_sided and not 0.0 <= side_ratio <= 1.0:
        raise ValueError(f"side ratio {side_ratio} is not between 0 and 1")
    rng = random.Random(seed)
    pools = _pools()
    topics = _Topics.draw(rng, pools)
    used: set[str] = set()
    people = [_person(rng, pools, topics, c, used) for c in _companies(rng, pools, topics, n)]
    if two_sided:
        first = set(rng.sample(range(n), round(n * side_ratio)))
        people = [
            attrs.evolve(p, side=sides[0] if i in first else sides[1]) for i, p in enumerate(people)
        ]
    _requests(rng, people, two_sided)
    return people


#: The topics of `dense_attendees`.
DENSE_TOPICS = ("ai", "climate", "design", "finance", "health", "music", "sales", "travel")


def dense_attendees(n: int) -> list[Attendee]:
    """`n` attendees with three of eight topics each and no companies: nearly every pair
    shares something, so small plans and bounds have something to prove (generated people
    share too little at small sizes). For benchmarks and tests of tables and bounds."""
    topics = DENSE_TOPICS
    return [
        Attendee(
            id=f"p{i:02d}",
            name=f"P{i}",
            interests=(topics[i % 8], topics[(i * 3 + 1) % 8], topics[(i // 2) % 8]),
        )
        for i in range(n)
    ]
