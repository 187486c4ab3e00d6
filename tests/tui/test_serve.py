"""`eventrunner serve`: the projector view reaches a browser through textual-serve.

Only loopback traffic, bounded in time; the server process is always stopped.
"""

from __future__ import annotations

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
