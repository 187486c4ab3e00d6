"""The organizer console: one Textual app over one event file.

The app owns the open `EventStore` and a read cache of it (attendees, plan, timer) for
drawing. Every organizer action is one transaction computed from what the file holds at that
moment (a toggle, a settings switch, a timer step), never from the cache, so another terminal's
change in between is built on, not undone; the cache is reloaded afterwards. The file is also
watched (its data version, a few times a second), so what `eventrunner import` or `plan` does
in another terminal, or a door station, shows within a second; only what changed is read
again (`EventStore.refresh`), off the UI thread, and the screens redraw only the parts that
moved (`tui/cache.py`). The timer is the stored start time plus pauses;
the app only compares it with the clock.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import attrs
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import ModalScreen

from eventrunner.model import Attendee, EventSettings, Plan
from eventrunner.store import (
    EventStore,
    JournalEntry,
    LiveView,
    PlanVersion,
    Refresh,
    Seen,
    StoreError,
    StoreUnwritable,
    TimerState,
)
from eventrunner.tui import cache, live, solver_process, tablelimit
from eventrunner.tui.commands import ConsoleCommands
from eventrunner.tui.mailjobs import MailJobs
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
#: How often the event file is checked for other terminals' changes (seconds).
WATCH = 0.3
#: After a write failed because the disk is full or the file read-only: first and longest
#: wait before the timer tries again (seconds); the same error is shown again at most this often.
BACKOFF_FIRST, BACKOFF_MOST = 2.0, 30.0


class ConsoleApp(Proposals, PrintJobs, MailJobs):
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
            "ctrl+z",
            "undo",
            "Undo",
            show=False,
            tooltip="This console's last check-in, departure or follow-up change",
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
        self._seen_version = -1
        self._seen = Seen()
        self._following = False
        #: What the latest refresh changed, for the screens watching `revision`.
        self.changed = cache.EVERYTHING
        # Backing off after a write the disk or the file refused: (retry at, wait), and the
        # last error shown with when, so that a full disk is said once, not five times a second.
        self._retry_at, self._backoff = 0.0, 0.0
        self._last_error: tuple[str, float] = ("", 0.0)
        self.reload()
        # A table limit set before a restart is written in the reason of the current plan.
        self.usable_tables = tablelimit.from_reasons([v.reason for v in self.plan_versions])
        self.broken_tables = tablelimit.broken_from_reasons([v.reason for v in self.plan_versions])

    # -- the cache ------------------------------------------------------------------------

    def reload(self) -> None:
        """Bring the cache up to date with the file, reading only what changed since the
        last look (`EventStore.refresh`), and tell the screens what that was."""
        # Taken first: a commit while we read is seen by the next look at the file.
        version = self.store.data_version()
        self.apply_refresh(self.store.refresh(self._seen), version)

    def apply_refresh(self, fresh: Refresh, version: int) -> None:
        """Take a refresh of the cache read at data version `version` (or later)."""
        if fresh.seen.seq < self._seen.seq:
            return  # read before a refresh already taken (a background read came in late)
        before = getattr(self, "attendees", None)
        if fresh.attendees is not None or before is None:
            attendees = fresh.attendees if fresh.attendees is not None else self.store.attendees()
            moved = cache.presence_moved(before or (), attendees)
            more = True
        else:
            merged = cache.merge_presence(before, fresh.presence)
            if merged is None:  # other people than we hold: not a presence-only change
                self.apply_refresh(self.store.refresh(attrs.evolve(self._seen, seq=-1)), version)
                return
            attendees, moved = merged
            more = False
        first = before is None
        changed = cache.Changed(
            settings=first or fresh.settings != self.settings,
            attendees=more,
            presence=moved,
            plan=first or fresh.plan_changed,
            timer=first or fresh.timer != self.timer_state or fresh.played != self.played,
            actions=fresh.actions,
        )
        self._seen = fresh.seen
        self._seen_version = max(self._seen_version, version)
        self.settings: EventSettings = fresh.settings
        if more or moved:
            self.attendees: tuple[Attendee, ...] = attendees
            self.people: dict[str, Attendee] = {a.id: a for a in attendees}
        if fresh.plan_history is not None:
            self.plan: Plan | None = fresh.plan
            self.plan_versions: list[PlanVersion] = fresh.plan_history
        self.played: int = fresh.played
        self.timer_state: TimerState = fresh.timer
        if not changed.nothing:
            self.changed = changed
            self.revision += 1

    def write(self, action: Callable[[], object]) -> bool:
        """Run one store write; a refusal is shown as one line and changes nothing."""
        try:
            action()
        except StoreUnwritable as error:
            # Retrying at once cannot help: wait longer each time, say it once in a while.
            self._backoff = min(BACKOFF_MOST, max(BACKOFF_FIRST, self._backoff * 2))
            self._retry_at = self.clock() + self._backoff
            self._tell_error(str(error))
            self.reload()
            return False
        except StoreError as error:
            self._tell_error(str(error))
            self.reload()
            return False
        self._backoff, self._retry_at = 0.0, 0.0
        self.reload()
        return True

    def _tell_error(self, text: str) -> None:
        shown, at = self._last_error
        now = self.clock()
        if text == shown and now - at < BACKOFF_MOST:
            return
        self._last_error = (text, now)
        self.notify(text, severity="error", markup=False, timeout=10)

    def follow_file(self) -> None:
        """Refresh when another process committed to the file (a door station, an import,
        a plan, `play`): a look at the data version here, the reading in a thread."""
        if self._following:
            return  # a reading is under way; the next look sees what it may have missed
        try:
            version = self.store.data_version()
        except StoreError:
            return  # the file is busy or gone for a moment: look again next time
        if version == self._seen_version:
            return
        self._following = True
        self._read_changes(version, self._seen)

    @work(group="follow-file", exit_on_error=False)
    async def _read_changes(self, version: int, seen: Seen) -> None:
        """Read what changed since `seen` off the UI thread, then take it on the UI thread."""
        try:
            fresh = await asyncio.to_thread(self.store.refresh, seen)
        except StoreError:
            return  # the file is busy or gone for a moment: look again next time
        finally:
            self._following = False
        revision_before = self.revision
        self.apply_refresh(fresh, version)
        if self.revision != revision_before and self.changed.presence:
            self.presence_changed()  # a walk-in imported elsewhere is proposed a seat

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
        now = self.clock()
        steps = self.change_timer(
            lambda state, view: live.advance(state, view.settings, view.rounds, now, catch_up=True)
        )
        if steps:
            self.after_steps(steps, alert=False)
            ended = ", ".join(str(s.played) for s in steps if s.played)
            self.notify(
                f"Round {ended} ended while the console was closed.",
                severity="warning",
                markup=False,
                timeout=15,
            )
        else:
            # A walk-in or departure whose re-plan was never applied (the console was killed
            # before y): compare presence with the plan again and propose it again.
            self.check_replan()
        if self._tick:
            self.set_interval(TICK, self.tick)
        self.set_interval(WATCH, self.follow_file)

    def tick(self) -> None:
        """Apply the transitions due by now (meeting over, switch over); chime before the end."""
        now = self.clock()
        before = getattr(self, "_last_tick", now)
        self._last_tick = now
        if live.chime_due(self.timer_state, self.settings, before, now):
            self.bell()
            self.notify(f"{live.chime_words(self.settings)} left in this round.", markup=False)
        if now < self._retry_at:
            return  # the disk or the file refused the last write: wait before trying again
        # The cache says whether anything is due; the transaction decides on the file.
        if not live.advance(self.timer_state, self.settings, self.rounds, now):
            return
        steps = self.change_timer(
            lambda state, view: live.advance(state, view.settings, view.rounds, now)
        )
        if steps:
            self.after_steps(steps, alert=True)

    def change_timer(
        self, compute: Callable[[TimerState, LiveView], list[live.Step]]
    ) -> list[live.Step] | None:
        """Store the timer steps `compute` makes of the stored timer, in one transaction
        (a meeting that ends is recorded as played in it); None if the write failed."""
        done: list[live.Step] = []
        store = self.store
        if not self.write(lambda: done.extend(store.change_timer(compute))):  # type: ignore[arg-type]
            return None
        return done

    def after_steps(self, steps: list[live.Step], *, alert: bool) -> None:
        """Tell the room about stored transitions; look at presence again after a round."""
        for step in steps:
            if alert and step.played:
                self.bell()
                if isinstance(self.screen, ConsoleScreen):
                    self.screen.flash()
        stale = self.pending is not None and not self.proposal_current(self.pending)
        if stale or (self.pending is None and any(step.played for step in steps)):
            self.pending = None
            self.check_replan()  # who arrived or left still needs seats in the later rounds

    def set_timer_state(self, state: TimerState, action: str) -> bool:
        """Store a new timer state (one transaction)."""
        return self.write(lambda: self.store.set_timer(state, action=action))

    def start_or_pause(self) -> None:
        """Space: start the first or next round, pause, or resume (decided on the file).

        Before a round starts, people seated in it who are not checked in are pointed out
        and the re-plan for those present is offered (`round_may_start`)."""
        if self.plan is None:
            self.notify("No plan yet: make one on the Plan screen (F4).", markup=False)
            return
        state = self.timer_state
        if state.phase == live.IDLE and self.played < self.rounds:
            self.round_may_start(self.played + 1, self.space_on_the_file)
        elif state.phase == live.SWITCH and state.round < self.rounds:
            self.round_may_start(max(state.round, self.played) + 1, self.space_on_the_file)
        else:
            self.space_on_the_file()

    def space_on_the_file(self) -> None:
        """What space does, computed from the stored timer inside one transaction."""
        now = self.clock()

        def compute(state: TimerState, view: LiveView) -> list[live.Step]:
            if state.phase == live.IDLE and view.played < view.rounds:
                # After `eventrunner play --through N`, the evening goes on at round N + 1.
                nxt = view.played + 1
                return [live.Step(live.start_meeting(nxt, now), f"round {nxt} started")]
            if state.phase == live.MEETING:
                return [live.Step(live.pause(state, now), f"round {state.round} paused")]
            if state.phase == live.PAUSED:
                return [live.Step(live.resume(state, now), f"round {state.round} resumed")]
            if state.phase == live.SWITCH and state.round < view.rounds:
                nxt = max(state.round, view.played) + 1
                return [live.Step(live.start_meeting(nxt, now), f"round {nxt} started")]
            return []

        steps = self.change_timer(compute)
        if steps == []:
            self.notify("The event is finished.", markup=False)
        elif steps and steps[0].state.phase == live.MEETING:
            self.after_steps(steps, alert=False)

    def add_minute(self) -> None:
        """One more minute for the meeting (or the switch)."""

        def compute(state: TimerState, _: LiveView) -> list[live.Step]:
            if state.phase not in (live.MEETING, live.PAUSED, live.SWITCH):
                return []
            return [live.Step(live.add_minute(state), f"round {state.round}: one more minute")]

        self.change_timer(compute)

    def end_round_now(self) -> None:
        """End the running meeting now (the organizer confirmed)."""
        now = self.clock()

        def compute(state: TimerState, view: LiveView) -> list[live.Step]:
            if state.phase not in (live.MEETING, live.PAUSED):
                return []
            ended = live.end_meeting(state, view.rounds, now)
            return [live.Step(ended, f"round {state.round} ended early", played=state.round)]

        steps = self.change_timer(compute)
        if steps:
            self.after_steps(steps, alert=True)

    def toggle_auto_advance(self) -> None:
        """Start the next round by itself after the switch, or wait for the organizer."""
        stored: list[EventSettings] = []

        def flip(now: EventSettings) -> EventSettings:
            return attrs.evolve(now, auto_advance=not now.auto_advance)

        if self.write(lambda: stored.append(self.store.change_settings(flip))):
            word = "starts by itself" if stored[0].auto_advance else "waits for you (space)"
            self.notify(f"After the switch, the next round {word}.", markup=False)

    # -- actions shared by every screen ---------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # An undo behind a form or a question would change what it is about unseen.
        return not (action == "undo" and isinstance(self.screen, ModalScreen))

    def action_undo(self) -> None:
        """Take back the latest check-in, departure or follow-up change (one per press)."""
        before = Snapshot.of(self.attendees, self.store.followups())
        undone: list[JournalEntry | None] = []
        # Only the console's own actions: a follow-up typed in another terminal stays.
        if not self.write(lambda: undone.append(self.store.undo_last(only_mine=True))):
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

    def review_pending(self) -> None:
        """r: the pending re-plan; with none, but presence off the plan, make one first."""
        if self.pending is None and self.plan is not None:
            frozen = live.frozen_rounds(self.timer_state, self.played)
            if live.mismatch(self.attendees, self.plan, frozen):
                self._asked = True
                self.notify("Re-planning for who arrived or left…", markup=False, timeout=3)
                self.check_replan()
                return
        super().review_pending()

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
