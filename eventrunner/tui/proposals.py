"""Re-plan proposals: presence or the usable tables changed, so the rounds not started are
re-planned in the background and offered for review (y applies, n keeps the plan).

A look at presence waits for a burst of check-ins to settle, then compares presence (and the
table limit) with the rounds not started; a mismatch starts a re-plan in a thread worker, which
runs the solver in a child process like every plan. Played rounds and the running round never
change. The base class of `ConsoleApp` (after `Solving`, whose cache it reads).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import attrs
from textual import work
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.worker import get_current_worker

from eventrunner.model import Attendee, EventSettings, Plan, Presence
from eventrunner.tui import live, solver_process, solving, tablelimit
from eventrunner.tui.messages import PlanFailed, Proposal, ProposalReady
from eventrunner.tui.screens.absent_modal import AbsentModal
from eventrunner.tui.screens.replan import ReplanModal
from eventrunner.tui.solver_process import SolverCrashed, SolverRefused
from eventrunner.tui.solving import Solving, one_line
from eventrunner.tui.text import clean


def names(app: Solving, ids: Sequence[str], limit: int = 3) -> str:
    """A few names for a sentence: `Ann, Bob, Zoë and 4 more`."""
    shown = [clean(app.people[i].name) if i in app.people else i for i in ids[:limit]]
    more = len(ids) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


#: Points of "% of bound" the plan that moves meetings must gain before it is offered.
TRADE_POINTS = 1.0


class Proposals(Solving):
    """Re-plans proposed after a presence change or a table limit (a base of `ConsoleApp`)."""

    _proposal_timer: Timer | None = None
    # The table limit before the organizer changed it (`t`), until the re-plan is answered.
    _limit_before: tuple[int | None, frozenset[int]] | None = None
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
        crowded = tablelimit.crowded_rounds(current, frozen, self.usable_tables) or any(
            t.number in self.broken_tables for r in current.rounds[frozen:] for t in r.tables
        )
        if not gap and not crowded and not because:
            self.pending = None
            self._asked = False
            return
        parts = [because] if because else []
        if gap.arrived:
            parts.append(f"{names(self, gap.arrived)} arrived")
        if gap.gone:
            parts.append(f"{names(self, gap.gone)} left")
        if self.broken_tables:
            # Every plan saved under a limit says so: that is how a reopened console finds it.
            parts.append(tablelimit.broken_note(self.broken_tables))
        if self.usable_tables is not None:
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
            self.broken_tables,
        )

    def round_may_start(self, number: int, start: Callable[[], None]) -> None:
        """Space is about to start round `number`: if people seated in it are not checked
        in, say so and offer the re-plan for those present (r) or starting anyway (s)."""
        plan = self.plan
        absent = live.absent_seated(self.attendees, plan, number) if plan is not None else ()
        if not absent:
            start()
            return

        def answered(choice: str | None) -> None:
            if choice == "start":
                start()
            elif choice == "replan":
                self.replan_for_present(len(absent))

        self.push_screen(AbsentModal(number, len(absent), names(self, absent)), answered)

    def replan_for_present(self, absent: int) -> None:
        """Re-plan the rounds not started for exactly the people checked in; the review opens
        when it is ready."""
        current = self.plan
        if current is None:
            return
        self._generation += 1
        self._asked = True
        frozen = live.frozen_rounds(self.timer_state, self.played)
        group = tuple(a for a in self.attendees if a.presence is Presence.PRESENT)
        people = "person" if absent == 1 else "people"
        parts = [f"{absent} seated {people} not checked in"]
        if self.broken_tables:
            parts.append(tablelimit.broken_note(self.broken_tables))
        if self.usable_tables is not None:
            parts.append(f"only {tablelimit.note(self.usable_tables)}")
        self.notify(f"Re-planning from round {frozen + 1} for the people present…", markup=False)
        self._proposal_worker(
            group,
            self.settings,
            current,
            frozen,
            "; ".join(parts),
            self.usable_tables,
            self._generation,
            self.broken_tables,
        )

    def limit_tables(self, answer: int | frozenset[int], needed: int, room: int) -> None:
        """The organizer says which tables are broken (`answer` a set of numbers), or how many
        of the `needed` tables work (a count), from the next round on: re-plan the rounds not
        started and open the review when it is ready. `room` is the highest table number the
        rounds use. Declining the review restores the limit that held before."""
        before = (self.usable_tables, self.broken_tables)
        if isinstance(answer, frozenset):
            missing = sorted(k for k in answer if k > room)
            if missing:
                self.notify(
                    f"There is no table {missing[0]}: the tables are numbered 1 to {room}.",
                    severity="warning",
                    markup=False,
                )
                return
            broken = self.broken_tables | answer
            usable = room - len(broken)
            if usable < 1:
                self.notify("At least one table must be usable.", severity="warning", markup=False)
                return
            self.broken_tables = broken
            self.usable_tables = usable if usable < needed else None
        else:
            self.usable_tables = answer if answer < needed else None
            if self.usable_tables is None:
                self.broken_tables = frozenset()
        if (self.usable_tables, self.broken_tables) == (None, frozenset()) and before == (
            None,
            frozenset(),
        ):
            self.notify(f"All {needed} tables are usable; the plan stays.", markup=False)
            return
        frozen = live.frozen_rounds(self.timer_state, self.played)
        limit = self.usable_tables
        in_use = (
            {t.number for r in self.plan.rounds[frozen:] for t in r.tables} if self.plan else set()
        )
        if (
            limit is not None
            and self.plan
            and not tablelimit.crowded_rounds(self.plan, frozen, limit)
            and not in_use & self.broken_tables
        ):
            self.notify(f"The rounds not started use at most {limit} tables already.", markup=False)
            self._limit_before = None
            return
        usable_again = (self.usable_tables, self.broken_tables) == (None, frozenset())
        because = "all tables usable again" if usable_again else ""
        self._asked = True
        self._limit_before = before
        first = frozen + 1
        self.notify(
            f"Re-planning from round {first} on: "
            f"{tablelimit.limit_words(self.usable_tables, self.broken_tables)}…",
            markup=False,
            timeout=3,
        )
        self.check_replan(because=because)

    def restore_limit(self) -> None:
        """The organizer declined the re-plan a new table limit asked for: the limit that
        held before comes back (the plan, made under it, stays)."""
        if self._limit_before is None:
            return
        self.usable_tables, self.broken_tables = self._limit_before
        self._limit_before = None
        self.notify(
            "Plan kept; the table limit is back to "
            f"{tablelimit.limit_words(self.usable_tables, self.broken_tables)}.",
            markup=False,
        )

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
        broken: frozenset[int] = frozenset(),
    ) -> None:
        worker = get_current_worker()

        def solve(keep: bool) -> Plan:
            return solver_process.solve(
                group,
                settings,
                previous,
                frozen,
                solving.REPLAN_SECONDS,
                cancelled=lambda: worker.is_cancelled,
                max_tables=max_tables,
                banned=broken,
                keep=keep,
            )

        # The other side of the trade: the best plan of the remaining rounds, whatever it
        # moves, solved beside the re-plan in its own child process (same wait for both).
        # Offered only when keeping every announced meeting costs real quality.
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="replan") as pool:
            kept, moved = pool.submit(solve, True), pool.submit(solve, False)
        try:
            result = kept.result()
        except (SolverRefused, SolverCrashed) as error:
            self.post_message(PlanFailed(one_line(error)))
            return
        try:
            other: Plan | None = moved.result()
        except (SolverRefused, SolverCrashed):
            other = None
        if worker.is_cancelled:
            return
        change = live.plan_change(previous, result, frozen)
        alternative = alternative_change = None
        if other is not None and (
            other.stats.percent_of_bound - result.stats.percent_of_bound >= TRADE_POINTS
        ):
            alternative, alternative_change = other, live.plan_change(previous, other, frozen)
        proposal = Proposal(
            result, previous, frozen, change, reason, alternative, alternative_change
        )
        self.post_message(ProposalReady(proposal, generation))

    def on_plan_failed(self, message: PlanFailed) -> None:
        super().on_plan_failed(message)
        self.restore_limit()

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

        def answered(choice: str | None) -> None:
            if choice == "keep" and self.apply_proposal(proposal):
                self.notify("Re-plan applied.", markup=False)
            elif choice == "move" and proposal.alternative is not None:
                better = attrs.evolve(
                    proposal, plan=proposal.alternative, change=proposal.alternative_change
                )
                if self.apply_proposal(better):
                    self.notify("Re-plan applied (the better plan).", markup=False)
            elif not choice:
                self.pending = None
                self.restore_limit()
            self._limit_before = None

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
