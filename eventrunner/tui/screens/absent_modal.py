"""Before a round starts: people seated in it are not checked in. Re-plan or start anyway.

Returns "replan" (re-plan the rounds not started for the people present), "start" (start
the round as planned: their partners will sit alone) or None (neither, for now).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class AbsentModal(ModalScreen[str | None]):
    """`count` people seated in round `number` are not here (`who` names a few)."""

    DEFAULT_CSS = """
    AbsentModal { align: center middle; }
    AbsentModal > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    AbsentModal #absent-question { text-style: bold; margin-bottom: 1; }
    AbsentModal Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    AbsentModal Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "answer('replan')", "Re-plan for those here"),
        Binding("s", "answer('start')", "Start anyway"),
        Binding("escape", "answer('')", "Cancel"),
    ]

    def __init__(self, number: int, count: int, who: str) -> None:
        super().__init__()
        self.number = number
        self.count = count
        self.who = who

    def compose(self) -> ComposeResult:
        n = self.count
        people = "person seated in it is" if n == 1 else "people seated in it are"
        with Vertical():
            yield Static(
                Content(f"Round {self.number}: {n} {people} not checked in."),
                id="absent-question",
            )
            yield Static(Content(f"{self.who}. Their partners would sit alone."))
            yield Static(
                Content(
                    "r re-plans the rounds not started for the people present (you review it "
                    "first); s starts the round as planned; Esc does neither."
                )
            )
            with Horizontal():
                yield Button(Content("Re-plan (r)"), id="replan", variant="warning")
                yield Button(Content("Start anyway (s)"), id="start")
                yield Button(Content("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#replan", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id in ("replan", "start") else None)

    def action_answer(self, choice: str) -> None:
        self.dismiss(choice or None)
