"""The console's solver work: making a plan, always in a thread.

The solver never runs on the UI thread (a keypress must be answered at once while it works):
each job is a thread worker, which runs the solver in a child process (`solver_process`) and
posts its progress and result back as messages; cancelling the worker stops the solver with
its best plan so far. Re-plan proposals build on this in `proposals`. The base class of
`ConsoleApp`, which owns the store and keeps the cache these jobs read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.reactive import reactive
from textual.worker import Worker, WorkerState, get_current_worker

from eventrunner.importing import ImportFailed, answers_reader
from eventrunner.model import Attendee, EventSettings, Plan
from eventrunner.store import EventStore, StoreError, TimerState
from eventrunner.tui import live, solver_process, tablelimit
from eventrunner.tui.messages import PlanFailed, PlanReady, Proposal, SolverProgress
from eventrunner.tui.solver_process import SolverCrashed, SolverRefused

if TYPE_CHECKING:
    from eventrunner.scheduling import Progress

#: Seconds the solver may take for a plan made on the Plan screen, and for a live re-plan
#: (the figure `benchmarks/bench_replan.py` measures: 98.5-100% of a fresh plan at 60-300
#: people; at 1,000 a valid proposal is ready in about 0.6 s), so the review is up in about
#: a second and a half, child start included.
PLAN_SECONDS = 10.0
REPLAN_SECONDS = 1.0
#: Presence changes arrive in bursts at the door: wait this long before proposing a re-plan.
PROPOSAL_DELAY = 1.0


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
    broken_tables: frozenset[int] = frozenset()
    """Numbers of the tables that cannot be used in the rounds not started."""

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
    # The organizer asked for a re-plan (fewer tables): show its review as soon as it is ready.
    _asked = False

    # -- making a plan (Plan screen) ---------------------------------------------------------

    def start_planning(self, time_limit: float | None = None) -> None:
        """Make (or remake) the plan of the rounds not started, for the attendees here.

        The time limit defaults to PLAN_SECONDS, read at call time (tests shorten it).
        """
        if time_limit is None:
            time_limit = PLAN_SECONDS
        group, words = live.planning_group(self.attendees)
        frozen = live.frozen_rounds(self.timer_state, self.played)
        limit = self.usable_tables if self.plan is not None else None
        broken = self.broken_tables if self.plan is not None else frozenset()
        # Only a re-plan takes a table limit, so with one the plan is remade from the old one.
        previous = self.plan if frozen or limit is not None or broken else None
        reason = f"plan for {words}" if not frozen else f"remake after round {frozen}"
        if limit is not None or broken:
            reason += f" ({tablelimit.limit_words(limit, broken)})"
        # Every remake says which limit it plans under, so a forgotten one is not a surprise.
        self.notify(
            f"Planning for {words}: {tablelimit.limit_words(limit, broken)} "
            "(t on the console changes that).",
            markup=False,
        )
        self._discard = False
        self.progress = None
        self.solving = True
        self._plan_worker(group, self.settings, previous, frozen, reason, time_limit, limit, broken)

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
        broken: frozenset[int] = frozenset(),
    ) -> None:
        worker = get_current_worker()
        group = self._read_answers_again(group)
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
                banned=broken,
            )
        except (SolverRefused, SolverCrashed) as error:
            self.post_message(PlanFailed(one_line(error)))
        else:
            self.post_message(PlanReady(result, reason, stopped=worker.is_cancelled))

    def _read_answers_again(self, group: Sequence[Attendee]) -> Sequence[Attendee]:
        """From the worker thread: when typed answers changed since their tags were read
        (a walk-in, an edit), read the whole event's answers again first, so the plan uses
        the event's synonyms and topics shared with the walk-in. The group, re-fetched."""
        try:
            if not self.store.answers_stale():
                return group
            self.store.reread_answers(answers_reader(self.store.path), reason="plan in the console")
            fresh = {a.id: a for a in self.store.attendees()}
        except (StoreError, ImportFailed):
            return group  # the tags as they are: planning must not stop for this
        return [fresh.get(a.id, a) for a in group]

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


def one_line(error: Exception) -> str:
    """The organizer's line for a solver failure (a crash keeps only its last line)."""
    if isinstance(error, SolverCrashed):
        lines = str(error).strip().splitlines() or ["unknown error"]
        return f"The solver failed: {lines[-1]}"
    return str(error)
