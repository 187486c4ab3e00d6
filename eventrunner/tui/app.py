"""The organizer console: one Textual app over one event file.

The app owns the open `EventStore` and a read cache of it (attendees, plan, timer). Every
organizer action is written to the store at once, in one transaction, and the cache is
reloaded from the store afterwards, so what the screen shows is what the file holds. The
timer is the stored start time plus pauses; the app only compares it with the clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import attrs
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import ModalScreen

from eventrunner.model import Attendee, EventSettings, Plan
from eventrunner.store import EventStore, JournalEntry, PlanVersion, StoreError, TimerState
from eventrunner.tui import live, solver_process, tablelimit
from eventrunner.tui.commands import ConsoleCommands
from eventrunner.tui.printjobs import PrintJobs
from eventrunner.tui.proposals import Proposals
from eventrunner.tui.screens.confirm import ConfirmModal
from eventrunner.tui.screens.console import ConsoleScreen
from eventrunner.tui.screens.followups import FollowUpScreen
from eventrunner.tui.screens.help import HelpScreen
from eventrunner.tui.screens.plan import PlanScreen
from eventrunner.tui.screens.roster import RosterScreen
from eventrunner.tui.undo import Snapshot, undo_words

Clock = Callable[[], float]

#: How often the timer is compared with the clock (seconds).
TICK = 0.2


class ConsoleApp(Proposals, PrintJobs):
    """Run a live speed-networking event from the terminal."""

    CSS_PATH = "console.tcss"
    TITLE = "eventrunner"
    COMMANDS = App.COMMANDS | {ConsoleCommands}
    MODES: ClassVar[dict[str, Any]] = {
        "console": ConsoleScreen,
        "roster": RosterScreen,
        "plan": PlanScreen,
        "followups": FollowUpScreen,
    }
    DEFAULT_MODE = "console"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", tooltip="Every key, on one page"),
        Binding("f2", "switch_mode('console')", "Console", tooltip="Round and countdown"),
        Binding("f3", "switch_mode('roster')", "Check-in", tooltip="Roster and walk-ins"),
        Binding("f4", "switch_mode('plan')", "Plan", tooltip="Make the plan, look at rounds"),
        Binding("f5", "switch_mode('followups')", "Follow-ups", tooltip="Who keeps in touch"),
        Binding(
            "ctrl+z", "undo", "Undo", show=False, tooltip="The last check-in or follow-up change"
        ),
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Asks first if a round runs"),
    ]

    revision: reactive[int] = reactive(0, init=False)
    """Bumped after every write, so screens know to redraw from the cache."""

    def __init__(self, path: Path, *, clock: Clock = time.time, tick: bool = True) -> None:
        super().__init__()
        self.clock = clock
        self.store = EventStore.open(path)
        solver_process.prepare()
        self._tick = tick
        self.reload()
        # A table limit set before a restart is written in the reason of the current plan.
        self.usable_tables = tablelimit.from_reasons([v.reason for v in self.plan_versions])

    # -- the cache ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read everything the screens show from the store."""
        self.settings: EventSettings = self.store.settings()
        self.attendees: tuple[Attendee, ...] = self.store.attendees()
        self.people: dict[str, Attendee] = {a.id: a for a in self.attendees}
        self.plan: Plan | None = self.store.current_plan()
        self.plan_versions: list[PlanVersion] = self.store.plan_history()
        self.played: int = self.store.played_through()
        self.timer_state: TimerState = self.store.timer()
        self.revision += 1

    def write(self, action: Callable[[], object]) -> bool:
        """Run one store write; a refusal is shown as one line and changes nothing."""
        try:
            action()
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False, timeout=10)
            self.reload()
            return False
        self.reload()
        return True

    @property
    def rounds(self) -> int:
        """Rounds of the evening: those of the plan, else those the settings ask for."""
        return len(self.plan.rounds) if self.plan is not None else self.settings.rounds

    def remaining(self) -> float:
        """Seconds left in the current phase."""
        return live.remaining(self.timer_state, self.settings, self.clock())

    @property
    def round_running(self) -> bool:
        """True from the first round's start until the last round's end."""
        return self.timer_state.phase in (live.MEETING, live.PAUSED, live.SWITCH)

    # -- the timer ------------------------------------------------------------------------

    def on_mount(self) -> None:
        steps = live.advance(
            self.timer_state, self.settings, self.rounds, self.clock(), catch_up=True
        )
        if steps:
            self.apply_steps(steps, alert=False)
            ended = ", ".join(str(s.played) for s in steps if s.played)
            self.notify(
                f"Round {ended} ended while the console was closed.",
                severity="warning",
                markup=False,
                timeout=15,
            )
        if self._tick:
            self.set_interval(TICK, self.tick)

    def tick(self) -> None:
        """Apply the transitions due by now (meeting over, switch over); chime before the end."""
        now, before = self.clock(), getattr(self, "_last_tick", self.clock())
        self._last_tick = now
        if live.chime_due(self.timer_state, self.settings, before, now):
            self.bell()
            self.notify(f"{live.chime_words(self.settings)} left in this round.", markup=False)
        steps = live.advance(self.timer_state, self.settings, self.rounds, self.clock())
        if steps:
            self.apply_steps(steps, alert=True)

    def apply_steps(self, steps: list[live.Step], *, alert: bool) -> None:
        """Store each transition (recording ended meetings as played) and tell the room."""
        for step in steps:
            # mark_played before the timer: a crash in between replays the end harmlessly.
            if step.played > self.played and not self.mark_played(step.played):
                return
            self.set_timer_state(step.state, step.action)
            if alert and step.played:
                self.bell()
                if isinstance(self.screen, ConsoleScreen):
                    self.screen.flash()
        if self.pending is not None and not self.proposal_current(self.pending):
            self.pending = None
            self.check_replan()

    def mark_played(self, through: int) -> bool:
        """Record rounds 1..through as played (their meetings happened; frozen forever)."""
        return self.write(lambda: self.store.mark_played(through))

    def set_timer_state(self, state: TimerState, action: str) -> bool:
        """Store a new timer state (one transaction)."""
        return self.write(lambda: self.store.set_timer(state, action=action))

    def start_or_pause(self) -> None:
        """Space: start the first or next round, pause, or resume."""
        state, now = self.timer_state, self.clock()
        if self.plan is None:
            self.notify("No plan yet: make one on the Plan screen (F4).", markup=False)
        elif state.phase == live.IDLE:
            self.set_timer_state(live.start_meeting(1, now), "round 1 started")
        elif state.phase == live.MEETING:
            self.set_timer_state(live.pause(state, now), f"round {state.round} paused")
        elif state.phase == live.PAUSED:
            self.set_timer_state(live.resume(state, now), f"round {state.round} resumed")
        elif state.phase == live.SWITCH and state.round < self.rounds:
            nxt = state.round + 1
            self.set_timer_state(live.start_meeting(nxt, now), f"round {nxt} started")
        else:
            self.notify("The event is finished.", markup=False)

    def add_minute(self) -> None:
        """One more minute for the meeting (or the switch)."""
        state = self.timer_state
        if state.phase in (live.MEETING, live.PAUSED, live.SWITCH):
            self.set_timer_state(live.add_minute(state), f"round {state.round}: one more minute")

    def end_round_now(self) -> None:
        """End the running meeting now (the organizer confirmed)."""
        state = self.timer_state
        if state.phase not in (live.MEETING, live.PAUSED):
            return
        step = live.Step(
            live.end_meeting(state, self.rounds, self.clock()),
            f"round {state.round} ended early",
            played=state.round,
        )
        self.apply_steps([step], alert=True)

    def toggle_auto_advance(self) -> None:
        """Start the next round by itself after the switch, or wait for the organizer."""
        auto = not self.settings.auto_advance
        new = attrs.evolve(self.settings, auto_advance=auto)
        if self.write(lambda: self.store.update_settings(new)):
            word = "starts by itself" if auto else "waits for you (space)"
            self.notify(f"After the switch, the next round {word}.", markup=False)

    # -- actions shared by every screen ---------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # An undo behind a form or a question would change what it is about unseen.
        return not (action == "undo" and isinstance(self.screen, ModalScreen))

    def action_undo(self) -> None:
        """Take back the latest check-in, departure or follow-up change (one per press)."""
        before = Snapshot.of(self.attendees, self.store.followups())
        undone: list[JournalEntry | None] = []
        if not self.write(lambda: undone.append(self.store.undo_last())):
            return
        entry = undone[0]
        if entry is None:
            self.notify("Nothing to undo.", markup=False)
            return
        after = Snapshot.of(self.attendees, self.store.followups())
        self.notify(undo_words(entry, before, after), markup=False)
        if before.presence != after.presence:
            self.presence_changed()  # proposes a re-plan, or withdraws one no longer needed
        if before.wishes != after.wishes and isinstance(self.screen, FollowUpScreen):
            self.screen.show_ticks(keep_highlight=True)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        if not self.round_running:
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(
            ConfirmModal(
                "A round is running. Quit the console?",
                "The timer keeps running in the event file; reopen to carry on.",
                yes="Quit",
                no="Stay",
            ),
            answered,
        )

    def on_unmount(self) -> None:
        self.store.close()
