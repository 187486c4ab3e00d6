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


#: Characters of names on one row of byes.
BYE_WIDTH = 40


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
        # Byes on rows of their own, a few names each: one long row would widen the People
        # column past the screen and push "They share" out of sight.
        for k, names in enumerate(bye_rows([person_name(people, a) for a in rnd.byes])):
            label = "bye" if k == 0 else ""
            note = (
                ("sits this round out" if len(rnd.byes) == 1 else "sit this round out")
                if k == 0
                else ""
            )
            self.add_row(cell(label), cell(names), cell(note))


def bye_rows(names: list[str], width: int = BYE_WIDTH) -> list[str]:
    """Names joined with ` · ` into rows of at most `width` characters (one name may be
    longer)."""
    rows: list[str] = []
    for name in names:
        if rows and len(rows[-1]) + 3 + len(name) <= width:
            rows[-1] += " · " + name
        else:
            rows.append(name)
    return rows
