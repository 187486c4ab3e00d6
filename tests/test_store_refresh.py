"""`EventStore.refresh`: what changed since a reader last looked, decoded only when needed,
and always the file's state (another connection's writes included)."""

from __future__ import annotations

from pathlib import Path

import attrs

from eventrunner.generate import generate_attendees
from eventrunner.model import Attendee, Event, EventSettings, Presence
from eventrunner.scheduling import plan
from eventrunner.store import EventStore, Seen


def _event(tmp_path: Path) -> Path:
    people = generate_attendees(12, seed=4)
    settings = EventSettings(name="Refresh", rounds=3)
    path = tmp_path / "refresh.event"
    with EventStore.create(path, Event(settings, people)) as store:
        store.save_plan(plan(people, settings, time_limit=1.0), reason="first")
    return path


def test_the_first_refresh_reads_everything(tmp_path: Path) -> None:
    path = _event(tmp_path)
    with EventStore.open(path) as store:
        fresh = store.refresh(Seen())
        assert fresh.attendees == store.attendees()
        assert fresh.plan == store.current_plan() and fresh.plan_changed
        assert fresh.settings == store.settings() and fresh.timer == store.timer()
        assert list(fresh.presence) == [a.id for a in store.attendees()]


def test_a_check_in_elsewhere_is_read_as_presence_only(tmp_path: Path) -> None:
    path = _event(tmp_path)
    with EventStore.open(path) as console, EventStore.open(path) as door:
        seen = console.refresh(Seen()).seen
        someone = console.attendees()[3].id
        door.check_in(someone)
        fresh = console.refresh(seen)
        assert fresh.actions == {"presence"}
        assert fresh.attendees is None  # nothing but presence moved: nobody decoded again
        assert not fresh.plan_changed
        assert fresh.presence[someone] is Presence.PRESENT
        assert fresh.seen.seq > seen.seq
        # Nothing new: nothing to decode, the same presence.
        again = console.refresh(fresh.seen)
        assert again.actions == frozenset() and again.attendees is None
        assert again.presence == fresh.presence


def test_edits_imports_and_plans_are_read_whole(tmp_path: Path) -> None:
    path = _event(tmp_path)
    with EventStore.open(path) as console, EventStore.open(path) as other:
        seen = console.refresh(Seen()).seen
        first = other.attendees()[0]
        other.edit_attendee(first, attrs.evolve(first, company="Renamed Ltd"))
        fresh = console.refresh(seen)
        assert fresh.attendees is not None
        assert fresh.attendees[0].company == "Renamed Ltd"
        other.add_attendee(Attendee(id="walk", name="Walk In", presence=Presence.PRESENT))
        fresh = console.refresh(fresh.seen)
        assert fresh.attendees is not None and fresh.attendees[-1].id == "walk"
        people = other.attendees()
        new_plan = plan(people, other.settings(), time_limit=1.0)
        other.save_plan(new_plan, reason="again")
        fresh = console.refresh(fresh.seen)
        assert fresh.plan_changed and fresh.plan == other.current_plan()
        assert [v.reason for v in fresh.plan_history or []] == ["first", "again"]


def test_an_undo_elsewhere_is_presence_only(tmp_path: Path) -> None:
    path = _event(tmp_path)
    with EventStore.open(path) as console, EventStore.open(path) as other:
        someone = console.attendees()[1].id
        other.check_in(someone)
        seen = console.refresh(Seen()).seen
        other.undo_last()
        fresh = console.refresh(seen)
        assert fresh.actions == {"undo"} and fresh.attendees is None
        assert fresh.presence[someone] is Presence.REGISTERED
