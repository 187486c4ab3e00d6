"""A real headless Chromium opens `serve` and `door`: nothing leaves the laptop, it works."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import attrs
from browserkit import (
    browser,
    free_port,
    leaves_laptop,
    projector_children,
    start_eventrunner,
    stop,
    wait_http,
)
from tuikit import make_event, people

from eventrunner.model import Presence
from eventrunner.store import EventStore
from eventrunner.tui import live


def digit_rows(png: Path) -> tuple[int, int]:
    """First and last pixel row of the big countdown in a screenshot: the rows holding a
    long run of bright pixels (the digits' block strokes; letters are never that wide)."""
    from PIL import Image

    image = Image.open(png).convert("L")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    rows = []
    for y in range(height):
        run = best = 0
        for x in range(width):
            run = run + 1 if pixels[x, y] > 180 else 0
            best = max(best, run)
        if best >= 40:
            rows.append(y)
    assert rows, "no countdown digits found in the screenshot"
    return rows[0], rows[-1]


def running_event(tmp_path: Path) -> Path:
    crowd = [attrs.evolve(a, tickets=(f"TK-{i}",)) for i, a in enumerate(people(12), 1)]
    path = make_event(tmp_path, "browser", attendees=crowd, present=None, chime_seconds=60)
    with EventStore.open(path) as store:
        store.set_timer(live.start_meeting(1, time.time()), action="round 1 started")
    return path


async def test_serve_loads_everything_from_the_laptop(tmp_path: Path) -> None:
    path = running_event(tmp_path)
    port = free_port()
    server = start_eventrunner("serve", str(path), "--port", str(port))
    try:
        wait_http(f"http://127.0.0.1:{port}/", server)
        async with browser() as chrome:
            page = await chrome.open(f"http://127.0.0.1:{port}/")
            await page.wait_for("document.body.classList.contains('-first-byte')")
            await page.wait_for("window.eventrunnerTimer && window.eventrunnerTimer.phase")
            await asyncio.sleep(2)
            assert await page.evaluate("""document.fonts.check('16px "Roboto Mono"', '0')""")
            # The CJK face is bundled too: 王小明 is drawn, not boxes.
            assert await page.evaluate("""document.fonts.check('16px "Roboto Mono"', '王')""")
            faces = await page.evaluate(
                "[...document.fonts].filter(f => f.status === 'loaded').length"
            )
            assert faces >= 2
            size = int(await page.evaluate("document.getElementById('terminal').dataset.fontSize"))
            assert size >= 20  # 1280 x 800: larger type than the old 16 px
            timer = await page.evaluate("window.eventrunnerTimer")
            assert timer["phase"] == "meeting" and timer["chime"] == 60
            await page.screenshot(tmp_path / "projector.png")
            top, bottom = digit_rows(tmp_path / "projector.png")
            assert bottom - top >= 800 / 3, (top, bottom)  # the room reads it from the back
            assert page.requests, "the page made no request at all?"
            outside = [u for u in page.requests if leaves_laptop(u)]
            assert outside == []
            assert any("/fonts/" in u for u in page.requests)
    finally:
        stop(server)


async def test_door_page_checks_in_from_a_browser(tmp_path: Path) -> None:
    path = running_event(tmp_path)
    with EventStore.open(path) as store:
        for a in store.attendees():
            store.set_presence(a.id, Presence.REGISTERED)
    port = free_port()
    server = start_eventrunner("door", str(path), "--port", str(port), "--host", "127.0.0.1",
                               "--no-qr")  # fmt: skip
    try:
        wait_http(f"http://127.0.0.1:{port}/", server)
        assert server.stdout is not None
        url = ""
        while not url:
            line = server.stdout.readline()
            found = re.search(r"http://127\.0\.0\.1:\d+/s/[\w-]+/", line)
            url = found.group(0) if found else ""
        async with browser(412, 915) as chrome:
            locked = await chrome.open(f"http://127.0.0.1:{port}/s/wrong-key/")
            await locked.wait_for("document.body && document.body.innerText.length > 0")
            assert "no valid key" in await locked.evaluate("document.body.innerText")
            page = await chrome.open(url)
            await page.wait_for("document.querySelectorAll('#people li').length > 0")
            await page.evaluate(
                "(() => { const s = document.getElementById('search'); s.value = 'zoe lef';"
                " s.dispatchEvent(new Event('input')); })()"
            )
            await page.wait_for("document.querySelectorAll('#people li').length === 1")
            assert "Zoë Lefèvre" in await page.evaluate(
                "document.getElementById('people').innerText"
            )
            await page.evaluate("document.querySelector('#people li button').click()")
            await page.wait_for("document.getElementById('banner').className === 'ok'")
            banner = await page.evaluate("document.getElementById('banner').innerText")
            assert "Zoë Lefèvre" in banner and "Table" in banner
            await page.screenshot(tmp_path / "door.png")
            outside = [u for u in page.requests + locked.requests if leaves_laptop(u)]
            assert outside == []
        with EventStore.open(path, readonly=True) as s:
            zoe = next(a for a in s.attendees() if a.name == "Zoë Lefèvre")
            assert zoe.presence is Presence.PRESENT
    finally:
        stop(server)


async def test_a_browser_that_vanishes_leaves_no_projector_behind(tmp_path: Path) -> None:
    path = running_event(tmp_path)
    port = free_port()
    server = start_eventrunner("serve", str(path), "--port", str(port))
    try:
        wait_http(f"http://127.0.0.1:{port}/", server)
        async with browser() as chrome:
            page = await chrome.open(f"http://127.0.0.1:{port}/")
            await page.wait_for("document.body.classList.contains('-first-byte')")
            assert len(projector_children(server.pid)) == 1
            chrome.kill()  # no goodbye: the power went
        deadline = time.monotonic() + 30
        while projector_children(server.pid) and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
        assert projector_children(server.pid) == []
        assert server.poll() is None  # serve itself goes on for the next browser
    finally:
        stop(server)
