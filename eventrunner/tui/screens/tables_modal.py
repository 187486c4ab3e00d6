"""A table is unusable: ask how many tables the rounds not started may use.

Returns the number (validated: a whole number from 1 to the tables the rounds need), or
None when cancelled. The re-plan itself goes through the usual background re-plan and its
review screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Button, Input, Static


class TablesModal(ModalScreen[int | None]):
    """How many tables are usable from round `first` on."""

    DEFAULT_CSS = """
    TablesModal { align: center middle; }
    TablesModal > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    TablesModal #tables-question { text-style: bold; }
    TablesModal #tables-detail { color: $text-muted; margin-bottom: 1; }
    TablesModal Input { background: $boost; width: 12; }
    TablesModal #tables-error { color: $error; text-style: bold; height: auto; }
    TablesModal Horizontal { height: auto; align-horizontal: right; }
    TablesModal Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, first: int, needed: int, usable: int | None) -> None:
        super().__init__()
        self.first = first
        self.needed = needed
        self.usable = usable

    def compose(self) -> ComposeResult:
        now = self.usable if self.usable is not None else self.needed
        limit = f" (now: {self.usable} usable)" if self.usable is not None else ""
        with Vertical():
            yield Static(
                Content(f"How many tables are usable from round {self.first} on?"),
                id="tables-question",
            )
            yield Static(
                Content(
                    f"The rounds need {self.needed} tables{limit}. With fewer, people sit "
                    f"out in turn. {self.needed} means every table works again."
                ),
                id="tables-detail",
            )
            yield Input(
                str(now),
                id="tables-count",
                type="integer",
                compact=True,
                validators=[Integer(minimum=1, maximum=self.needed)],
            )
            yield Static(id="tables-error")
            with Horizontal():
                yield Button(Content("Re-plan (Enter)"), id="ok", variant="warning")
                yield Button(Content("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#tables-count", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_ok()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_ok()
        else:
            self.dismiss(None)

    def action_ok(self) -> None:
        field = self.query_one("#tables-count", Input)
        result = field.validate(field.value)
        if not field.value.strip() or (result is not None and not result.is_valid):
            self.query_one("#tables-error", Static).update(
                Content(f"Give a whole number of tables from 1 to {self.needed}.")
            )
            field.focus()
            return
        self.dismiss(int(field.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
