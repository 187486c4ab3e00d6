"""Pilot tests of scanning at the check-in screen: fast keys + Enter, duplicates, unknowns."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from tuikit import FakeClock, make_event, people

from eventrunner.contacts.vcard import badge_payload
from eventrunner.model import Presence
from eventrunner.store import EventStore
from eventrunner.tui import make_app
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.scanner import SWALLOW, ScanDetector
from eventrunner.tui.widgets.bigdigits import BigDigits
from eventrunner.tui.widgets.scan_banner import ScanBanner


@pytest.fixture
def ticketed(tmp_path: Path) -> Path:
    crowd = [attrs.evolve(a, tickets=(f"TK-{i:04d}",)) for i, a in enumerate(people(12), 1)]
    return make_event(tmp_path, "scan", attendees=crowd, present=0)


async def scan(pilot: Pilot[None], text: str) -> None:
    """Keys as a USB scanner sends them: the whole burst at once, then Enter (a terminal
    reads it in one go; Pilot's `press` waits for the screen between keys, like a person)."""
    driver = pilot.app._driver
    assert driver is not None
    for key in [*text, "enter"]:
        if key == "\n":  # a multi-line code: the scanner ends each line with Enter
            key = "enter"
        name = {" ": "space", ";": "semicolon", ":": "colon", "-": "minus"}.get(key, key)
        event = events.Key(name, key if len(key) == 1 else None)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


def presence(path: Path, attendee_id: str) -> Presence:
    with EventStore.open(path, readonly=True) as s:
        found = s.attendee(attendee_id)
        assert found is not None
        return found.presence


def banner(app: ConsoleApp) -> ScanBanner:
    return app.screen.query_one(ScanBanner)


def round_one_table(path: Path, attendee_id: str) -> str:
    with EventStore.open(path, readonly=True) as s:
        plan = s.current_plan()
    assert plan is not None
    rnd = plan.rounds[0]
    return next((str(t.number) for t in rnd.tables if attendee_id in t.attendees), "bye")


def test_the_detector_tells_a_scanner_from_a_person() -> None:
    scanner = ScanDetector()
    for i, ch in enumerate("TK-0001"):
        scanner.key(ch, 10.0 + i * 0.004)
    assert scanner.enter(10.03) == "TK-0001"
    for i, ch in enumerate("ana lef"):
        scanner.key(ch, 20.0 + i * 0.12)  # a fast typist: 120 ms a key
    assert scanner.enter(20.9) is None
    for i, ch in enumerate("abc"):  # too short for a code
        scanner.key(ch, 30.0 + i * 0.002)
    assert scanner.enter(30.01) is None
    # A vCard arrives as lines, each ended by Enter: one code at END:VCARD.
    t = 40.0
    answers = []
    for line in ("BEGIN:VCARD", "VERSION:3.0", "FN:Ana", "END:VCARD"):
        for ch in line:
            t += 0.003
            scanner.key(ch, t)
        t += 0.003
        answers.append(scanner.enter(t))
    assert answers[:3] == [SWALLOW, SWALLOW, SWALLOW]
    assert answers[3] == "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEND:VCARD"


async def test_a_scan_checks_in_at_once_and_shows_name_and_table(
    ticketed: Path, clock: FakeClock
) -> None:
    app = make_app(ticketed, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        await scan(pilot, "TK-0003")
        person = next(a for a in app.attendees if "TK-0003" in a.tickets)
        assert presence(ticketed, person.id) is Presence.PRESENT
        shown = banner(app)
        assert shown.has_class("-show") and shown.kind == "ok"
        assert shown.query_one(BigDigits).text == round_one_table(ticketed, person.id)
        assert app.screen.query_one("#search", Input).value == ""
        # Nobody else was toggled on the way.
        assert sum(a.presence is Presence.PRESENT for a in app.attendees) == 1
        # A second scan of the same ticket says so, with the time, and changes nothing.
        await scan(pilot, "tk-0003")
        assert banner(app).kind == "warn"
        assert banner(app).message.startswith("already checked in at ")
        assert banner(app).message[-5:-2].endswith(":")
        with EventStore.open(ticketed, readonly=True) as s:
            assert [e.action for e in s.journal()].count("presence") == 1
        await pilot.pause(2.2)
        assert not banner(app).has_class("-show")


async def test_unknown_codes_say_so_and_check_in_nobody(ticketed: Path, clock: FakeClock) -> None:
    app = make_app(ticketed, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        await scan(pilot, "ZZ-9999")
        assert banner(app).kind == "bad"
        assert "No attendee has the code 'ZZ-9999'" in banner(app).message
        assert all(a.presence is Presence.REGISTERED for a in app.attendees)


async def test_any_focus_a_scan_still_checks_in(ticketed: Path, clock: FakeClock) -> None:
    app = make_app(ticketed, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        app.screen.query_one("#roster", DataTable).focus()
        await pilot.pause()
        await scan(pilot, "TK-0005")
        person = next(a for a in app.attendees if "TK-0005" in a.tickets)
        assert presence(ticketed, person.id) is Presence.PRESENT
        # ... and the table's own Enter did not toggle the highlighted row as well.
        assert sum(a.presence is Presence.PRESENT for a in app.attendees) == 1
        # The next Enter from a person toggles the highlighted row, as always.
        await pilot.pause(0.2)
        await pilot.press("enter")
        assert sum(a.presence is Presence.PRESENT for a in app.attendees) in (0, 2)


async def test_typing_at_human_speed_searches_as_before(ticketed: Path, clock: FakeClock) -> None:
    app = make_app(ticketed, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        for ch in "TK-0003":  # a person: Pilot waits for the screen after every key
            await pilot.press(ch)
            await pilot.pause(0.05)
        await pilot.press("enter")
        assert not banner(app).has_class("-show")
        # A search for a ticket code finds nobody by name: Enter toggled nobody.
        assert all(a.presence is Presence.REGISTERED for a in app.attendees)


async def test_the_badge_contact_code_checks_its_owner_in(ticketed: Path, clock: FakeClock) -> None:
    app = make_app(ticketed, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        person = app.attendees[8]
        code = badge_payload(person).text
        # One burst, as the scanner types it: every line of the card, each ended by Enter
        # (line by line, with the screen drawn in between, a loaded machine could take
        # longer than LINE_GAP between two lines).
        lines = [line for line in code.replace("\r\n", "\n").split("\n") if line]
        await scan(pilot, "\n".join(lines))
        await pilot.pause(0.2)
        assert presence(ticketed, person.id) is Presence.PRESENT
        assert banner(app).kind == "ok"


async def test_door_check_ins_show_within_a_second(ticketed: Path, clock: FakeClock) -> None:
    app = make_app(ticketed, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        with EventStore.open(ticketed) as station:
            station.check_in(app.attendees[0].id)
        await pilot.pause(0.9)
        assert app.people[app.attendees[0].id].presence is Presence.PRESENT
        assert "1 of 12 arrived" in str(app.screen.query_one("#roster-live").render())
