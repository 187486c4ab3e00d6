"""`eventrunner serve`: the projector view in a browser, offline, and no process left behind.

textual-serve runs one projector child per browser tab. Three things are ours:
- the page (`web/app_index.html`) asks for nothing outside the laptop: the fonts are served
  here (`door.fonts`), the type is as large as the window allows for the cells the round's
  "find your table" list needs on one page (`/cells`; a long list keeps 80 x 26 and pages),
  and the page plays the warning chime and the end bell from `/timer` (the stored timer,
  read-only);
- a browser that vanishes (lid closed, Wi-Fi gone) is noticed by a short heartbeat, and its
  child is stopped, then terminated, then killed, whatever state it is in;
- when `serve` stops, every child still running is stopped with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from eventrunner.door.fonts import font_face_css, serve_font
from eventrunner.store import EventStore, StoreError
from eventrunner.tui import live
from eventrunner.tui.screens.console import focus_rounds
from eventrunner.tui.widgets.find_table import SCREEN, entries, screen_cells

#: Seconds between websocket pings; two missed pings and the browser counts as gone.
HEARTBEAT = 5.0
#: Seconds a child gets to quit by itself, then to die on SIGTERM, before SIGKILL.
GRACE = 3.0
_WEB = Path(__file__).parent / "web"


def projector_command(path: Path) -> str:
    """The shell command of one projector child (`exec`: no shell stays between us and it)."""
    # The child is told who `serve` is, so that it never outlives it (`lifeline`).
    args = [sys.executable, "-m", "eventrunner.tui.projector", str(path.resolve())]
    args += ["--parent", str(os.getpid())]
    return "exec " + shlex.join(args)


def timer_figures(path: Path, now: float) -> dict[str, Any]:
    """What the page needs for its sounds: phase, round, seconds left, chime setting."""
    try:
        with EventStore.open(path, readonly=True) as store:
            state, settings = store.timer(), store.settings()
    except StoreError:
        return {"phase": "unknown", "round": 0, "remaining": 0, "chime": 0}
    return {
        "phase": state.phase,
        "round": state.round,
        "remaining": round(live.remaining(state, settings, now), 2),
        "chime": settings.chime_seconds,
    }


def projector_cells(path: Path) -> dict[str, int]:
    """The screen (in cells) the page fits its type to: the fewest on which the round's
    "find your table" list fits one page (`find_table.screen_cells`)."""
    try:
        with EventStore.open(path, readonly=True) as store:
            plan, state, people = store.current_plan(), store.timer(), store.attendees()
    except StoreError:
        columns, rows = SCREEN
        return {"columns": columns, "rows": rows}
    rnd = None
    if plan is not None:
        current, _ = focus_rounds(state, len(plan.rounds))
        rnd = plan.rounds[current - 1] if 0 < current <= len(plan.rounds) else None
    columns, rows = screen_cells(entries(rnd, {a.id: a for a in people}))
    return {"columns": columns, "rows": rows}


class ProjectorServer(Server):  # type: ignore[misc]  # textual-serve has no type hints
    """textual-serve with our page, local fonts, the timer for sounds, and child cleanup."""

    def __init__(self, path: Path, *, host: str = "localhost", port: int = 8000) -> None:
        super().__init__(
            projector_command(path),
            host=host,
            port=port,
            title="eventrunner projector",
            templates_path=_WEB,
        )
        self.path = path
        self.services: set[AppService] = set()

    async def _make_app(self) -> web.Application:
        app: web.Application = await super()._make_app()
        app.router.add_get("/fonts/{name}", serve_font)
        app.router.add_get("/timer", self.handle_timer)
        app.router.add_get("/cells", self.handle_cells)
        app.on_shutdown.append(self.stop_children)
        return app

    async def handle_timer(self, request: web.Request) -> web.Response:
        figures = await asyncio.to_thread(timer_figures, self.path, time.time())
        return web.json_response(figures, headers={"Cache-Control": "no-store"})

    async def handle_cells(self, request: web.Request) -> web.Response:
        cells = await asyncio.to_thread(projector_cells, self.path)
        return web.json_response(cells, headers={"Cache-Control": "no-store"})

    @aiohttp_jinja2.template("app_index.html")  # type: ignore[misc]
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        router = request.app.router
        base = self.public_url
        socket = base.replace("https:", "wss:", 1).replace("http:", "ws:", 1)
        return {
            "app_websocket_url": socket + str(router["websocket"].url_for()),
            # Same-origin paths: fonts and fetches from another origin would need CORS,
            # and the page may be opened as 127.0.0.1 as well as localhost.
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
            "font_css": font_face_css("/fonts/"),
            "timer_url": "/timer",
            "cells_url": "/cells",
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: its projector child lives exactly as long as the connection."""
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT)
        width = _to_int(request.query.get("width"), 80)
        height = _to_int(request.query.get("height"), 24)
        service: AppService | None = None
        try:
            await websocket.prepare(request)
            service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.services.add(service)
            await service.start(width, height)
            # Writes to a browser that is gone raise; the loop ends either way.
            with contextlib.suppress(Exception):
                await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            if service is not None:
                await end_child(service)
                self.services.discard(service)
        return websocket

    async def stop_children(self, app: web.Application) -> None:
        """`serve` is stopping: so is every projector child."""
        await asyncio.gather(*(end_child(s) for s in list(self.services)))


async def end_child(service: AppService) -> None:
    """Stop one projector child: ask it to quit, then SIGTERM, then SIGKILL."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(service.stop(), GRACE)
    process = getattr(service, "_process", None)
    if process is None or process.returncode is not None:
        return
    for signal_it in (process.terminate, process.kill):
        with contextlib.suppress(ProcessLookupError):
            signal_it()
        try:
            await asyncio.wait_for(process.wait(), GRACE)
            return
        except TimeoutError:
            continue


def _to_int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


def serve(path: Path, port: int) -> None:
    """Serve the projector view of the event at `path` on localhost:`port` until Ctrl+C."""
    ProjectorServer(path, port=port).serve()
