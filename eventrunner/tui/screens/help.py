"""`?` help: every key of every screen, read from the bindings themselves (never stale)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


def _bindings(owner: type[object]) -> list[Binding]:
    found: list[Binding] = []
    for item in getattr(owner, "BINDINGS", []):
        if isinstance(item, Binding):
            found.append(item)
        else:
            found.append(Binding(*item))
    return found


def sections() -> list[tuple[str, type[object]]]:
    """Each screen of the console with the class holding its keys."""
    from eventrunner.tui.app import ConsoleApp
    from eventrunner.tui.screens.absent_modal import AbsentModal
    from eventrunner.tui.screens.attendee_form import AttendeeForm
    from eventrunner.tui.screens.confirm import ConfirmModal
    from eventrunner.tui.screens.console import ConsoleScreen
    from eventrunner.tui.screens.contact_code import ContactCodeModal
    from eventrunner.tui.screens.door_keys import DoorKeysModal
    from eventrunner.tui.screens.followups import FollowUpScreen
    from eventrunner.tui.screens.itinerary import ItineraryModal
    from eventrunner.tui.screens.mail_modal import MailModal
    from eventrunner.tui.screens.picker import AttendeePicker
    from eventrunner.tui.screens.plan import PlanScreen
    from eventrunner.tui.screens.print_modal import PrintModal
    from eventrunner.tui.screens.replan import ReplanModal
    from eventrunner.tui.screens.roster import RosterScreen
    from eventrunner.tui.screens.tables_modal import TablesModal

    return [
        ("Everywhere", ConsoleApp),
        ("Console (F2)", ConsoleScreen),
        ("Check-in (F3) — typing searches; a barcode scanner checks in at once", RosterScreen),
        ("Walk-in / edit form", AttendeeForm),
        ("Plan (F4)", PlanScreen),
        ("Follow-ups (F5) — type a name, Enter, space ticks", FollowUpScreen),
        ("Re-plan review", ReplanModal),
        ("Starting a round with people not checked in", AbsentModal),
        ("Questions", ConfirmModal),
        ("Choosing an attendee — typing searches", AttendeePicker),
        ("Itinerary", ItineraryModal),
        ("Print (p on the console)", PrintModal),
        ("Contact code (ctrl+r on the roster)", ContactCodeModal),
        ("Tables usable (t on the console)", TablesModal),
        ("Send follow-ups (ctrl+s on F5)", MailModal),
        ("Door stations (ctrl+g on the roster)", DoorKeysModal),
    ]


def key_name(key: str) -> str:
    names = {
        "question_mark": "?",
        "plus": "+",
        "space": "space",
        "escape": "Esc",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "enter": "Enter",
    }
    return " / ".join(names.get(k, k) for k in key.split(","))


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by screen; Escape, q or ? closes."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 84; max-width: 100%; height: 100%; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen .help-section { text-style: bold; margin-top: 1; color: $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content("Keys — ctrl+p opens the command palette with every action"))
            for title, owner in sections():
                yield Static(Content(title), classes="help-section")
                for binding in _bindings(owner):
                    text = binding.tooltip or binding.description
                    if binding.description and binding.tooltip:
                        text = f"{binding.description}: {binding.tooltip}"
                    yield Static(Content(f"  {key_name(binding.key):<14} {text}"))

    def action_close(self) -> None:
        self.dismiss(None)
