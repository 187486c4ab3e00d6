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
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from eventrunner.model import Attendee, EventSettings, Plan
from eventrunner.store import EventStore, TimerState
from eventrunner.tui import live, solver_process
from eventrunner.tui.messages import (
    PlanFailed,
    PlanReady,
    Proposal,
    ProposalReady,
    SolverProgress,
)
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

    # -- making a plan (Plan screen) ---------------------------------------------------------

    def start_planning(self, time_limit: float = PLAN_SECONDS) -> None:
        """Make (or remake) the plan of the rounds not started, for the attendees here."""
        group, words = live.planning_group(self.attendees)
        frozen = live.frozen_rounds(self.timer_state, self.played)
        previous = self.plan if frozen else None
        reason = f"plan for {words}" if previous is None else f"remake after round {frozen}"
        self._discard = False
        self.progress = None
        self.solving = True
        self._plan_worker(group, self.settings, previous, frozen, reason, time_limit)

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
        self.notify(message.text, title="No plan", severity="error", markup=False, timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A bug in a solver thread must not take the evening down: say so and carry on.
        if event.state is WorkerState.ERROR:
            if event.worker.group == "solver":
                self.solving = False
            error = event.worker.error
            self.notify(
                f"The solver stopped with an error: {error}", severity="error", markup=False
            )

    # -- re-plan proposals (presence changed) ---------------------------------------------

    def presence_changed(self) -> None:
        """Someone arrived or left: propose a re-plan once the burst of changes settles."""
        if self._proposal_timer is not None:
            self._proposal_timer.stop()
        self._proposal_timer = self.set_timer(PROPOSAL_DELAY, self.check_replan)

    def check_replan(self) -> None:
        """Start a background re-plan if presence no longer matches the future rounds."""
        self._proposal_timer = None
        current = self.plan
        frozen = live.frozen_rounds(self.timer_state, self.played)
        if current is None:
            self.pending = None
            return
        gap = live.mismatch(self.attendees, current, frozen)
        if not gap:
            self.pending = None
            return
        parts = []
        if gap.arrived:
            parts.append(f"{names(self, gap.arrived)} arrived")
        if gap.gone:
            parts.append(f"{names(self, gap.gone)} left")
        group = live.expected(self.attendees, current)
        self._proposal_worker(group, self.settings, current, frozen, "; ".join(parts))

    @work(thread=True, exclusive=True, exit_on_error=False, group="replan")
    def _proposal_worker(
        self,
        group: Sequence[Attendee],
        settings: EventSettings,
        previous: Plan,
        frozen: int,
        reason: str,
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
        self.notify(
            f"Re-plan ready ({proposal.reason}): {proposal.change.changed_meetings} announced "
            "meetings change. Press r on the console to review.",
            markup=False,
            timeout=8,
        )

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
