"""Building event files for the console tests: a bundled sample event, a deterministic plan.

Plans here come from a round-robin (circle method) rather than the solver, so screens and
snapshots are the same on every run and no test waits for OR-Tools.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import attrs

from eventrunner.importing import read_event_toml
from eventrunner.interests import affinity, table_affinity, table_shared
from eventrunner.model import (
    Attendee,
    Event,
    EventSettings,
    Plan,
    PlanStats,
    Presence,
    Round,
    Table,
)
from eventrunner.resources import data_dir
from eventrunner.store import EventStore

#: A fixed moment (a Thursday evening, 19:00 UTC) for clocks in tests.
T0 = 1_763_060_400.0


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def sample(name: str) -> tuple[EventSettings, tuple[Attendee, ...]]:
    """Settings and attendees of a bundled sample event."""
    settings, report = read_event_toml(data_dir("sample_events") / f"{name}.toml")
    assert settings is not None
    return settings, report.attendees


def round_robin(people: Sequence[Attendee], settings: EventSettings) -> Plan:
    """A 1:1 plan without repeats: the circle method, one bye per round when odd."""
    ids: list[str | None] = [a.id for a in people]
    if len(ids) % 2:
        ids.append(None)
    by_id = {a.id: a for a in people}
    rounds = []
    total = 0
    for number in range(1, settings.rounds + 1):
        tables, byes = [], []
        half = len(ids) // 2
        for i in range(half):
            a, b = ids[i], ids[-1 - i]
            if a is None or b is None:
                byes.append(a or b)
                continue
            pair = [by_id[a], by_id[b]]
            score = table_affinity(pair)
            total += score
            tables.append(Table(len(tables) + 1, (a, b), score, tuple(table_shared(pair))))
        rounds.append(Round(number, tuple(tables), tuple(x for x in byes if x)))
        ids = [ids[0], ids[-1], *ids[1:-1]]
    best = sorted((affinity(a, b) for a, b in itertools.combinations(people, 2)), reverse=True)
    bound = max(total, sum(best[: settings.rounds * (len(people) // 2)]))
    lowest = min(
        (sum(t.affinity for r in rounds for t in r.tables if a.id in t.attendees) for a in people),
        default=0,
    )
    return Plan(
        tuple(rounds),
        PlanStats(affinity_total=total, upper_bound=bound, min_attendee_affinity=lowest),
    )


def make_event(
    folder: Path,
    name: str = "founders-mixer",
    *,
    present: int | None = None,
    plan: bool = True,
    attendees: Sequence[Attendee] | None = None,
    **settings_changes: object,
) -> Path:
    """An event file from a sample event; the first `present` people checked in (all if None)."""
    if attendees is None:
        settings, people = sample(name)
    else:
        settings, people = EventSettings(name=name, rounds=4, minutes=5), tuple(attendees)
    settings = attrs.evolve(settings, table_size=2, **settings_changes)  # type: ignore[arg-type]
    count = len(people) if present is None else present
    people = tuple(
        attrs.evolve(a, presence=Presence.PRESENT if i < count else Presence.REGISTERED)
        for i, a in enumerate(people)
    )
    path = folder / f"{name}.event"
    with EventStore.create(path, Event(settings, people)) as store:
        if plan:
            # Like the console: the present, or everybody before anyone checked in.
            here = [a for a in people if a.presence is Presence.PRESENT] or list(people)
            store.save_plan(round_robin(here, settings), reason="test plan")
    return path


def screen_text(app: object) -> str:
    """The text on the app's screen, whitespace collapsed (so wrapped toasts read whole)."""
    import html
    import re

    svg = app.export_screenshot()  # type: ignore[attr-defined]
    parts = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return " ".join(" ".join(html.unescape(p) for p in parts).split())


#: Names that must show literally (markup-like, accents, CJK, Greek, emoji) and one hiding
#: a terminal escape sequence that must be stripped.
TRICKY_NAMES = (
    "Bob [/]",
    "[@click=app.quit]x",
    "Zoë Lefèvre",
    "王小明",
    "Ω Omega",
    "Ana 🎉 Party",
    "\x1b[31mEve\x1b]0;pwned\x07 Red",
)


def people(n: int = 12, *, tricky: bool = True) -> list[Attendee]:
    """`n` generated attendees (always the same), the first ones with tricky names."""
    from eventrunner.generate import generate_attendees

    crowd = generate_attendees(n, seed=7)
    if tricky:
        for i, name in enumerate(TRICKY_NAMES[: len(crowd)]):
            crowd[i] = attrs.evolve(crowd[i], name=name)
    return crowd


def notes(app: object) -> str:
    """Every notification the app raised so far, as one string."""
    return " | ".join(n.message for n in app._notifications)  # type: ignore[attr-defined]
