"""The plan: make or remake it (solver in a thread, progress, cancel), look at any round
or any attendee's itinerary."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from eventrunner.tui import live
from eventrunner.tui.screens.confirm import ConfirmModal
from eventrunner.tui.screens.console import quality_line
from eventrunner.tui.screens.itinerary import ItineraryModal
from eventrunner.tui.screens.picker import AttendeePicker
from eventrunner.tui.widgets.round_tables import RoundTables

if TYPE_CHECKING:
    from eventrunner.tui.app import ConsoleApp


class PlanScreen(Screen[None]):
    """Rounds of the current plan, one at a time, and the solver at work."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "make_plan", "Make plan", tooltip="Plan the rounds not started"),
        Binding("c", "stop(True)", "Stop, keep best", tooltip="Stop the solver, keep its plan"),
        Binding("escape", "stop(False)", "Cancel", tooltip="Stop the solver, keep the old plan"),
        Binding("left,left_square_bracket", "show_round(-1)", "◀ Round", key_display="←"),
        Binding("right,right_square_bracket", "show_round(1)", "Round ▶", key_display="→"),
        Binding("i", "itinerary", "Itinerary", tooltip="One attendee's evening"),
    ]

    shown_round = 1

    @property
    def console(self) -> ConsoleApp:
        return cast("ConsoleApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="plan-head", classes="section-title")
        yield Static(id="plan-quality")
        yield Static(id="plan-for")
        with Horizontal(id="solver"):
            yield ProgressBar(total=1.0, show_eta=False, id="solver-bar")
            yield Static(id="solver-text")
        with Vertical():
            yield Static(id="round-title", classes="section-title")
            yield RoundTables(id="plan-round")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "revision", self.follow_cache, init=False)
        self.watch(self.app, "solving", self.show_solver, init=False)
        self.watch(self.app, "progress", self.show_solver, init=False)
        self.show_solver()
        self.redraw()

    def on_screen_resume(self) -> None:
        self.redraw()

    def follow_cache(self, _: object = None) -> None:
        """The app's cache changed: redraw, unless hidden (then on resume)."""
        if self.is_current:
            self.redraw()

    def redraw(self, _: object = None) -> None:
        app = self.console
        plan = app.plan
        history = app.plan_versions
        if plan is None or not history:
            head = "No plan yet: press m to make one."
        else:
            latest = history[-1]
            head = f"Plan v{latest.version} · {len(plan.rounds)} rounds · {latest.reason}"
        self.query_one("#plan-head", Static).update(Content(head))
        self.query_one("#plan-quality", Static).update(Content(quality_line(plan)))
        _, words = live.planning_group(app.attendees)
        frozen = live.frozen_rounds(app.timer_state, app.played)
        scope = f"rounds {frozen + 1}–{app.settings.rounds}" if frozen else "every round"
        self.query_one("#plan-for", Static).update(Content(f"m plans {scope} for {words}."))
        self.shown_round = max(1, min(self.shown_round, app.rounds))
        rnd = plan.rounds[self.shown_round - 1] if plan and plan.rounds else None
        state = "played" if self.shown_round <= app.played else "not played yet"
        if live.running_round(app.timer_state) == self.shown_round:
            state = "running now"
        self.query_one("#round-title", Static).update(
            Content(f"Round {self.shown_round} of {app.rounds} · {state}  (← → other rounds)")
        )
        self.query_one("#plan-round", RoundTables).show_round(rnd, app.people)

    def show_solver(self, _: object = None) -> None:
        app = self.console
        box = self.query_one("#solver")
        box.display = app.solving
        progress = app.progress
        self.query_one("#solver-bar", ProgressBar).update(
            progress=progress.fraction if progress else 0.0
        )
        text = progress.message if progress else "starting the solver…"
        self.query_one("#solver-text", Static).update(
            Content(f"{text}  ·  c stop and keep best · Esc cancel")
        )

    def action_make_plan(self) -> None:
        app = self.console
        if app.solving:
            self.notify("The solver is already working.", markup=False)
            return
        group, words = live.planning_group(app.attendees)
        if len(group) < 2:
            self.notify("Check in at least two attendees first (F3).", markup=False)
            return
        if app.plan is None:
            app.start_planning()
            return
        frozen = live.frozen_rounds(app.timer_state, app.played)
        if frozen >= app.rounds:
            self.notify("Every round has been played or is running.", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                app.start_planning()

        kept = f"Rounds 1–{frozen} stay as they are. " if frozen else ""
        self.app.push_screen(
            ConfirmModal(
                f"Remake the plan for {words}?",
                f"{kept}Announced meetings may change.",
                yes="Remake",
                no="Keep",
            ),
            answered,
        )

    def action_stop(self, keep: bool) -> None:
        if self.console.solving:
            self.console.stop_planning(keep=keep)

    def action_show_round(self, step: int) -> None:
        self.shown_round = max(1, min(self.console.rounds, self.shown_round + step))
        self.redraw()

    def action_itinerary(self) -> None:
        app = self.console
        plan = app.plan
        if plan is None:
            self.notify("No plan yet: press m to make one.", markup=False)
            return

        def picked(attendee_id: str | None) -> None:
            if attendee_id is not None and app.plan is not None:
                self.app.push_screen(ItineraryModal(attendee_id, app.plan, app.people, app.played))

        self.app.push_screen(AttendeePicker("Whose itinerary?", app.attendees), picked)
