"""Check-in at the door: search as you type, one key toggles present, walk-ins, departures.

The search box keeps the focus, so typing always searches; Enter toggles the highlighted
person, arrow keys move the highlight, and the other actions sit on control keys.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from eventrunner.model import Attendee, Presence
from eventrunner.namesearch import fold, matches
from eventrunner.tui.screens.attendee_form import AttendeeForm
from eventrunner.tui.screens.confirm import ConfirmModal
from eventrunner.tui.screens.contact_code import ContactCodeModal
from eventrunner.tui.text import cell, clean

if TYPE_CHECKING:
    from eventrunner.tui.app import ConsoleApp

MARKS = {Presence.PRESENT: "✓ here", Presence.REGISTERED: "· not yet", Presence.LEFT: "← left"}
__all__ = ["MARKS", "RosterScreen", "fold", "matches"]  # fold and matches live in namesearch


class RosterScreen(Screen[None]):
    """Everyone registered, who is here, who is not yet, who left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "toggle_present", "Here/not", tooltip="Toggle present", show=True),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("ctrl+n", "walk_in", "Walk-in", tooltip="Add someone who just arrived"),
        Binding("ctrl+o", "edit", "Edit", tooltip="Edit the highlighted attendee"),
        Binding("ctrl+l", "mark_left", "Left", tooltip="Mark as having left the event"),
        Binding("ctrl+t", "toggle_filter", "Not arrived", tooltip="Show only who is not here"),
        # ctrl+r, not ctrl+k: the search box deletes to the end of the line with ctrl+k.
        Binding("ctrl+r", "contact_code", "Code", show=False, tooltip="Show the contact QR code"),
        Binding("escape", "clear", "Clear", show=False),
    ]

    only_missing = False

    @property
    def console(self) -> ConsoleApp:
        return cast("ConsoleApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="roster-counts", classes="section-title")
        yield Input(placeholder="Type a name, company or email…", id="search")
        yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#roster", DataTable)
        table.add_column(cell("Status"), key="status", width=9)
        table.add_column(cell("Name"), key="name")
        table.add_column(cell("Company"), key="company")
        table.add_column(cell("Interests"), key="interests")
        self.watch(self.app, "revision", self.redraw, init=False)
        self.redraw()

    def on_screen_resume(self) -> None:
        self.query_one("#search", Input).focus()
        self.redraw()

    def shown(self) -> list[Attendee]:
        query = self.query_one("#search", Input).value
        people = [a for a in self.console.attendees if matches(a, query)]
        if self.only_missing:
            people = [a for a in people if a.presence is Presence.REGISTERED]
        return sorted(people, key=lambda a: fold(a.name))

    def redraw(self, _: object = None) -> None:
        people = self.console.attendees
        here = sum(a.presence is Presence.PRESENT for a in people)
        left = sum(a.presence is Presence.LEFT for a in people)
        missing = sum(a.presence is Presence.REGISTERED for a in people)
        scope = " · only not arrived (ctrl+t)" if self.only_missing else " · Enter: here/not"
        self.query_one("#roster-counts", Static).update(
            Content(
                f"Registered {len(people)} · present {here} · not arrived {missing}"
                f" · left {left}{scope}"
            )
        )
        table = self.query_one("#roster", DataTable)
        keep = self.highlighted()
        table.clear()
        for a in self.shown():
            table.add_row(
                cell(MARKS[a.presence]),
                cell(clean(a.name)),
                cell(clean(a.company)),
                cell(", ".join(clean(t) for t in a.interests)),
                key=a.id,
            )
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))

    def highlighted(self) -> str | None:
        """Id of the highlighted attendee, if any."""
        table = self.query_one("#roster", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def on_input_changed(self, event: Input.Changed) -> None:
        self.redraw()
        self.query_one("#roster", DataTable).move_cursor(row=0)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_toggle_present()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_toggle_present()

    def action_move(self, rows: int) -> None:
        table = self.query_one("#roster", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + rows))

    def action_toggle_present(self) -> None:
        attendee_id = self.highlighted()
        if attendee_id is None:
            return
        person = self.console.people[attendee_id]
        here = person.presence is not Presence.PRESENT
        new = Presence.PRESENT if here else Presence.REGISTERED
        if self.console.write(lambda: self.console.store.set_presence(attendee_id, new)):
            word = "checked in" if here else "marked not arrived"
            self.notify(f"{clean(person.name)} {word}.", markup=False, timeout=3)
            self.query_one("#search", Input).value = ""
            self.console.presence_changed()

    def action_mark_left(self) -> None:
        attendee_id = self.highlighted()
        if attendee_id is None:
            return
        person = self.console.people[attendee_id]
        store = self.console.store
        if self.console.write(lambda: store.set_presence(attendee_id, Presence.LEFT)):
            self.notify(f"{clean(person.name)} left the event.", markup=False, timeout=3)
            self.console.presence_changed()

    def action_walk_in(self) -> None:
        def added(attendee: Attendee | None) -> None:
            if attendee is None:
                return
            store = self.console.store
            if self.console.write(lambda: store.add_attendee(attendee, action="walk-in")):
                self.notify(f"{clean(attendee.name)} added and checked in.", markup=False)
                self.console.presence_changed()

        self.app.push_screen(AttendeeForm(set(self.console.people)), added)

    def action_edit(self) -> None:
        attendee_id = self.highlighted()
        if attendee_id is None:
            return

        def edited(attendee: Attendee | None) -> None:
            if attendee is not None and self.console.write(
                lambda: self.console.store.update_attendee(attendee)
            ):
                self.notify(f"{clean(attendee.name)} saved.", markup=False)

        original = self.console.people[attendee_id]
        self.app.push_screen(AttendeeForm(set(self.console.people), original), edited)

    def action_contact_code(self) -> None:
        attendee_id = self.highlighted()
        if attendee_id is not None:
            self.app.push_screen(ContactCodeModal(self.console.people[attendee_id]))

    def action_toggle_filter(self) -> None:
        self.only_missing = not self.only_missing
        self.redraw()

    def action_check_in_all(self) -> None:
        missing = [a.id for a in self.console.attendees if a.presence is Presence.REGISTERED]
        if not missing:
            self.notify("Everybody registered is here already.", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            store = self.console.store
            for attendee_id in missing:
                if not self.console.write(
                    partial(store.set_presence, attendee_id, Presence.PRESENT)
                ):
                    break
            self.console.presence_changed()

        self.app.push_screen(
            ConfirmModal(f"Check in all {len(missing)} people not yet arrived?"), answered
        )

    def action_clear(self) -> None:
        self.query_one("#search", Input).value = ""
