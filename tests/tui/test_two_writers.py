"""Two writers on one event file: the console (Pilot) and `eventrunner` commands in another
terminal at the same time. No update is lost, nobody sees "database is locked", the console
shows the command's change within a second, and the round at the tables never changes."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input
from tuikit import FakeClock, notes

from eventrunner.model import Presence
from eventrunner.store import EventStore
from eventrunner.tui import make_app, solving

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def quick_replan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solving, "PROPOSAL_DELAY", 0.05)
    monkeypatch.setattr(solving, "REPLAN_SECONDS", 0.3)


async def cli(*args: str | Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "eventrunner",
        *map(str, args),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    return process.returncode or 0, out.decode()


async def test_console_and_command_line_write_one_file_at_once(
    small_event: Callable[..., Path], tmp_path: Path
) -> None:
    path = small_event(n=16, present=12)
    clock = FakeClock()
    app = make_app(path, clock=clock)
    walkins = tmp_path / "walkins.csv"
    walkins.write_text(
        "name,email,interests\n" + "".join(f"Walk In {i},walk{i}@x.org,design\n" for i in range(6)),
        encoding="utf-8",
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")  # round 1 at the tables
        assert app.plan is not None
        at_tables = app.plan.rounds[0]
        missing = [a for a in app.attendees if a.presence is Presence.REGISTERED]
        ids = [a.id for a in app.attendees]
        # The other terminal: an import, follow-ups and a re-plan, all while we check in.
        other = asyncio.gather(
            cli("import", path, walkins),
            *(cli("followup", path, ids[i], ids[i + 1]) for i in range(0, 8, 2)),
            cli("plan", path, "--time-limit", "0.5"),
        )
        await pilot.press("f3")
        search = app.screen.query_one("#search", Input)
        for person in missing:
            search.value = person.email
            await pilot.pause(0.05)
            await pilot.press("enter")
        results = await other
        for code, output in results:
            assert code == 0, output
            assert "locked" not in output
        # The console shows the other terminal's import within a second.
        for _ in range(10):
            if all(f"walk{i}@x.org" in app.people for i in range(6)):
                break
            await pilot.pause(0.1)
        assert all(f"walk{i}@x.org" in app.people for i in range(6))
        assert app.plan is not None and app.plan.rounds[0] == at_tables
        assert "locked" not in notes(app) and "not saved" not in notes(app)
        app.tick()
    with EventStore.open(path, readonly=True) as store:
        people = {a.id: a for a in store.attendees()}
        # No lost update: every check-in of the console and every row of the import.
        assert all(people[p.id].presence is Presence.PRESENT for p in missing)
        assert all(f"walk{i}@x.org" in people for i in range(6))
        assert len(store.followups()) == 4
        # The round at the tables, in every plan version saved since it started.
        for version in store.plan_history():
            assert store.plan_version(version.version).rounds[0] == at_tables
        assert store.timer().round == 1
