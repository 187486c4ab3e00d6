"""Re-plan proposals: presence or the usable tables changed, so the rounds not started are
re-planned in the background and offered for review (y applies, n keeps the plan).

A look at presence waits for a burst of check-ins to settle, then compares presence (and the
table limit) with the rounds not started; a mismatch starts a re-plan in a thread worker, which
runs the solver in a child process like every plan. Played rounds and the running round never
change. The base class of `ConsoleApp` (after `Solving`, whose cache it reads).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import work
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.worker import get_current_worker

from eventrunner.model import Attendee, EventSettings, Plan
from eventrunner.tui import live, solver_process, solving, tablelimit
from eventrunner.tui.messages import PlanFailed, Proposal, ProposalReady
from eventrunner.tui.screens.replan import ReplanModal
from eventrunner.tui.solver_process import SolverCrashed, SolverRefused
from eventrunner.tui.solving import Solving, one_line
from eventrunner.tui.text import clean


def names(app: Solving, ids: Sequence[str], limit: int = 3) -> str:
    """A few names for a sentence: `Ann, Bob, Zoë and 4 more`."""
    shown = [clean(app.people[i].name) if i in app.people else i for i in ids[:limit]]
    more = len(ids) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


class Proposals(Solving):
    """Re-plans proposed after a presence change or a table limit (a base of `ConsoleApp`)."""

    _proposal_timer: Timer | None = None
    # Bumped by every look at presence: a re-plan started by an older look is stale (someone
    # was checked in and out again while it ran) and is dropped when it arrives.
    _generation = 0

    # -- re-plan proposals (presence changed) ---------------------------------------------

    def presence_changed(self) -> None:
        """Someone arrived or left: propose a re-plan once the burst of changes settles."""
        if self._proposal_timer is not None:
            self._proposal_timer.stop()
        self._proposal_timer = self.set_timer(solving.PROPOSAL_DELAY, self.check_replan)

    def check_replan(self, *, because: str = "") -> None:
        """Start a background re-plan if presence, or the tables usable, no longer match the
        future rounds; `because` (the organizer's words) asks for one whatever the match."""
        self._proposal_timer = None
        self._generation += 1
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
            group,
            self.settings,
            current,
            frozen,
            "; ".join(parts),
            self.usable_tables,
            self._generation,
        )

    def limit_tables(self, usable: int, needed: int) -> None:
        """The organizer says only `usable` of the `needed` tables work from the next round
        on: re-plan the rounds not started and open the review when it is ready."""
        before = self.usable_tables
        self.usable_tables = usable if usable < needed else None
        if self.usable_tables is None and before is None:
            self.notify(f"All {needed} tables are usable; the plan stays.", markup=False)
            return
        frozen = live.frozen_rounds(self.timer_state, self.played)
        limit = self.usable_tables
        if (
            limit is not None
            and self.plan
            and not tablelimit.crowded_rounds(self.plan, frozen, limit)
        ):
            self.notify(f"The rounds not started use at most {limit} tables already.", markup=False)
            return
        because = "" if limit is not None else "all tables usable again"
        self._asked = True
        first = frozen + 1
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
        max_tables: int | None,
        generation: int,
    ) -> None:
        worker = get_current_worker()
        try:
            result = solver_process.solve(
                group,
                settings,
                previous,
                frozen,
                solving.REPLAN_SECONDS,
                cancelled=lambda: worker.is_cancelled,
                max_tables=max_tables,
            )
        except (SolverRefused, SolverCrashed) as error:
            self.post_message(PlanFailed(one_line(error)))
            return
        if not worker.is_cancelled:
            change = live.plan_change(previous, result, frozen)
            proposal = Proposal(result, previous, frozen, change, reason)
            self.post_message(ProposalReady(proposal, generation))

    def on_proposal_ready(self, message: ProposalReady) -> None:
        proposal = message.proposal
        if message.generation != self._generation:
            return  # a later look at presence asked for another re-plan, or for none
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
