"""The console's solver work: making a plan and proposing re-plans, always in a thread.

The solver never runs on the UI thread (a keypress must be answered at once while it works):
each job is a thread worker, which runs the solver in a child process (`solver_process`) and
posts its progress and result back as messages; cancelling the worker stops the solver with
its best plan so far. The base class of `ConsoleApp`, which owns the store and keeps the cache
these jobs read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from eventrunner.model import Attendee, EventSettings, Plan
from eventrunner.store import EventStore, TimerState
from eventrunner.tui import live, solver_process, tablelimit
from eventrunner.tui.messages import (
    PlanFailed,
    PlanReady,
    Proposal,
    ProposalReady,
    SolverProgress,
)
from eventrunner.tui.screens.replan import ReplanModal
from eventrunner.tui.solver_process import SolverCrashed, SolverRefused
from eventrunner.tui.text import clean

if TYPE_CHECKING:
    from eventrunner.scheduling import Progress

#: Seconds the solver may take for a plan made on the Plan screen, and for a live re-plan.
PLAN_SECONDS = 10.0
REPLAN_SECONDS = 2.0
#: Presence changes arrive in bursts at the door: wait this long before proposing a re-plan.
PROPOSAL_DELAY = 1.0


def names(app: Solving, ids: Sequence[str], limit: int = 3) -> str:
    """A few names for a sentence: `Ann, Bob, Zoë and 4 more`."""
    shown = [clean(app.people[i].name) if i in app.people else i for i in ids[:limit]]
    more = len(ids) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


class Solving(App[None]):
    """Plan and re-plan jobs of the console (the base of `ConsoleApp`, which fills the cache)."""

    solving: reactive[bool] = reactive(False, init=False)
    """True while a plan is being made on the Plan screen."""
    progress: reactive[Progress | None] = reactive(None, init=False)
    """The solver's latest progress report."""
    pending: reactive[Proposal | None] = reactive(None, init=False)
    """A re-plan waiting for the organizer's review."""
    usable_tables: int | None = None
    """Tables usable in the rounds not started (a table is broken), or None: all of them."""

    # The cache of the event file, kept by ConsoleApp.reload().
    store: EventStore
    settings: EventSettings
    attendees: tuple[Attendee, ...]
    people: dict[str, Attendee]
    plan: Plan | None
    played: int
    timer_state: TimerState

    def write(self, action: Callable[[], object]) -> bool:
        """One store write (ConsoleApp shows refusals and reloads the cache)."""
        raise NotImplementedError

    _discard = False
    _proposal_timer: Timer | None = None
    # The organizer asked for a re-plan (fewer tables): show its review as soon as it is ready.
    _asked = False

    # -- making a plan (Plan screen) ---------------------------------------------------------

    def start_planning(self, time_limit: float = PLAN_SECONDS) -> None:
        """Make (or remake) the plan of the rounds not started, for the attendees here."""
        group, words = live.planning_group(self.attendees)
        frozen = live.frozen_rounds(self.timer_state, self.played)
        limit = self.usable_tables if self.plan is not None else None
        # Only a re-plan takes a table limit, so with one the plan is remade from the old one.
        previous = self.plan if frozen or limit is not None else None
        reason = f"plan for {words}" if not frozen else f"remake after round {frozen}"
        if limit is not None:
            reason += f" ({tablelimit.note(limit)})"
        self._discard = False
        self.progress = None
        self.solving = True
        self._plan_worker(group, self.settings, previous, frozen, reason, time_limit, limit)

    def stop_planning(self, *, keep: bool) -> None:
        """Stop the solver: keep the best plan found so far, or throw it away."""
        self._discard = not keep
        for worker in self.workers:
            if worker.group == "solver":
                worker.cancel()

    @work(thread=True, exclusive=True, exit_on_error=False, group="solver")
    def _plan_worker(
        self,
        group: Sequence[Attendee],
        settings: EventSettings,
        previous: Plan | None,
        frozen: int,
        reason: str,
        time_limit: float,
        max_tables: int | None,
    ) -> None:
        worker = get_current_worker()
        try:
            result = solver_process.solve(
                group,
                settings,
                previous,
                frozen,
                time_limit,
                progress=self._relay_progress,
                cancelled=lambda: worker.is_cancelled,
                max_tables=max_tables,
            )
        except (SolverRefused, SolverCrashed) as error:
            self.post_message(PlanFailed(_one_line(error)))
        else:
            self.post_message(PlanReady(result, reason, stopped=worker.is_cancelled))

    def _relay_progress(self, progress: Progress) -> None:
        """From the worker thread: hand the progress to the UI thread."""
        self.post_message(SolverProgress(progress))

    def on_solver_progress(self, message: SolverProgress) -> None:
        self.progress = message.progress

    def on_plan_ready(self, message: PlanReady) -> None:
        self.solving = False
        if self._discard:
            self.notify("Planning cancelled; the plan is unchanged.", markup=False)
            return
        frozen = live.frozen_rounds(self.timer_state, self.played)
        if self.plan is not None and message.plan.rounds[:frozen] != self.plan.rounds[:frozen]:
            self.notify(
                "A round started while planning; make the plan again.",
                severity="warning",
                markup=False,
            )
            return
        reason = message.reason + (" (stopped early)" if message.stopped else "")
        if self.write(lambda: self.store.save_plan(message.plan, reason=reason)):
            stats = message.plan.stats
            self.notify(f"New plan saved: {stats.percent_of_bound:.1f}% of bound.", markup=False)
            self.pending = None

    def on_plan_failed(self, message: PlanFailed) -> None:
        self.solving = False
        self._asked = False
        self.notify(message.text, title="No plan", severity="error", markup=False, timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A bug in a solver thread must not take the evening down: say so and carry on.
        if event.state is WorkerState.ERROR:
            if event.worker.group == "solver":
                self.solving = False
            who = "Printing" if event.worker.group == "print" else "The solver"
            error = event.worker.error
            self.notify(f"{who} stopped with an error: {error}", severity="error", markup=False)

    # -- re-plan proposals (presence changed) ---------------------------------------------

    def presence_changed(self) -> None:
        """Someone arrived or left: propose a re-plan once the burst of changes settles."""
        if self._proposal_timer is not None:
            self._proposal_timer.stop()
        self._proposal_timer = self.set_timer(PROPOSAL_DELAY, self.check_replan)

    def check_replan(self, *, because: str = "") -> None:
        """Start a background re-plan if presence, or the tables usable, no longer match the
        future rounds; `because` (the organizer's words) asks for one whatever the match."""
        self._proposal_timer = None
        current = self.plan
        frozen = live.frozen_rounds(self.timer_state, self.played)
        if current is None:
            self.pending = None
            return
        gap = live.mismatch(self.attendees, current, frozen)
        crowded = tablelimit.crowded_rounds(current, frozen, self.usable_tables)
        if not gap and not crowded and not because:
            self.pending = None
            self._asked = False
            return
        parts = [because] if because else []
        if gap.arrived:
            parts.append(f"{names(self, gap.arrived)} arrived")
        if gap.gone:
            parts.append(f"{names(self, gap.gone)} left")
        if self.usable_tables is not None:
            # Every plan saved under a limit says so: that is how a reopened console finds it.
            parts.append(f"only {tablelimit.note(self.usable_tables)}")
        group = live.expected(self.attendees, current)
        self._proposal_worker(
            group, self.settings, current, frozen, "; ".join(parts), self.usable_tables
        )

    def limit_tables(self, usable: int, needed: int) -> None:
        """The organizer says only `usable` of the `needed` tables work from the next round
        on: re-plan the rounds not started and open the review when it is ready."""
        before = self.usable_tables
        self.usable_tables = usable if usable < needed else None
        if self.usable_tables is None and before is None:
            self.notify(f"All {needed} tables are usable; the plan stays.", markup=False)
            return
        because = "" if self.usable_tables is not None else "all tables usable again"
        self._asked = True
        first = live.frozen_rounds(self.timer_state, self.played) + 1
        self.notify(f"Re-planning from round {first} on…", markup=False, timeout=3)
        self.check_replan(because=because)

    @work(thread=True, exclusive=True, exit_on_error=False, group="replan")
    def _proposal_worker(
        self,
        group: Sequence[Attendee],
        settings: EventSettings,
        previous: Plan,
        frozen: int,
        reason: str,
        max_tables: int | None = None,
    ) -> None:
        worker = get_current_worker()
        try:
            result = solver_process.solve(
                group,
                settings,
                previous,
                frozen,
                REPLAN_SECONDS,
                cancelled=lambda: worker.is_cancelled,
                max_tables=max_tables,
            )
        except (SolverRefused, SolverCrashed) as error:
            self.post_message(PlanFailed(_one_line(error)))
            return
        if not worker.is_cancelled:
            change = live.plan_change(previous, result, frozen)
            self.post_message(ProposalReady(Proposal(result, previous, frozen, change, reason)))

    def on_proposal_ready(self, message: ProposalReady) -> None:
        proposal = message.proposal
        if not self.proposal_current(proposal):
            self.check_replan()
            return
        self.pending = proposal
        if self._asked and not isinstance(self.screen, ModalScreen):
            self._asked = False
            self.review_pending()
            return
        self.notify(
            f"Re-plan ready ({proposal.reason}): {proposal.change.changed_meetings} announced "
            "meetings change. Press r on the console to review.",
            markup=False,
            timeout=8,
        )

    def review_pending(self) -> None:
        """Show the pending re-plan: y applies it, n keeps the plan."""
        proposal = self.pending
        if proposal is None:
            self.notify("No re-plan to review: presence matches the plan.", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes and self.apply_proposal(proposal):
                self.notify("Re-plan applied.", markup=False)
            elif not yes:
                self.pending = None

        self.push_screen(ReplanModal(proposal, self.people), answered)

    def proposal_current(self, proposal: Proposal) -> bool:
        """True while the plan and the running round are still those the proposal assumed."""
        frozen = live.frozen_rounds(self.timer_state, self.played)
        return proposal.previous == self.plan and proposal.frozen == frozen

    def apply_proposal(self, proposal: Proposal) -> bool:
        """Save the proposal as the new plan (after the organizer said yes)."""
        self.pending = None
        if not self.proposal_current(proposal):
            self.notify("The evening moved on; re-planning again.", markup=False)
            self.check_replan()
            return False
        reason = f"re-plan: {proposal.reason}"
        return self.write(lambda: self.store.save_plan(proposal.plan, reason=reason))


def _one_line(error: Exception) -> str:
    """The organizer's line for a solver failure (a crash keeps only its last line)."""
    if isinstance(error, SolverCrashed):
        lines = str(error).strip().splitlines() or ["unknown error"]
        return f"The solver failed: {lines[-1]}"
    return str(error)
