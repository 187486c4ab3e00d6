"""An attendee's contact code on screen: the badge's QR code, for a phone to scan at the door.

The code is the one printed on the badge (`contacts.badge_payload`), so it carries only what
the attendee agreed to share. It is drawn in Unicode half blocks (`qr.to_terminal`), black on
white whatever the theme, without wrapping: a phone needs dark modules on a light ground and
every row whole. Beside it, what is in it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from eventrunner.contacts import Payload, badge_payload, shared_fields
from eventrunner.contacts.qr import to_terminal
from eventrunner.model import Attendee
from eventrunner.tui.text import clean

#: Dark modules on a light ground in every theme (a phone reads nothing else reliably).
CODE_STYLE = "#000000 on #ffffff"
#: Columns for the largest badge code (57), its frame and scroll bar, and a 30-column side.
WIDE = 57 + 4 + 30


def code_text(payload: Payload) -> str:
    """The code as terminal text: blocks are the dark modules (drawn black on white)."""
    return to_terminal(payload.text, invert=True)


def contents(attendee: Attendee, payload: Payload) -> str:
    """The fields the code holds, in words: `name, email, linkedin`."""
    fields = [f for f in shared_fields(attendee) if f not in payload.dropped]
    return ", ".join(fields)


class ContactCodeModal(ModalScreen[None]):
    """Read-only; Escape, Enter or q closes it."""

    DEFAULT_CSS = """
    ContactCodeModal { align: center middle; }
    ContactCodeModal > VerticalScroll {
        width: auto; max-width: 100%; height: auto; max-height: 100%;
        border-left: thick $accent; border-right: thick $accent; background: $surface;
    }
    ContactCodeModal Horizontal { width: auto; height: auto; }
    ContactCodeModal #code {
        width: auto; height: auto; color: #000000; background: #ffffff;
    }
    ContactCodeModal #code-info { width: 30; height: auto; padding: 0 1; }
    ContactCodeModal.-narrow #code-info { width: 19; }
    ContactCodeModal #code-title { text-style: bold; margin-bottom: 1; }
    ContactCodeModal .code-muted { color: $text-muted; margin-top: 1; }
    ContactCodeModal #code-short { color: $warning; text-style: bold; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close"),
    ]

    def __init__(self, attendee: Attendee) -> None:
        super().__init__()
        self.attendee = attendee
        self.payload = badge_payload(attendee)
        self.rows = code_text(self.payload).count("\n") + 1

    def compose(self) -> ComposeResult:
        person, payload = self.attendee, self.payload
        # No title row and no top or bottom border: a 57-module code takes 29 rows already,
        # and a phone needs all of them on screen at once.
        with VerticalScroll(), Horizontal():
            yield Static(
                Text(code_text(payload), style=CODE_STYLE, no_wrap=True, overflow="ignore"),
                id="code",
            )
            with Vertical(id="code-info"):
                yield Static(Content(f"Contact code of {clean(person.name)}"), id="code-title")
                yield Static(Content(f"In it: {contents(person, payload)}"))
                yield Static(Content(payload.describe()), id="code-describe")
                for warning in payload.warnings:
                    yield Static(Content(clean(warning)), classes="code-muted")
                yield Static(
                    Content("The same code as on the badge. Scan it with a phone camera."),
                    classes="code-muted",
                )
                yield Static(Content("Esc closes."), classes="code-muted")
                yield Static(
                    Content(f"The code needs {self.rows} rows: make the terminal taller."),
                    id="code-short",
                )

    def on_mount(self) -> None:
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """A narrower side column on small terminals, so the whole code stays in view."""
        self.set_class(self.app.size.width < WIDE, "-narrow")
        self.query_one("#code-short").display = self.app.size.height < self.rows

    def action_close(self) -> None:
        self.dismiss(None)
