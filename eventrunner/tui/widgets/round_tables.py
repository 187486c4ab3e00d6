"""A round's tables as a list: table number, the people seated, what they share."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import DataTable

from eventrunner.model import Attendee, Round
from eventrunner.tui.text import cell, clean


def person_name(people: Mapping[str, Attendee], attendee_id: str) -> str:
    """The display name of an id (the id itself when unknown, e.g. removed since)."""
    person = people.get(attendee_id)
    return clean(person.name) if person is not None else clean(attendee_id)


class RoundTables(DataTable[Text]):
    """The tables of one round (and its byes), read-only."""

    DEFAULT_CSS = """
    RoundTables { height: 1fr; }
    """

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_column(cell("Table"), key="table", width=5)
        self.add_column(cell("People"), key="people")
        self.add_column(cell("They share"), key="shared")

    def show_round(self, rnd: Round | None, people: Mapping[str, Attendee]) -> None:
        """Replace the rows with the tables of `rnd` (nothing when None)."""
        self.clear()
        if rnd is None:
            return
        for table in rnd.tables:
            names = " · ".join(person_name(people, a) for a in table.attendees)
            shared = ", ".join(clean(s) for s in table.shared) or "—"
            self.add_row(cell(str(table.number)), cell(names), cell(shared), key=str(table.number))
        if rnd.byes:
            byes = " · ".join(person_name(people, a) for a in rnd.byes)
            self.add_row(cell("bye"), cell(byes), cell("sits this round out"))
