"""The organizer console and the projector view (Textual).

The entry points the command line calls. Everything textual lives under this package; the
core never imports it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # textual loads with the app, not with this package (the solver child)
    from textual.app import App


def make_app(path: Path, *, clock: Callable[[], float] = time.time, tick: bool = True) -> App[None]:
    """The organizer console on the event file at `path` (tests and snapshots use this)."""
    from eventrunner.tui.app import ConsoleApp

    return ConsoleApp(path, clock=clock, tick=tick)


def run_console(path: Path) -> None:
    """`eventrunner run EVENT` and `eventrunner demo`."""
    make_app(path).run()


def make_projector(
    path: Path, *, clock: Callable[[], float] = time.time, poll: bool = True
) -> App[None]:
    """The read-only projector view of the event file at `path`."""
    from eventrunner.tui.projector import ProjectorApp

    return ProjectorApp(path, clock=clock, poll=poll)


def run_projector(path: Path) -> None:
    """`eventrunner project EVENT`: the projector view in this terminal."""
    make_projector(path).run()


def serve_projector(path: Path, port: int) -> None:
    """`eventrunner serve EVENT --port P`: the projector view in a browser (textual-serve)."""
    from eventrunner.tui.serving import serve

    serve(path, port)
