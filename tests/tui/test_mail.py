"""Pilot tests of sending follow-ups from the console: no-email key, the modal, the worker."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, OptionList
from tuikit import FakeClock, screen_text

from eventrunner.store import EventStore
from eventrunner.tui import make_app

sys.path.insert(0, str(Path(__file__).parents[1] / "mailing"))
from smtpkit import smtp_server


async def _wait(pilot: object, done: Callable[[], bool], seconds: float = 60) -> None:
    for _ in range(int(seconds / 0.1)):
        if done():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("timed out")


async def test_no_email_key_and_sending_from_the_console(
    small_event: Callable[..., Path], clock: FakeClock, tmp_path: Path
) -> None:
    path = small_event()
    with EventStore.open(path) as store:
        store.mark_played(2)
    app = make_app(path, clock=clock)
    with smtp_server(tmp_path) as server:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.press("f5")
            people = app.screen.query_one("#followup-people", OptionList)
            first = people.get_option_at_index(0).id
            assert first is not None
            await pilot.press("ctrl+y")
            await pilot.pause()
            assert "· no" in screen_text(app)  # "· no email" beside the name (it wraps)
            with EventStore.open(path, readonly=True) as s:
                opted_out = s.attendee(first)
                assert opted_out is not None and not opted_out.consent.mail
            await pilot.press("ctrl+s")
            modal = app.screen
            assert "Send follow-ups by email" in screen_text(app)
            modal.query_one("#mail-host", Input).value = server.address
            modal.query_one("#mail-from", Input).value = "Team <team@example.org>"
            await pilot.press("ctrl+s")
            await _wait(pilot, lambda: not getattr(modal, "sending", True))
            text = screen_text(app)
            assert "Follow-up mail:" in text and "sent" in text
            got = server.recorder.by_recipient()
            with EventStore.open(path, readonly=True) as s:
                wanted = {
                    a.email
                    for a in s.attendees()
                    if a.email
                    and a.consent.mail
                    and a.id
                    in {p for r in s.played_rounds() for t in r.tables for p in t.attendees}
                }
                log = s.mail_log()
                server_kept = s.mail_server()
            assert set(got) == wanted and opted_out.email not in got
            assert all(len(v) == 1 for v in got.values())
            assert {r.status for r in log.values()} == {"sent"}
            assert server_kept.host == "127.0.0.1" and server_kept.sender.startswith("Team")
            # A second send from the console sends nothing more.
            await pilot.press("ctrl+s")
            await _wait(pilot, lambda: not modal.sending)
            assert len(server.recorder.received) == len(wanted)
            await pilot.press("escape")
            assert app.screen is not modal
