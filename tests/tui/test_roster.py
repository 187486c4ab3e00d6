"""Pilot tests of check-in: search as you type, toggle present, walk-ins, edits, departures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable, Input
from tuikit import FakeClock, notes, screen_text

from eventrunner.model import Presence
from eventrunner.store import EventStore
from eventrunner.tui import make_app
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.screens.attendee_form import AttendeeForm


def rows(app: ConsoleApp) -> list[str]:
    table = app.screen.query_one("#roster", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def presence(path: Path, name: str) -> Presence:
    with EventStore.open(path, readonly=True) as s:
        return next(a.presence for a in s.attendees() if a.name == name)


async def test_search_as_you_type_and_enter_toggles_present(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(present=0, plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        assert len(rows(app)) == 12
        assert "present 0" in screen_text(app)
        await pilot.press(*"zoe lef")  # finds "Zoë" without the accent
        assert rows(app) == ["Zoë Lefèvre"]
        await pilot.press("enter")
        assert presence(path, "Zoë Lefèvre") is Presence.PRESENT
        assert "Zoë Lefèvre checked in" in notes(app)
        assert app.screen.query_one("#search", Input).value == ""
        assert "present 1" in screen_text(app)
        await pilot.press(*"zoe lef", "enter")
        assert presence(path, "Zoë Lefèvre") is Presence.REGISTERED


async def test_arrow_keys_pick_among_matches(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(present=0, plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "down", "down", "enter")
        names = sorted((a.name for a in app.attendees), key=lambda n: n.casefold())
        checked = [a.name for a in app.attendees if a.presence is Presence.PRESENT]
        assert len(checked) == 1
        assert checked[0] in names


async def test_filter_shows_who_has_not_arrived(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(present=10, plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "ctrl+t")
        missing = {a.name for a in app.attendees if a.presence is Presence.REGISTERED}
        assert set(rows(app)) == missing and len(missing) == 2
        assert "not arrived 2" in screen_text(app)


async def test_walk_in_form_validates_then_stores_a_checked_in_attendee(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "ctrl+n")
        assert isinstance(app.screen, AttendeeForm)
        await pilot.press("enter")  # empty name
        assert isinstance(app.screen, AttendeeForm)
        assert "Name: a name is required" in screen_text(app)
        await pilot.press(*"Nadia [b]Late[/b]", "tab", *"Acme", "tab", *"nadia@", "enter")
        assert "is not an email address" in screen_text(app)
        await pilot.press(*"example.org", "tab", *"Hockey; #AI", "tab", *"email;fax", "enter")
        assert "unknown share field" in screen_text(app)
        app.screen.query_one("#share", Input).value = "email;linkedin"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, AttendeeForm)
    with EventStore.open(path, readonly=True) as s:
        nadia = s.attendee("nadia@example.org")
        assert nadia is not None
        assert nadia.name == "Nadia [b]Late[/b]"
        assert nadia.presence is Presence.PRESENT
        assert nadia.company == "Acme"
        assert nadia.consent.fields == {"email", "linkedin"}
        assert "hockey" in nadia.interests
        assert any(e.action == "walk-in" or "walk-in" in e.detail for e in s.journal())


async def test_edit_and_mark_left(small_event: Callable[..., Path], clock: FakeClock) -> None:
    path = small_event(plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", *"omega", "ctrl+o")
        assert isinstance(app.screen, AttendeeForm)
        app.screen.query_one("#company", Input).value = "Ωmega Corp"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+u", *"omega", "ctrl+l")
        assert "left 1" in screen_text(app)
    with EventStore.open(path, readonly=True) as s:
        omega = next(a for a in s.attendees() if a.name == "Ω Omega")
        assert omega.company == "Ωmega Corp"
        assert omega.presence is Presence.LEFT


async def test_check_in_everyone_from_the_palette_asks_first(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(present=3, plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"check in everyone")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert "Check in all 9 people" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    with EventStore.open(path, readonly=True) as s:
        assert all(a.presence is Presence.PRESENT for a in s.attendees())


async def test_walk_in_form_shows_the_tags_an_answer_in_words_becomes(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("f3", "ctrl+n")
        form = app.screen
        assert isinstance(form, AttendeeForm)
        await pilot.press(*"Ines", "tab", "tab", "tab")
        for _ in range(400):  # the vocabulary loads in a worker thread (a loaded CI: slow)
            if form.vocabulary_ready:
                break
            await pilot.pause(0.05)
        await pilot.press(*"Wandern und Fotografie")
        await pilot.pause()
        assert "Tags: hiking, photography" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, AttendeeForm)
    with EventStore.open(path, readonly=True) as s:
        ines = next(a for a in s.attendees() if a.name == "Ines")
    assert ines.interests == ("hiking", "photography")
    # Her words are kept: the next plan reads them again with the event's synonyms/topics.
    assert ines.answers.interests == "Wandern und Fotografie"
