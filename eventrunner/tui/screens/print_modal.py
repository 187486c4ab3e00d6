"""Print: choose what to print and where the PDF goes; the app prints it in the background.

This modal only asks. It returns a `PrintRequest` (or None when cancelled); the printing
itself runs in a worker thread (`printjobs`), so the console keeps answering meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import attrs
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

#: What the console prints, in the order an evening needs it, with one line each.
KINDS: tuple[tuple[str, str], ...] = (
    ("badges", "Name badges with the contact code, on label sheets"),
    ("maps", "Table maps: one page per round, for the walls"),
    ("lookup", "Find your table: everyone alphabetically, per round"),
    ("cards", "Itinerary cards: one per attendee, what they share"),
    ("followups", "Follow-up packs: a page per attendee, after the event"),
    ("slips", "Re-plan slips: only the people whose tables changed"),
    ("alignment", "Alignment page: does the label sheet line up?"),
)

#: The one option a kind has (as `eventrunner print` has it), with the line that explains it.
OPTIONS: dict[str, tuple[str, str]] = {
    "badges": (
        "double_sided",
        "Double-sided: each sheet then its back (print duplex, long edge)",
    ),
    "cards": ("fold", "Fold-over cards: a cover with the name, the evening inside"),
}


@attrs.frozen
class PrintRequest:
    """What the organizer asked to print."""

    kind: str
    """One of `printing.KINDS`."""
    out: Path
    """The PDF to write."""
    double_sided: bool = False
    """Badges: each sheet followed by its back (`print --double-sided`)."""
    fold: bool = False
    """Cards: fold-over cards (`print --fold`)."""


def default_path(event_path: Path, kind: str) -> Path:
    """`<event-stem>-<kind>.pdf` next to the event file."""
    return event_path.with_name(f"{event_path.stem}-{kind}.pdf")


def resolve(text: str, event_path: Path) -> Path:
    """The path typed, a relative one taken from the event file's folder; ValueError when
    it cannot be a PDF file name."""
    text = text.strip()
    if not text:
        raise ValueError("Save as: give a file name, such as badges.pdf.")
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = event_path.parent / path
    if path.is_dir():
        raise ValueError(f"Save as: {path} is a folder; add a file name such as badges.pdf.")
    if not path.parent.is_dir():
        raise ValueError(f"Save as: folder {path.parent} does not exist; create it first.")
    return path


class PrintModal(ModalScreen[PrintRequest | None]):
    """Pick a kind (↑ ↓), check the file name, Enter prints; Escape cancels."""

    DEFAULT_CSS = """
    PrintModal { align: center middle; }
    PrintModal > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    PrintModal #print-title { text-style: bold; }
    PrintModal OptionList { height: auto; border: none; padding: 0; margin: 1 0; }
    PrintModal Label { color: $text-muted; }
    PrintModal Input { background: $boost; }
    PrintModal Checkbox { border: none; padding: 0; margin-top: 1; background: $surface; }
    PrintModal #print-error { color: $error; text-style: bold; height: auto; }
    PrintModal Horizontal { height: auto; align-horizontal: right; }
    PrintModal Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "move(-1)", "Previous kind", show=False),
        Binding("down", "move(1)", "Next kind", show=False),
        Binding("ctrl+s", "print", "Print", tooltip="Print to the file named (or Enter)"),
    ]

    def __init__(self, event_path: Path, kind: str = "badges") -> None:
        super().__init__()
        self.event_path = event_path
        self.kind = kind
        # The file name follows the kind until the organizer types one of their own; a bare
        # name is read from the event file's folder (see `resolve`).
        self._suggested = default_path(event_path, kind).name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Print — ↑ ↓ choose, Enter prints, Esc cancels"), id="print-title")
            yield OptionList(
                *(Option(Content(f"{kind:<10} {text}"), id=kind) for kind, text in KINDS),
                id="print-kinds",
            )
            yield Label(Content("Save as (a name alone goes next to the event file)"))
            yield Input(self._suggested, id="print-path", compact=True)
            # After the file name, so Tab from the kinds still lands on the file name.
            for name, text in OPTIONS.values():
                yield Checkbox(Content(text), id=f"print-{name}", compact=True)
            yield Static(id="print-error")
            with Horizontal():
                yield Button(Content("Print (Enter)"), id="print", variant="primary")
                yield Button(Content("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        kinds = self.query_one("#print-kinds", OptionList)
        kinds.highlighted = [k for k, _ in KINDS].index(self.kind)
        kinds.focus()
        self._show_option()

    def _show_option(self) -> None:
        """Only the chosen kind's option is on screen (the others keep their tick)."""
        for kind, (name, _) in OPTIONS.items():
            self.query_one(f"#print-{name}", Checkbox).display = kind == self.kind

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        kind = event.option.id
        if kind is None or kind == self.kind:
            return
        self.kind = kind
        self._show_option()
        path = self.query_one("#print-path", Input)
        if path.value == self._suggested:
            self._suggested = default_path(self.event_path, kind).name
            path.value = self._suggested

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_print()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_print()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "print":
            self.action_print()
        else:
            self.dismiss(None)

    def action_move(self, step: int) -> None:
        kinds = self.query_one("#print-kinds", OptionList)
        current = kinds.highlighted or 0
        kinds.highlighted = max(0, min(kinds.option_count - 1, current + step))

    def action_print(self) -> None:
        try:
            out = resolve(self.query_one("#print-path", Input).value, self.event_path)
        except ValueError as error:
            self.query_one("#print-error", Static).update(Content(str(error)))
            self.query_one("#print-path", Input).focus()
            return
        ticked = {
            name: self.query_one(f"#print-{name}", Checkbox).value
            for kind, (name, _) in OPTIONS.items()
            if kind == self.kind
        }
        self.dismiss(PrintRequest(self.kind, out, **ticked))

    def action_cancel(self) -> None:
        self.dismiss(None)
