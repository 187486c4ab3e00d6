"""The console: the screen the organizer watches during the rounds.

Event name and clock, the round and its big countdown, the tables of the round that runs (or
comes next) with what each table shares, a preview of the round after, one line of plan
quality, and the re-plan proposal when presence changed.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from eventrunner.model import Plan, Presence
from eventrunner.store import TimerState
from eventrunner.tui import live, tablelimit
from eventrunner.tui.screens.confirm import ConfirmModal
from eventrunner.tui.screens.tables_modal import TablesModal
from eventrunner.tui.text import clean
from eventrunner.tui.widgets.countdown import Countdown
from eventrunner.tui.widgets.round_tables import RoundTables

if TYPE_CHECKING:
    from eventrunner.tui.app import ConsoleApp


def quality_line(plan: Plan | None, version_reason: str = "") -> str:
    """One line on how good the plan is: % of bound, lowest attendee, repeats."""
    if plan is None:
        return "No plan yet: F4 to make one."
    s = plan.stats
    line = (
        "proven optimal" if s.proven_optimal else f"{s.percent_of_bound:.1f}% of bound"
    ) + f" · lowest attendee {s.min_attendee_affinity} · repeats: {s.repeats}"
    if s.rule_breaks:
        line += f" · rules relaxed: {len(s.rule_breaks)}"
    return line


def focus_rounds(state: TimerState, rounds: int) -> tuple[int, int]:
    """The round the tables list shows and the one previewed below it (0 = none)."""
    if state.phase in (live.MEETING, live.PAUSED):
        current = state.round
    elif state.phase == live.SWITCH:
        current = state.round + 1
    elif state.phase == live.FINISHED:
        return state.round, 0
    else:
        current = 1
    current = min(current, rounds)
    return current, current + 1 if current < rounds else 0


class ConsoleScreen(Screen[None]):
    """Round, countdown, tables, next round, plan quality."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "start_pause", "Start/pause", tooltip="Start the round, pause, resume"),
        # `+` only: `m` makes the plan on the Plan screen, and a key means one thing.
        Binding("plus", "add_minute", "+1 min", key_display="+"),
        Binding("e", "end_round", "End round", tooltip="End the meeting now (asks first)"),
        Binding("a", "toggle_auto", "Auto/wait", tooltip="Next round by itself or on space"),
        Binding("r", "review_replan", "Re-plan", tooltip="Review the proposed re-plan"),
        # Off the footer (it is full already): in the help (?) and the palette (ctrl+p).
        Binding("p", "app.print", "Print", show=False, tooltip="Badges, maps, cards... to PDF"),
        Binding("t", "tables", "Tables", show=False, tooltip="A table is unusable: re-plan"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    @property
    def console(self) -> ConsoleApp:
        return cast("ConsoleApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(id="event-name")
            yield Static(id="clock")
        with Horizontal(id="live"):
            yield Countdown()
            with Vertical(id="status"):
                yield Static(id="quality")
                yield Static(id="counts")
                yield Static(id="mode")
        yield Static(id="now-title", classes="section-title")
        yield RoundTables(id="now")
        yield Static(id="next-title", classes="section-title")
        yield RoundTables(id="next")
        yield Static(id="proposal")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "revision", self.follow_cache, init=False)
        self.watch(self.app, "pending", self.show_proposal, init=False)
        self.redraw()
        self.show_proposal()
        self.set_interval(0.2, self.show_time)

    def on_screen_resume(self) -> None:
        self.redraw()

    def follow_cache(self, _: object = None) -> None:
        """The app's cache changed: redraw what shows it (on resume if hidden now)."""
        if not self.is_current:
            return  # drawn again when it comes back (on_screen_resume)
        if self.console.changed.only_presence:
            self.show_counts()  # a check-in moves no table: the seats are the plan's
            return
        self.redraw()

    def redraw(self, _: object = None) -> None:
        """Tables, quality and counts from the app's cache."""
        app = self.console
        plan = app.plan
        self.query_one("#event-name", Static).update(Content(clean(app.settings.name)))
        self.query_one("#quality", Static).update(Content(quality_line(plan)))
        self.show_counts()
        auto = "by itself" if app.settings.auto_advance else "on space"
        self.query_one("#mode", Static).update(Content(f"Next round starts {auto} (a)"))
        current, nxt = focus_rounds(app.timer_state, app.rounds)
        if plan is None:
            nxt = 0
        rounds = plan.rounds if plan is not None else ()
        now_round = rounds[current - 1] if plan is not None and 0 < current <= len(rounds) else None
        next_round = rounds[nxt - 1] if plan is not None and 0 < nxt <= len(rounds) else None
        self.query_one("#now-title", Static).update(Content(self.now_title(current)))
        self.query_one("#now", RoundTables).show_round(now_round, app.people)
        self.query_one("#next-title", Static).update(
            Content(f"Next: round {nxt}" if nxt else "Next: nothing — last round")
        )
        self.query_one("#next", RoundTables).show_round(next_round, app.people)
        self.show_time()

    def show_counts(self) -> None:
        app = self.console
        here = sum(a.presence is Presence.PRESENT for a in app.attendees)
        left = sum(a.presence is Presence.LEFT for a in app.attendees)
        self.query_one("#counts", Static).update(
            Content(f"{len(app.attendees)} registered · {here} present · {left} left")
        )

    def now_title(self, current: int) -> str:
        phase = self.console.timer_state.phase
        if self.console.plan is None:
            return "No plan yet"
        return {
            live.MEETING: f"Round {current} — at the tables now",
            live.PAUSED: f"Round {current} — paused",
            live.SWITCH: f"Round {current} — find your table",
            live.FINISHED: f"Round {current} — the last round (finished)",
        }.get(phase, f"Round {current} — first up")

    def show_time(self) -> None:
        """Clock and countdown from the stored timer (nothing counts in memory)."""
        app = self.console
        now = app.clock()
        self.query_one("#clock", Static).update(
            Content(time.strftime("%H:%M", time.localtime(now)))
        )
        state = app.timer_state
        total = app.rounds
        seconds: float | None = app.remaining()
        phase_text = live.PHASE_WORDS[state.phase]
        if state.phase == live.IDLE:
            label = f"{total} rounds of {app.settings.minutes:g} min"
            seconds = app.settings.minutes * 60
            phase_text = "not started · space starts"
        elif state.phase == live.FINISHED:
            label, seconds = f"All {total} rounds played", None
        elif state.phase == live.SWITCH:
            label = f"Round {state.round} of {total} done"
            if seconds is not None and seconds <= 0:
                phase_text = f"switch · space starts round {state.round + 1}"
            else:
                phase_text = f"switch tables · round {state.round + 1} next"
        else:
            label = f"Round {state.round} of {total}"
        self.query_one(Countdown).show(label, seconds, phase_text, state.phase)

    def show_proposal(self, _: object = None) -> None:
        proposal = self.console.pending
        bar = self.query_one("#proposal", Static)
        bar.display = proposal is not None
        if proposal is not None:
            n = proposal.change.changed_meetings
            people = len(proposal.change.affected)
            bar.update(
                Content(
                    f"Re-plan ready ({clean(proposal.reason)}): {n} announced meetings change, "
                    f"{people} people change table or partner. Press r to review."
                )
            )

    def flash(self) -> None:
        """The meeting just ended: make it visible across the room."""
        self.query_one(Countdown).flash()

    def action_start_pause(self) -> None:
        self.console.start_or_pause()

    def action_add_minute(self) -> None:
        self.console.add_minute()

    def action_toggle_auto(self) -> None:
        self.console.toggle_auto_advance()

    def action_end_round(self) -> None:
        state = self.console.timer_state
        if state.phase not in (live.MEETING, live.PAUSED):
            self.notify("No meeting is running.", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.console.end_round_now()

        self.app.push_screen(
            ConfirmModal(f"End round {state.round} now?", yes="End round", no="Keep going"),
            answered,
        )

    def action_review_replan(self) -> None:
        self.console.review_pending()

    def action_tables(self) -> None:
        """A table is unusable: ask which (or how many work), then re-plan the rounds not
        started."""
        app = self.console
        plan = app.plan
        if plan is None:
            self.notify("No plan yet: make one on the Plan screen (F4).", markup=False)
            return
        frozen = live.frozen_rounds(app.timer_state, app.played)
        if frozen >= len(plan.rounds):
            self.notify("Every round has been played or is running.", markup=False)
            return
        people = len(live.expected(app.attendees, plan))
        needed = max(
            tablelimit.tables_needed(people, app.settings.table_size),
            *(len(r.tables) for r in plan.rounds[frozen:]),
        )
        if needed < 1:
            self.notify("Fewer than two people are expected: no table to plan.", markup=False)
            return

        room = max([needed, *(t.number for r in plan.rounds[frozen:] for t in r.tables)])

        def answered(answer: int | frozenset[int] | None) -> None:
            if answer is not None:
                app.limit_tables(answer, needed, room)

        self.app.push_screen(
            TablesModal(frozen + 1, needed, app.usable_tables, app.broken_tables), answered
        )
