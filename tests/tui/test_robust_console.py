"""Pilot tests of issue 12: nothing typed fast, and nothing another terminal writes, breaks
the console (Enter twice, Tab then text, other writers, a pending re-plan after a crash,
ctrl+z of another terminal's follow-up, `play` beside the console, a full disk)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from textual import events
from textual.widgets import DataTable, Input
from tuikit import FakeClock, notes

from eventrunner.model import Presence
from eventrunner.store import EventStore, StoreUnwritable
from eventrunner.tui import live, make_app, solving
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.screens.attendee_form import AttendeeForm
from eventrunner.tui.screens.replan import ReplanModal


@pytest.fixture(autouse=True)
def quick_replan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solving, "PROPOSAL_DELAY", 0.05)
    monkeypatch.setattr(solving, "REPLAN_SECONDS", 0.5)


def presence_of(path: Path, name: str) -> Presence:
    with EventStore.open(path, readonly=True) as s:
        return next(a.presence for a in s.attendees() if a.name == name)


def burst(app: ConsoleApp, *keys: str) -> None:
    """Keys as a pty delivers a scanner's or a fast typist's burst: all queued at once,
    none handled before the next arrives."""
    for key in keys:
        char = key if len(key) == 1 else " " if key == "space" else None
        app.post_message(events.Key(key, char))


async def settle(pilot: object, app: ConsoleApp) -> None:
    for _ in range(60):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        if app.pending is not None:
            return


async def test_enter_twice_takes_the_check_in_back_not_someone_else(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(present=0, plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        target = sorted(a.name for a in app.attendees)[5]
        first_word = target.split()[0]
        await pilot.press(*first_word.casefold(), "enter")
        assert presence_of(path, target) is Presence.PRESENT
        await pilot.press("enter")  # the second Enter undoes the first
        assert presence_of(path, target) is Presence.REGISTERED
        with EventStore.open(path, readonly=True) as s:
            assert all(a.presence is Presence.REGISTERED for a in s.attendees())
        # And as one burst of keys (a barcode scanner sends its text and Enter at once).
        burst(app, *first_word.casefold(), "enter", "enter")
        await pilot.pause(0.3)
        with EventStore.open(path, readonly=True) as s:
            assert all(a.presence is Presence.REGISTERED for a in s.attendees())
        table = app.screen.query_one("#roster", DataTable)
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        assert app.people[str(row_key.value)].name == target


async def test_text_typed_right_after_tab_lands_in_the_next_field(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("f3")
        burst(app, "ctrl+n", *"Kim Ode", "tab", *"Acme", "tab", *"kim@acme.org")
        await pilot.pause(0.3)
        form = app.screen
        assert isinstance(form, AttendeeForm)
        assert form.query_one("#name", Input).value == "Kim Ode"
        assert form.query_one("#company", Input).value == "Acme"
        assert form.query_one("#email", Input).value == "kim@acme.org"


async def test_console_follows_other_writers_and_builds_on_what_they_wrote(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        someone = app.attendees[3]
        # Another terminal: more rounds, a renamed attendee, a new walk-in.
        with EventStore.open(path) as other:
            other.change_settings(lambda s: attrs.evolve(s, rounds=8))
            other.update_attendee(attrs.evolve(someone, company="Renamed Ltd"))
            other.add_attendee(attrs.evolve(someone, id="new-1", name="Newly Imported"))
        await pilot.pause(1.0)  # the console looks at the file a few times a second
        assert app.settings.rounds == 8
        assert "new-1" in app.people
        app.toggle_auto_advance()  # used to write the whole cached settings back
        # The edit form opened before the import must not undo it either.
        edited = attrs.evolve(app.people[someone.id], title="Boss")
        with EventStore.open(path) as other:
            other.update_attendee(attrs.evolve(someone, company="Later Ltd"))
        app.write(lambda: app.store.edit_attendee(someone, attrs.evolve(someone, title="Boss")))
        assert edited.title == "Boss"
    with EventStore.open(path, readonly=True) as s:
        assert s.settings().rounds == 8
        stored = s.attendee(someone.id)
        assert stored is not None and stored.company == "Later Ltd" and stored.title == "Boss"


async def test_reopening_proposes_the_replan_a_crash_lost(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    with EventStore.open(path) as s:
        late = next(a for a in s.attendees() if a.presence is Presence.REGISTERED)
        s.set_presence(late.id, Presence.PRESENT)  # checked in; the console died before y
        s.set_timer(live.start_meeting(1, clock()), action="round 1 started")
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.pending is not None
        assert late.id in app.pending.change.affected
        await pilot.press("f2", "r")
        assert isinstance(app.screen, ReplanModal)


async def test_r_replans_when_presence_is_off_the_plan(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.pending = None
        seated = next(a for a in app.attendees if a.presence is Presence.PRESENT)
        app.write(lambda: app.store.set_presence(seated.id, Presence.LEFT))
        app._proposal_timer = None
        app.pending = None
        await pilot.press("f2", "r")
        assert "presence matches the plan" not in notes(app)
        for _ in range(600):  # a busy machine: the re-plan runs in a child
            await pilot.pause(0.05)
            if isinstance(app.screen, ReplanModal):
                break
        assert isinstance(app.screen, ReplanModal)


async def test_ctrl_z_undoes_only_the_consoles_own_actions(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        a, b = app.attendees[0].id, app.attendees[1].id
        with EventStore.open(path) as other:
            other.add_followup(a, b)  # `eventrunner followup` in another terminal
        await pilot.pause(0.5)
        await pilot.press("ctrl+z")
        assert "Nothing to undo" in notes(app)
    with EventStore.open(path, readonly=True) as s:
        assert [(w.who, w.partner) for w in s.followups()] == [(a, b)]


async def test_play_beside_the_console_and_reopening_after_play(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")  # round 1 at the tables
        with EventStore.open(path) as other:
            other.mark_played(1)  # `eventrunner play --through 1` meanwhile
        await pilot.pause(0.5)
        app.end_round_now()  # the console's first e is not refused
        assert app.timer_state.phase == live.SWITCH
        assert "not saved" not in notes(app) and "cannot" not in notes(app)
    path2 = path.with_name("paper.event")
    path.rename(path2)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with EventStore.open(path2) as s:
        s.set_timer(live.idle(), action="reset")
        assert s.played_through() == 1
    app = make_app(path2, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        assert app.timer_state.round == 2  # round 1 was played from paper


async def test_a_full_disk_backs_off_and_says_so_once(
    small_event: Callable[..., Path], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small_event()
    app = make_app(path, clock=clock, tick=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        clock.advance(app.settings.minutes * 60 + 1)  # the round is over: a write is due
        tries: list[int] = []

        def full(compute: object) -> list[object]:
            tries.append(1)
            raise StoreUnwritable(f"{path}: the disk is full, so nothing was saved")

        monkeypatch.setattr(app.store, "change_timer", full)
        for _ in range(25):  # five seconds of ticks
            app.tick()
            clock.advance(0.2)
        await pilot.pause()
        assert len(tries) <= 3
        assert notes(app).count("disk is full") == 1
        monkeypatch.undo()
        clock.advance(30)
        app.tick()
        assert app.timer_state.phase == live.SWITCH
        assert app.played == 1
        await pilot.pause()


def test_sqlite_disk_full_is_one_line(tmp_path: Path) -> None:
    from eventrunner.store import guards

    full = sqlite3.OperationalError("database or disk is full")
    error = guards.explain(tmp_path / "x.event", full)
    assert isinstance(error, StoreUnwritable) and "disk is full" in str(error)


async def test_space_typed_right_after_enter_on_follow_ups_ticks_not_the_search(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "space", "e", "y")  # round 1 played
        await pilot.press("f5")
        bob = next(a for a in app.attendees if a.name == "Bob [/]")
        burst(app, *"bob", "enter", "space")
        await pilot.pause(0.3)
        assert app.screen.query_one("#followup-search", Input).value == "bob"
        with EventStore.open(path, readonly=True) as s:
            assert [w.who for w in s.followups()] == [bob.id]
