"""Screenshots of the door page and the browser projector, taken by a real headless Chromium.

    python docs/browser_screenshots.py

Writes docs/door-station.png (a phone, 412 x 915, right after a check-in) and
docs/projector-browser.png (1280 x 800, round 1 running). The founders-mixer sample, with
ticket codes; the page and its fonts are served by `eventrunner door` / `serve` on this
machine, exactly as at an event. Needs Chromium (Debian: apt-get install chromium).
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
import time
from pathlib import Path

import attrs

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))

from browserkit import browser, free_port, start_eventrunner, stop, wait_http  # noqa: E402

from eventrunner.importing import read_event_toml  # noqa: E402
from eventrunner.model import Event, Presence  # noqa: E402
from eventrunner.resources import data_dir  # noqa: E402
from eventrunner.scheduling import plan  # noqa: E402
from eventrunner.store import EventStore  # noqa: E402
from eventrunner.tui import live  # noqa: E402


def sample_event(folder: Path) -> Path:
    settings, report = read_event_toml(data_dir("sample_events") / "founders-mixer.toml")
    assert settings is not None
    people = tuple(
        attrs.evolve(a, tickets=(f"FM-{i:04d}",), presence=Presence.REGISTERED)
        for i, a in enumerate(report.attendees, start=1)
    )
    path = folder / "founders-mixer.event"
    with EventStore.create(path, Event(settings, people)) as store:
        store.save_plan(plan(people, settings, time_limit=2.0), reason="screenshots")
        for a in people[: len(people) * 2 // 3]:
            store.set_presence(a.id, Presence.PRESENT)
    return path


async def door_shot(path: Path) -> None:
    port = free_port()
    server = start_eventrunner("door", str(path), "--port", str(port), "--host", "127.0.0.1",
                               "--no-qr")  # fmt: skip
    try:
        wait_http(f"http://127.0.0.1:{port}/", server)
        assert server.stdout is not None
        url = ""
        while not url:
            found = re.search(r"http://127\.0\.0\.1:\d+/s/[\w-]+/", server.stdout.readline())
            url = found.group(0) if found else ""
        async with browser(412, 915) as chrome:
            page = await chrome.open(url)
            await page.wait_for("document.querySelectorAll('#people li').length > 0")
            await page.evaluate(
                "(() => { const s = document.getElementById('search'); s.value = 'ma';"
                " s.dispatchEvent(new Event('input')); })()"
            )
            await asyncio.sleep(1.0)
            await page.screenshot(HERE / "door-station.png")
            await page.evaluate("document.querySelector('#people li:not(.here) button').click()")
            await page.wait_for("document.getElementById('banner').className === 'ok'")
            await page.screenshot(HERE / "door-station-checked-in.png")
    finally:
        stop(server)


async def projector_shot(path: Path) -> None:
    with EventStore.open(path) as store:
        store.set_timer(live.start_meeting(1, time.time() - 75), action="round 1 started")
    port = free_port()
    server = start_eventrunner("serve", str(path), "--port", str(port))
    try:
        wait_http(f"http://127.0.0.1:{port}/", server)
        async with browser(1280, 800) as chrome:
            page = await chrome.open(f"http://127.0.0.1:{port}/")
            await page.wait_for("document.body.classList.contains('-first-byte')")
            await asyncio.sleep(3)
            await page.evaluate("document.getElementById('sound').classList.add('-on')")
            await page.screenshot(HERE / "projector-browser.png")
    finally:
        stop(server)


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = sample_event(Path(folder))
        await door_shot(path)
        await projector_shot(path)


if __name__ == "__main__":
    asyncio.run(main())
