"""`eventrunner serve`: the projector view reaches a browser through textual-serve.

Only loopback traffic, bounded in time; the server process is always stopped.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_answers_a_browser_on_localhost(small_event: Callable[..., Path]) -> None:
    path = small_event()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "eventrunner", "serve", str(path), "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    assert reply.status == 200
                    page = reply.read().decode("utf-8", "replace")
                    break
            except OSError:
                time.sleep(0.3)
        assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
        assert "eventrunner projector" in page
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def _projectors(pgid: int) -> list[int]:
    """Live projector children in the server's process group (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid and b"eventrunner.tui.projector" in cmd:
            found.append(int(entry.name))
    return found


def test_a_dropped_connection_and_a_stopped_serve_leave_no_child(
    small_event: Callable[..., Path],
) -> None:
    """A websocket cut without a goodbye ends its projector child; stopping `serve` ends
    every child still running. No browser needed: aiohttp's client plays the browser."""
    import asyncio

    import aiohttp

    path = small_event()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "eventrunner", "serve", str(path), "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    async def open_tabs(n: int) -> list[tuple[aiohttp.ClientSession, object]]:
        tabs = []
        for _ in range(n):
            session = aiohttp.ClientSession()
            ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24")
            await ws.send_json(["resize", {"width": 80, "height": 24}])
            tabs.append((session, ws))
        return tabs

    async def scenario() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                    break
            except OSError:
                await asyncio.sleep(0.3)
        tabs = await open_tabs(2)
        await _until(lambda: len(_projectors(server.pid)) == 2)
        # The first tab vanishes: its TCP connection is torn down, no close frame sent.
        session, ws = tabs[0]
        ws._response.connection.transport.abort()  # type: ignore[attr-defined]
        await session.close()
        await _until(lambda: len(_projectors(server.pid)) == 1)
        # serve stops with the second still connected: that child goes too.
        os.killpg(server.pid, signal.SIGTERM)
        await asyncio.to_thread(server.wait, 20)
        await _until(lambda: not _projectors(server.pid))
        await tabs[1][0].close()

    async def _until(condition: Callable[[], bool], timeout: float = 25.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "timed out"
            await asyncio.sleep(0.2)

    try:
        asyncio.run(scenario())
        assert _projectors(server.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
