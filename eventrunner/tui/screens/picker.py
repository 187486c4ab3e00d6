"""Pick one attendee by typing part of their name (Enter picks, Escape cancels)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from eventrunner.model import Attendee
from eventrunner.tui.screens.roster import fold, matches
from eventrunner.tui.text import clean


def label(attendee: Attendee) -> Content:
    """Name, and company when known, literally."""
    company = f" ({clean(attendee.company)})" if attendee.company else ""
    return Content(clean(attendee.name) + company)


class AttendeePicker(ModalScreen[str | None]):
    """Returns the chosen attendee's id, or None."""

    DEFAULT_CSS = """
    AttendeePicker { align: center middle; }
    AttendeePicker > Vertical {
        width: 60; max-width: 100%; height: 20; max-height: 100%;
        border: thick $accent; background: $surface;
    }
    AttendeePicker OptionList { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
    ]

    def __init__(self, title: str, people: Sequence[Attendee]) -> None:
        super().__init__()
        self.title_text = title
        self.people = sorted(people, key=lambda a: fold(a.name))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), classes="section-title")
            yield Input(placeholder="Type part of a name…", id="pick-search")
            yield OptionList(id="pick-list")

    def on_mount(self) -> None:
        self.fill("")

    def fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(label(a), id=a.id) for a in self.people if matches(a, query)])
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
