"""A table is unusable: ask which tables are broken, or how many the rounds may use.

Returns the count of usable tables (a whole number from 1 to the tables the rounds need), or
the set of broken table numbers (`7, 12`), or None when cancelled (`tablelimit.parse_answer`
reads the answer). The re-plan itself goes through the usual background re-plan and its
review screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from eventrunner.tui import tablelimit


class TablesModal(ModalScreen[int | frozenset[int] | None]):
    """Which tables are broken, or how many are usable, from round `first` on."""

    DEFAULT_CSS = """
    TablesModal { align: center middle; }
    TablesModal > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
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

    def __init__(
        self, first: int, needed: int, usable: int | None, broken: frozenset[int] = frozenset()
    ) -> None:
        super().__init__()
        self.first = first
        self.needed = needed
        self.usable = usable
        self.broken = broken

    def compose(self) -> ComposeResult:
        now = self.usable if self.usable is not None else self.needed
        limit = ""
        if self.usable is not None or self.broken:
            limit = f" (now: {tablelimit.limit_words(self.usable, self.broken)})"
        with Vertical():
            yield Static(
                Content(f"Which tables are broken from round {self.first} on?"),
                id="tables-question",
            )
            yield Static(
                Content(
                    f"Type their numbers (7, 12): everyone else keeps their table. Or type "
                    f"how many tables are usable. The rounds need {self.needed} tables{limit}; "
                    f"with fewer, people sit out in turn. {self.needed} means every table "
                    "works again."
                ),
                id="tables-detail",
            )
            yield Input(str(now), id="tables-count", compact=True)
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
        try:
            answer = tablelimit.parse_answer(field.value, self.needed)
        except ValueError as error:
            self.query_one("#tables-error", Static).update(Content(str(error)))
            field.focus()
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
