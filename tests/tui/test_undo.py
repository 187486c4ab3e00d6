"""Pilot tests of ctrl+z: the latest check-in, departure or follow-up change is taken back in the
event file, the console says what was undone, and the re-plan proposal follows presence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import SelectionList
from tuikit import FakeClock, notes, screen_text

from eventrunner.model import Attendee, FollowUpWish, Presence
from eventrunner.store import EventStore, JournalEntry
from eventrunner.tui import make_app, solving
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.screens.attendee_form import AttendeeForm
from eventrunner.tui.undo import Snapshot, undo_words


@pytest.fixture(autouse=True)
def quick_replan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solving, "PROPOSAL_DELAY", 0.05)
    monkeypatch.setattr(solving, "REPLAN_SECONDS", 0.5)


def presence_in_file(path: Path, attendee_id: str) -> Presence:
    with EventStore.open(path, readonly=True) as s:
        return next(a.presence for a in s.attendees() if a.id == attendee_id)


async def settle(pilot: object, app: ConsoleApp) -> None:
    """Let the proposal timer fire and the re-plan worker finish."""
    for _ in range(40):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        if app._proposal_timer is None:
            return


async def test_undo_a_check_in(small_event: Callable[..., Path], clock: FakeClock) -> None:
    path = small_event(present=0)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        zoe = next(a for a in app.attendees if a.name == "Zoë Lefèvre")
        await pilot.press("f3", *"zoe lef", "enter")
        assert presence_in_file(path, zoe.id) is Presence.PRESENT
        assert "present 1" in screen_text(app)
        await pilot.press("ctrl+z")
        assert presence_in_file(path, zoe.id) is Presence.REGISTERED
        assert "Undid: check-in of Zoë Lefèvre" in notes(app)
        assert "present 0" in screen_text(app)
        await pilot.press("ctrl+z")  # the plan made before is a barrier: nothing more
        assert "Nothing to undo" in notes(app)
        assert presence_in_file(path, zoe.id) is Presence.REGISTERED
    with EventStore.open(path, readonly=True) as s:
        assert [e.action for e in s.journal()][-2:] == ["presence", "undo"]


async def test_undo_steps_back_through_several_changes(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        omega = next(a for a in app.attendees if a.name == "Ω Omega")
        late = next(a for a in app.attendees if a.presence is Presence.REGISTERED)
        await pilot.press("f3", *"omega", "ctrl+l")  # Omega leaves
        await pilot.press("escape", *late.email, "enter")  # a late arrival
        await pilot.press("ctrl+z", "ctrl+z")
        assert "Undid: check-in of" in notes(app)
        assert "Undid: departure of Ω Omega" in notes(app)
        assert presence_in_file(path, late.id) is Presence.REGISTERED
        assert presence_in_file(path, omega.id) is Presence.PRESENT
        await settle(pilot, app)
        assert app.pending is None  # presence matches the plan again: nothing to re-plan


async def test_undo_withdraws_the_replan_it_made_pointless(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", *"omega", "ctrl+l")
        await settle(pilot, app)
        assert app.pending is not None
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert app.pending is None
        await pilot.press("f2")
        assert "Re-plan ready" not in screen_text(app)
    with EventStore.open(path, readonly=True) as s:
        assert len(s.plan_history()) == 1


async def test_undo_a_follow_up_tick(small_event: Callable[..., Path], clock: FakeClock) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "e", "y")  # round 1 played
        await pilot.press("f5", *"bob", "enter", "space")
        ticks = app.screen.query_one("#followup-ticks", SelectionList)
        assert len(ticks.selected) == 1
        with EventStore.open(path, readonly=True) as s:
            assert len(s.followups()) == 1
        partner = app.people[ticks.selected[0]]
        await pilot.press("ctrl+z")
        with EventStore.open(path, readonly=True) as s:
            assert s.followups() == ()
        assert f"Undid: follow-up wish of Bob [/] for {partner.name}" in notes(app)
        assert ticks.selected == []  # the tick is gone from the screen too
        assert ticks.highlighted == 0
        assert "0 wishes" in screen_text(app)


async def test_undo_waits_while_a_form_is_open(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(present=0)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        zoe = next(a for a in app.attendees if a.name == "Zoë Lefèvre")
        await pilot.press("f3", *"zoe lef", "enter", "ctrl+n", "ctrl+z")
        assert isinstance(app.screen, AttendeeForm)
        assert presence_in_file(path, zoe.id) is Presence.PRESENT
        await pilot.press("escape", "ctrl+z")
        assert presence_in_file(path, zoe.id) is Presence.REGISTERED


def person(attendee_id: str, name: str, presence: Presence) -> Attendee:
    return Attendee(id=attendee_id, name=name, presence=presence)


@pytest.mark.parametrize(
    ("was", "now", "words"),
    [
        (Presence.PRESENT, Presence.REGISTERED, "Undid: check-in of Ann [b]"),
        (Presence.LEFT, Presence.PRESENT, "Undid: departure of Ann [b]"),
        (Presence.REGISTERED, Presence.PRESENT, "Undid: Ann [b] marked not arrived"),
    ],
)
def test_undo_words_for_presence(was: Presence, now: Presence, words: str) -> None:
    entry = JournalEntry("2025-01-01T00:00:00Z", "presence", "log text")
    before = Snapshot.of([person("a", "Ann [b]", was), person("b", "Bo", was)], [])
    after = Snapshot.of([person("a", "Ann [b]", now), person("b", "Bo", was)], [])
    assert undo_words(entry, before, after) == words


def test_undo_words_for_follow_ups_and_fallback() -> None:
    people = [person("a", "Ann", Presence.PRESENT), person("b", "Bo\x1b[2J", Presence.PRESENT)]
    wish = [FollowUpWish("a", "b")]
    entry = JournalEntry("2025-01-01T00:00:00Z", "follow-up", "a → b")
    with_wish, without = Snapshot.of(people, wish), Snapshot.of(people, [])
    assert undo_words(entry, with_wish, without) == "Undid: follow-up wish of Ann for Bo"
    assert undo_words(entry, without, with_wish) == "Undid: removal of Ann's follow-up wish for Bo"
    assert undo_words(entry, without, without) == "Undid: follow-up a → b"


async def test_palette_undoes(small_event: Callable[..., Path], clock: FakeClock) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        omega = next(a for a in app.attendees if a.name == "Ω Omega")
        await pilot.press("f3", *"omega", "ctrl+l", "ctrl+p", *"undo the last")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert presence_in_file(path, omega.id) is Presence.PRESENT
        assert "Undid: departure of Ω Omega" in notes(app)
