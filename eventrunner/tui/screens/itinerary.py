"""One attendee's evening: their table, partners and what they share, round by round."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from eventrunner.interests import shared_interests
from eventrunner.model import Attendee, Plan
from eventrunner.tui.text import cell, clean
from eventrunner.tui.widgets.round_tables import person_name


class ItineraryModal(ModalScreen[None]):
    """Read-only; any of Escape, Enter or q closes it."""

    DEFAULT_CSS = """
    ItineraryModal { align: center middle; }
    ItineraryModal > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface;
    }
    ItineraryModal DataTable { height: auto; max-height: 30; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close"),
    ]

    def __init__(
        self, attendee_id: str, plan: Plan, people: Mapping[str, Attendee], played: int
    ) -> None:
        super().__init__()
        self.attendee_id = attendee_id
        self.plan = plan
        self.people = people
        self.played = played

    def compose(self) -> ComposeResult:
        name = person_name(self.people, self.attendee_id)
        with Vertical():
            yield Static(Content(f"Itinerary of {name}"), classes="section-title")
            yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in ("Round", "Table", "With", "You share"):
            table.add_column(cell(column), key=column)
        me = self.people.get(self.attendee_id)
        for number, seat in self.plan.itinerary(self.attendee_id):
            status = f"{number}{' ✓' if number <= self.played else ''}"
            if seat is None:
                table.add_row(cell(status), cell("bye"), cell("—"), cell("—"))
                continue
            others = [a for a in seat.attendees if a != self.attendee_id]
            shared: list[str] = []
            for other in others:
                them = self.people.get(other)
                if me is not None and them is not None:
                    shared.extend(s for s in shared_interests(me, them) if s not in shared)
            table.add_row(
                cell(status),
                cell(str(seat.number)),
                cell(", ".join(person_name(self.people, o) for o in others)),
                cell(", ".join(clean(s) for s in shared) or "—"),
            )
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
