"""The projector view: round, big countdown and "find your table", for the room to read.

Read-only: it opens the event file read-only and polls its data version, so it follows the
console running in another terminal (or serves a browser through textual-serve) and can
never change the event. It computes the countdown from the stored timer, like the console.
Run as `python -m eventrunner.tui.projector EVENT` (that is what `serve` launches).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from eventrunner.model import Attendee, Plan
from eventrunner.store import EventStore, StoreError
from eventrunner.tui import live
from eventrunner.tui.screens.console import focus_rounds
from eventrunner.tui.text import clean
from eventrunner.tui.widgets.countdown import BigCountdown
from eventrunner.tui.widgets.find_table import FindYourTable, countdown_rows, entries

#: How often the event file is checked for changes (seconds).
POLL = 0.5


class ProjectorApp(App[None]):
    """What the room sees on the wall."""

    CSS = """
    #p-top { height: 1; background: $primary; padding: 0 1; }
    #p-name { width: 1fr; text-style: bold; }
    #p-clock { width: auto; text-style: bold; }
    #p-live { height: 50%; min-height: 5; }  /* then `countdown_rows`, see on_resize */
    #p-title { text-style: bold; padding: 0 1; background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,ctrl+q", "quit", "Quit")]
    ENABLE_COMMAND_PALETTE = False
    TITLE = "eventrunner projector"

    def __init__(
        self, path: Path, *, clock: Callable[[], float] = time.time, poll: bool = True
    ) -> None:
        super().__init__()
        self.clock = clock
        self.store = EventStore.open(path, readonly=True)
        self._poll = poll
        self._last_poll = clock()
        self._version = -1
        self.people: dict[str, Attendee] = {}
        self.plan: Plan | None = None
        self.reload()

    def compose(self) -> ComposeResult:
        with Horizontal(id="p-top"):
            yield Static(id="p-name")
            yield Static(id="p-clock")
        with Horizontal(id="p-live"):
            yield BigCountdown()
        yield Static(id="p-title")
        yield FindYourTable(id="p-list")

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#p-live").styles.height = countdown_rows(event.size.height)

    def on_mount(self) -> None:
        self.query_one("#p-live").styles.height = countdown_rows(self.size.height)
        self.redraw()
        if self._poll:
            self.set_interval(POLL, self.follow)

    def reload(self) -> None:
        """Read what the view shows (only when the file changed)."""
        self._version = self.store.data_version()
        self.settings = self.store.settings()
        self.people = {a.id: a for a in self.store.attendees()}
        self.plan = self.store.current_plan()
        self.timer_state = self.store.timer()

    def follow(self) -> None:
        """Poll the file; redraw the names only when the console changed something."""
        try:
            if self.store.data_version() != self._version:
                self.reload()
                self.redraw()
        except StoreError:  # the console is mid-write: try again next poll
            return
        now, before = self.clock(), self._last_poll
        self._last_poll = now
        # The room hears it too when the projector runs in a terminal with sound; the
        # browser page plays its own chime and bell (see serving.py).
        if live.chime_due(self.timer_state, self.settings, before, now):
            self.bell()
        self.show_time()

    def redraw(self) -> None:
        self.query_one("#p-name", Static).update(Content(clean(self.settings.name)))
        rounds = len(self.plan.rounds) if self.plan else self.settings.rounds
        current, _ = focus_rounds(self.timer_state, rounds)
        rnd = None
        if self.plan is not None and 0 < current <= len(self.plan.rounds):
            rnd = self.plan.rounds[current - 1]
        title = f"Find your table — round {current}" if rnd else "The plan is not ready yet"
        if self.timer_state.phase == live.FINISHED:
            title = "Thank you! All rounds are played."
            rnd = None
        self.query_one("#p-title", Static).update(Content(title))
        self.query_one(FindYourTable).show(entries(rnd, self.people))
        self.show_time()

    def show_time(self) -> None:
        now = self.clock()
        self.query_one("#p-clock", Static).update(
            Content(time.strftime("%H:%M", time.localtime(now)))
        )
        state = self.timer_state
        total = len(self.plan.rounds) if self.plan else self.settings.rounds
        seconds: float | None = live.remaining(state, self.settings, now)
        phase = live.PHASE_WORDS[state.phase]
        if state.phase == live.IDLE:
            label, seconds, phase = f"{total} rounds", self.settings.minutes * 60, "starting soon"
        elif state.phase == live.FINISHED:
            label, seconds = "All rounds played", None
        elif state.phase == live.SWITCH:
            label = f"Round {state.round + 1} of {total} next"
            phase = "switch tables: find your next table"
        else:
            label = f"Round {state.round} of {total}"
        self.query_one(BigCountdown).show(label, seconds, phase, state.phase)

    def on_unmount(self) -> None:
        self.store.close()


def main(argv: list[str]) -> None:
    """`python -m eventrunner.tui.projector EVENT [--parent PID]` (what `serve` starts)."""
    if len(argv) >= 3 and argv[1] == "--parent":
        from eventrunner.tui.lifeline import die_with_parent

        die_with_parent(int(argv[2]))
    ProjectorApp(Path(argv[0])).run()


if __name__ == "__main__":
    main(sys.argv[1:])
