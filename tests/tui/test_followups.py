"""Pilot tests of follow-up wishes: pick an attendee, tick the people they met, keyboard only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import SelectionList
from tuikit import FakeClock, screen_text

from eventrunner.store import EventStore
from eventrunner.tui import make_app


async def test_tick_and_untick_people_met_in_played_rounds(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        assert "No round played yet" in screen_text(app)
        await pilot.press("f2", "space", "e", "y")  # round 1 played
        plan = app.plan
        assert plan is not None
        bob = next(a for a in app.attendees if a.name == "Bob [/]")
        table = plan.rounds[0].table_of(bob.id)
        assert table is not None
        partner = next(p for p in table.attendees if p != bob.id)
        await pilot.press("f5", *"bob", "enter")
        ticks = app.screen.query_one("#followup-ticks", SelectionList)
        assert ticks.option_count == 1
        assert app.focused is ticks
        assert "Bob [/] met" in screen_text(app)
        await pilot.press("space")
        with EventStore.open(path, readonly=True) as s:
            assert [(w.who, w.partner) for w in s.followups()] == [(bob.id, partner)]
        # The partner's list shows that Bob wants to keep in touch: a match in one tick.
        await pilot.press("escape", *app.people[partner].email, "enter")
        assert "wants to keep in touch too" in screen_text(app)
        await pilot.press("space")
        assert "2 wishes, 1 mutual" in screen_text(app)
        await pilot.press("space")  # untick
        with EventStore.open(path, readonly=True) as s:
            assert [(w.who, w.partner) for w in s.followups()] == [(bob.id, partner)]


async def test_a_wish_recorded_elsewhere_shows_in_the_ticks_on_screen(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2", "space", "e", "y")  # round 1 played
        plan = app.plan
        assert plan is not None
        bob = next(a for a in app.attendees if a.name == "Bob [/]")
        table = plan.rounds[0].table_of(bob.id)
        assert table is not None
        partner = next(p for p in table.attendees if p != bob.id)
        await pilot.press("f5", *"bob", "enter")
        assert "wants to keep in touch too" not in screen_text(app)
        with EventStore.open(path) as other:  # another terminal: `eventrunner followup`
            other.add_followup(partner, bob.id)
        for _ in range(30):
            await pilot.pause(0.1)
            if "wants to keep in touch too" in screen_text(app):
                break
        assert "wants to keep in touch too" in screen_text(app)
        assert "1 wish" in screen_text(app)
