"""Review a proposed re-plan: who changes table or partner, round by round, and the trade.

Lists only the people whose table number or partner changes (old -> new table, and the new
partner), the same people the re-plan slips go to. When keeping every announced meeting costs
real quality, the better plan is offered beside it ("keep all announced meetings: quality
91%" against "move 12 meetings: quality 98%"). The list scrolls with the arrow keys and
page up/down. Returns "keep" (apply the re-plan), "move" (apply the better plan) or None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from eventrunner.model import Attendee, Plan
from eventrunner.scheduling.changes import SeatChange
from eventrunner.tui.live import PlanChange
from eventrunner.tui.messages import Proposal
from eventrunner.tui.text import clean
from eventrunner.tui.widgets.round_tables import person_name


def _where(table: int | None) -> str:
    return "a break" if table is None else f"table {table}"


def change_words(change: SeatChange, people: Mapping[str, Attendee]) -> str:
    """One round of one person's change: `round 3: table 4 → table 7, now with Bob`."""
    if not change.old_placed:
        head = f"round {change.round}: new, {_where(change.new_table)}"
    elif not change.new_placed:
        return f"round {change.round}: {_where(change.old_table)} → gone"
    else:
        head = f"round {change.round}: {_where(change.old_table)}"
        if change.old_table != change.new_table:
            head += f" → {_where(change.new_table)}"
    if change.new_table is None:
        return head
    if change.partner_changed:
        who = ", ".join(person_name(people, p) for p in change.new_partners)
        return f"{head}, now with {who}"
    return f"{head}, same partner"


def change_lines(
    seats: Mapping[str, Sequence[SeatChange]], people: Mapping[str, Attendee]
) -> list[str]:
    """Per person whose table or partner changes: their name, then a line per changed
    round."""
    lines = []
    for person in sorted(seats, key=lambda p: person_name(people, p).casefold()):
        lines.append(person_name(people, person))
        lines.extend(f"  {change_words(c, people)}" for c in seats[person])
    return lines


def option_words(change: PlanChange, plan: Plan) -> str:
    """One side of the trade: `keep all announced meetings: quality 91.2%`."""
    quality = f"quality {plan.stats.percent_of_bound:.1f}%"
    if change.changed_meetings == 0:
        return f"keep all announced meetings: {quality}"
    n = change.changed_meetings
    return f"move {n} meeting{'' if n == 1 else 's'}: {quality}"


class ReplanModal(ModalScreen[str | None]):
    """Apply the re-plan ("keep"), the better plan ("move"), or keep the plan (None)."""

    DEFAULT_CSS = """
    ReplanModal { align: center middle; }
    ReplanModal > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ReplanModal #summary { text-style: bold; margin-bottom: 1; }
    ReplanModal #changes-scroll { height: auto; max-height: 12; }
    ReplanModal .replan-head { color: $text-muted; }
    ReplanModal .option { text-style: bold; }
    ReplanModal Horizontal { height: auto; align-horizontal: right; }
    ReplanModal Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer('keep')", "Apply"),
        Binding("b", "answer('move')", "Better plan", show=False),
        Binding("n,escape", "answer('')", "Keep plan"),
        Binding("down,j", "scroll(1)", "Scroll", show=False),
        Binding("up,k", "scroll(-1)", "Scroll", show=False),
        Binding("pagedown", "scroll(10)", "Page down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", show=False),
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
        people = len(p.change.affected)
        n = p.change.changed_meetings
        with Vertical():
            yield Static(Content(f"Re-plan {span}? {clean(p.reason)}"), id="summary")
            yield Static(
                Content(
                    f"{people} {'person changes' if people == 1 else 'people change'} table or "
                    f"partner; {n} announced meeting{'' if n == 1 else 's'} change. Kept "
                    "meetings keep their tables; played rounds and the running round stay."
                )
            )
            yield Static(
                Content(
                    f"Quality {before.percent_of_bound:.1f}% → {after.percent_of_bound:.1f}% "
                    f"of bound · repeats: {after.repeats}"
                )
            )
            if p.alternative is not None and p.alternative_change is not None:
                yield Static(
                    Content(f"y  {option_words(p.change, p.plan)}"), classes="option", id="opt-y"
                )
                yield Static(
                    Content(
                        f"b  {option_words(p.alternative_change, p.alternative)} "
                        f"({len(p.alternative_change.affected)} people change)"
                    ),
                    classes="option",
                    id="opt-b",
                )
            with VerticalScroll(id="changes-scroll"):
                yield Static(
                    Content("Who changes, round by round (↑↓ PgUp PgDn scroll):"),
                    classes="replan-head",
                )
                lines = change_lines(p.change.seats, self.people)
                yield Static(Content("\n".join(lines) or "Nobody's table or partner changes."))
            with Horizontal():
                yield Button(Content("Apply (y)"), id="yes", variant="primary")
                if p.alternative is not None:
                    yield Button(Content("Better plan (b)"), id="better")
                yield Button(Content("Keep plan (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"yes": "keep", "better": "move"}.get(event.button.id or ""))

    def action_answer(self, choice: str) -> None:
        if choice == "move" and self.proposal.alternative is None:
            return
        self.dismiss(choice or None)

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#changes-scroll", VerticalScroll)
        scroll.scroll_relative(y=lines, animate=False)
