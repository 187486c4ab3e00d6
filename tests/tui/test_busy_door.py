"""The console under a busy door: check-ins made elsewhere show within a second, from the
file, and redraw only what they change (a status cell and the counts), not every table."""

from __future__ import annotations

import asyncio
from pathlib import Path

import attrs
import pytest
from test_scanner import scan
from textual import events
from textual.widgets import DataTable, Input
from tuikit import FakeClock, make_event, people

from eventrunner.model import Presence
from eventrunner.store import EventStore
from eventrunner.tui import make_app
from eventrunner.tui.screens.absent_modal import AbsentModal
from eventrunner.tui.screens.roster import MARKS
from eventrunner.tui.widgets.round_tables import RoundTables


@pytest.fixture
def door(tmp_path: Path) -> Path:
    crowd = [attrs.evolve(a, tickets=(f"TK-{i:04d}",)) for i, a in enumerate(people(16), 1)]
    return make_event(tmp_path, "door", attendees=crowd, present=0)


def _status(app: object, attendee_id: str) -> str:
    table = app.screen.query_one("#roster", DataTable)  # type: ignore[attr-defined]
    return str(table.get_cell(attendee_id, "status"))


async def _until(check: object, seconds: float = 3.0) -> bool:
    """Wait (real time: the file is watched on a timer) until `check()` holds."""
    for _ in range(int(seconds / 0.05)):
        if check():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.05)
    return bool(check())  # type: ignore[operator]


async def test_check_ins_elsewhere_update_cells_not_the_lists(
    door: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuilt: list[str] = []
    show_round = RoundTables.show_round

    def counted(self: RoundTables, *args: object) -> None:
        rebuilt.append(str(self.id))
        show_round(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(RoundTables, "show_round", counted)
    app = make_app(door, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        roster = app.screen.query_one("#roster", DataTable)
        cleared: list[int] = []
        clear = roster.clear
        monkeypatch.setattr(roster, "clear", lambda *a, **k: (cleared.append(1), clear(*a, **k))[1])
        rebuilt.clear()
        with EventStore.open(door) as station:
            ids = [a.id for a in station.attendees()[:5]]
            for attendee_id in ids:
                station.check_in(attendee_id)
        # Within a second (the console looks at the file a few times a second).
        assert await _until(lambda: all(app.people[i].presence is Presence.PRESENT for i in ids))
        await pilot.pause()
        assert app.changed.only_presence
        assert all(_status(app, i) == MARKS[Presence.PRESENT] for i in ids)
        assert "5 of 16 arrived" in str(app.screen.query_one("#roster-live").render())
        assert not cleared  # the rows stayed: only their status cells changed
        assert not rebuilt  # the console screen (hidden) did not rebuild its round tables
        # The console screen, shown again, is drawn from the cache as it is now.
        await pilot.press("f2")
        assert "5 present" in str(app.screen.query_one("#counts").render())
        # An edit elsewhere is more than presence: everything is read and drawn again.
        with EventStore.open(door) as station:
            first = station.attendees()[0]
            station.edit_attendee(first, attrs.evolve(first, name="Renamed Person"))
        assert await _until(lambda: app.people[first.id].name == "Renamed Person")
        assert not app.changed.only_presence


async def test_a_scan_draws_no_search_list_and_a_fast_typist_still_searches(
    door: Path, clock: FakeClock
) -> None:
    app = make_app(door, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        roster = app.screen.query_one("#roster", DataTable)
        everyone = roster.row_count
        await scan(pilot, "TK-0003")
        await pilot.pause(0.3)
        assert roster.row_count == everyone  # the list was never narrowed to the code
        assert sum(a.presence is Presence.PRESENT for a in app.attendees) == 1
        # Keys at a scanner's pace without an Enter (a very fast typist): the list is drawn
        # for them once they stop.
        name = app.attendees[5].name.split()[0]
        driver = app._driver
        assert driver is not None
        for ch in name:
            event = events.Key(ch if ch.isalnum() else "space", ch)
            event.set_sender(app)
            driver.send_message(event)
        await pilot.pause(0.4)
        assert app.screen.query_one("#search", Input).value == name
        assert 0 < roster.row_count < everyone


async def test_the_check_in_screen_shows_the_round_its_countdown_and_arrivals(
    door: Path, clock: FakeClock
) -> None:
    app = make_app(door, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")  # round 1 starts (nobody is in yet: start anyway)
        if isinstance(app.screen, AbsentModal):
            await pilot.press("s")
        clock.advance(61)
        await pilot.pause(0.3)
        await pilot.press("f3")
        await scan(pilot, "TK-0002")
        await pilot.pause(0.6)
        line = str(app.screen.query_one("#roster-live").render())
        minutes = app.settings.minutes
        left = f"{int(minutes) - 2}:59"
        assert f"Round 1 of {app.rounds}" in line and "meeting" in line
        assert f"{left} left" in line and "1 of 16 arrived" in line
