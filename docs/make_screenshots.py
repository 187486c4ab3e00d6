"""Regenerate the README screenshots (SVG, Textual's own screenshot) from a sample event.

    python docs/make_screenshots.py

Writes docs/console.svg, docs/checkin.svg, docs/plan.svg, docs/replan.svg and
docs/projector.svg: the hr-tweetup sample, 20 of 24 checked in, planned by the real solver,
round 2 running.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import attrs

from eventrunner.importing import read_event_toml
from eventrunner.model import Event, Presence
from eventrunner.resources import data_dir
from eventrunner.scheduling import plan
from eventrunner.store import EventStore
from eventrunner.tui import live, make_app, make_projector

HERE = Path(__file__).resolve().parent
SIZE = (100, 32)
T0 = 1_763_060_400.0 + 3600  # 20:00 UTC


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


def build(folder: Path) -> Path:
    settings, report = read_event_toml(data_dir("sample_events") / "hr-tweetup.toml")
    assert settings is not None
    people = tuple(
        attrs.evolve(a, presence=Presence.PRESENT if i < 20 else Presence.REGISTERED)
        for i, a in enumerate(report.attendees)
    )
    path = folder / "hr-tweetup.event"
    with EventStore.create(path, Event(settings, people)) as store:
        here = [a for a in people if a.presence is Presence.PRESENT]
        store.save_plan(plan(here, settings, time_limit=3.0), reason="first plan")
        store.mark_played(1)
        store.set_timer(live.start_meeting(2, T0 - 100), action="round 2 started")
    return path


async def shoot(path: Path) -> None:
    clock = Clock()
    app = make_app(path, clock=clock, tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.save_screenshot("console.svg", str(HERE))
        await pilot.press("f3", *"ol")
        app.save_screenshot("checkin.svg", str(HERE))
        await pilot.press("ctrl+u", "f4", "right")
        app.save_screenshot("plan.svg", str(HERE))
        await pilot.press("f3", *"meg", "enter")
        await pilot.pause(3.0)
        await app.workers.wait_for_complete()
        await pilot.press("f2", "r")
        await pilot.pause()
        app.save_screenshot("replan.svg", str(HERE))
    projector = make_projector(path, clock=clock, poll=False)
    async with projector.run_test(size=SIZE) as pilot:
        await pilot.pause()
        projector.save_screenshot("projector.svg", str(HERE))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(shoot(build(Path(tmp))))


if __name__ == "__main__":
    main()
