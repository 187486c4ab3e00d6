"""Review a proposed re-plan: what changes for whom, then apply it or keep the plan."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from eventrunner.model import Attendee
from eventrunner.tui.messages import Proposal
from eventrunner.tui.text import clean
from eventrunner.tui.widgets.round_tables import person_name


def seat(proposal: Proposal, attendee_id: str, people: Mapping[str, Attendee], old: bool) -> str:
    """Where and with whom someone sits in the first re-planned round, in words."""
    plan = proposal.previous if old else proposal.plan
    if proposal.frozen >= len(plan.rounds):
        return "—"
    table = plan.rounds[proposal.frozen].table_of(attendee_id)
    if table is None:
        return "bye" if attendee_id in plan.rounds[proposal.frozen].byes else "—"
    others = ", ".join(person_name(people, a) for a in table.attendees if a != attendee_id)
    return f"table {table.number} with {others}"


class ReplanModal(ModalScreen[bool]):
    """Apply (True) or keep the current plan (False)."""

    DEFAULT_CSS = """
    ReplanModal { align: center middle; }
    ReplanModal > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ReplanModal #summary { text-style: bold; margin-bottom: 1; }
    ReplanModal VerticalScroll { height: auto; max-height: 12; }
    ReplanModal .replan-head { color: $text-muted; }
    ReplanModal Horizontal { height: auto; align-horizontal: right; }
    ReplanModal Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Apply"),
        Binding("n,escape", "answer(False)", "Keep plan"),
    ]

    def __init__(self, proposal: Proposal, people: Mapping[str, Attendee]) -> None:
        super().__init__()
        self.proposal = proposal
        self.people = people

    def compose(self) -> ComposeResult:
        p = self.proposal
        rounds = len(p.plan.rounds)
        first = p.frozen + 1
        span = f"round {first}" if first == rounds else f"rounds {first}–{rounds}"
        before, after = p.previous.stats, p.plan.stats
        with Vertical():
            yield Static(Content(f"Re-plan {span}? {clean(p.reason)}"), id="summary")
            yield Static(
                Content(
                    f"{p.change.changed_meetings} announced meetings change; "
                    f"{len(p.change.affected)} people are affected. Played rounds and the "
                    "running round stay as they are."
                )
            )
            yield Static(
                Content(
                    f"Quality {before.percent_of_bound:.1f}% → {after.percent_of_bound:.1f}% "
                    f"of bound · repeats: {after.repeats}"
                )
            )
            with VerticalScroll():
                yield Static(Content(f"Round {first}, before → after:"), classes="replan-head")
                for attendee_id in p.change.affected:
                    was = seat(p, attendee_id, self.people, old=True)
                    now = seat(p, attendee_id, self.people, old=False)
                    name = person_name(self.people, attendee_id)
                    change = f"{was} → {now}" if was != now else f"{now} (later rounds change)"
                    yield Static(Content(f"{name}: {change}"))
            with Horizontal():
                yield Button(Content("Apply (y)"), id="yes", variant="primary")
                yield Button(Content("Keep plan (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
