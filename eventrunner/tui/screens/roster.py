"""Check-in at the door: search as you type, one key toggles present, walk-ins, departures.

The search box keeps the focus, so typing always searches; Enter toggles the highlighted
person, arrow keys move the highlight, and the other actions sit on control keys. After a
check-in the search is cleared but the person stays highlighted, so a second Enter (a
scanner's double read, a fast typist) takes it back instead of checking in someone else.
The toggle is decided on the presence stored in the file, not on the screen's copy. A barcode
scanner (a whole code typed in milliseconds, then Enter) checks its attendee in at once,
whatever has the focus, and the answer shows large for two seconds (`tui/scanner.py`).
The line at the top follows the round, its countdown and the arrivals, including those
checked in at the door stations (`eventrunner door`), within a second.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from eventrunner.model import Attendee, Presence
from eventrunner.namesearch import fold, matches
from eventrunner.store import CheckIn
from eventrunner.tui import live
from eventrunner.tui.scanner import (
    ENTER_GAP,
    KEY_GAP,
    SWALLOW,
    ScanDetector,
    ScanInput,
    already_words,
    identify,
)
from eventrunner.tui.screens.attendee_form import AttendeeForm
from eventrunner.tui.screens.confirm import ConfirmModal
from eventrunner.tui.screens.console import focus_rounds
from eventrunner.tui.screens.contact_code import ContactCodeModal
from eventrunner.tui.screens.door_keys import DoorKeysModal
from eventrunner.tui.text import cell, clean
from eventrunner.tui.widgets.countdown import clock_text
from eventrunner.tui.widgets.scan_banner import ScanBanner

if TYPE_CHECKING:
    from eventrunner.tui.app import ConsoleApp

MARKS = {Presence.PRESENT: "✓ here", Presence.REGISTERED: "· not yet", Presence.LEFT: "← left"}
__all__ = ["MARKS", "RosterScreen", "fold", "matches"]  # fold and matches live in namesearch


_COLUMNS = ("status", "name", "company", "interests")
#: How long the search waits for keys typed at a scanner's pace to stop before it draws the
#: list (seconds): longer than a scanner's pause before its Enter.
SEARCH_SETTLE = 2 * ENTER_GAP


def _row_texts(a: Attendee) -> tuple[str, ...]:
    """The cells of one attendee's row, as text."""
    interests = ", ".join(clean(t) for t in a.interests)
    return (MARKS[a.presence], clean(a.name), clean(a.company), interests)


class RosterScreen(Screen[None]):
    """Everyone registered, who is here, who is not yet, who left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "toggle_present", "Here/not", tooltip="Toggle present", show=True),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        # Priority, and the form awaited: what is typed right after ctrl+n goes into the form.
        Binding(
            "ctrl+n", "walk_in", "Walk-in", tooltip="Add someone who just arrived", priority=True
        ),
        Binding("ctrl+o", "edit", "Edit", tooltip="Edit the highlighted attendee", priority=True),
        Binding("ctrl+l", "mark_left", "Left", tooltip="Mark as having left the event"),
        Binding("ctrl+t", "toggle_filter", "Not arrived", tooltip="Show only who is not here"),
        # ctrl+r, not ctrl+k: the search box deletes to the end of the line with ctrl+k.
        Binding("ctrl+r", "contact_code", "Code", show=False, tooltip="Show the contact QR code"),
        Binding("ctrl+g", "door_keys", "Door", tooltip="Door stations: links, keys, revoke"),
        Binding("escape", "clear", "Clear", show=False),
    ]

    DEFAULT_CSS = """
    #roster-live { padding: 0 1; background: $boost; color: $accent; text-style: bold; }
    """

    only_missing = False
    # The search text the table was last drawn for: an Input.Changed that arrives after we
    # redrew for that text ourselves (clearing it after a check-in) must not move the cursor.
    _drawn_query: str | None = None
    #: How often the file is checked for check-ins made elsewhere (door stations), seconds.
    FOLLOW = 0.5

    def __init__(self) -> None:
        super().__init__()
        self.scanner = ScanDetector()
        self._rows: dict[str, tuple[str, ...]] = {}
        """What the table shows now: attendee id -> the texts of its cells."""

    @property
    def console(self) -> ConsoleApp:
        return cast("ConsoleApp", self.app)

    def compose(self) -> ComposeResult:
        yield ScanBanner()
        yield Static(id="roster-live")
        yield Static(id="roster-counts", classes="section-title")
        yield ScanInput(
            self.scanner,
            placeholder="Type a name, company or email, or scan a ticket…",
            id="search",
        )
        yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#roster", DataTable)
        table.add_column(cell("Status"), key="status", width=9)
        table.add_column(cell("Name"), key="name")
        table.add_column(cell("Company"), key="company")
        table.add_column(cell("Interests"), key="interests")
        self.watch(self.app, "revision", self.follow_cache, init=False)
        self.redraw()
        self.set_interval(self.FOLLOW, self.follow)

    def on_screen_resume(self) -> None:
        self.query_one("#search", Input).focus()
        self.redraw()

    def shown(self) -> list[Attendee]:
        query = self.query_one("#search", Input).value
        people = [a for a in self.console.attendees if matches(a, query)]
        if self.only_missing:
            people = [a for a in people if a.presence is Presence.REGISTERED]
        return sorted(people, key=lambda a: fold(a.name))

    def follow_cache(self, _: object = None) -> None:
        """The app's cache changed: at a busy door mostly a few check-ins, so only their
        status cells and the counts are drawn again; anything more redraws the list."""
        if not self.is_current:
            return  # drawn again when it comes back (on_screen_resume)
        changed = self.console.changed
        if not changed.only_presence or self.only_missing:
            self.redraw()  # with the "not arrived" filter a check-in takes a row away
            return
        table = self.query_one("#roster", DataTable)
        people = self.console.people
        for attendee_id in changed.presence:
            shown = self._rows.get(attendee_id)
            if shown is None:
                continue  # not in the list the search shows
            mark = MARKS[people[attendee_id].presence]
            if shown[0] != mark:
                table.update_cell(attendee_id, "status", cell(mark))
                self._rows[attendee_id] = (mark, *shown[1:])
        self.show_counts()

    def redraw(self, _: object = None) -> None:
        self._drawn_query = self.query_one("#search", Input).value
        self.show_counts()
        table = self.query_one("#roster", DataTable)
        shown = {a.id: _row_texts(a) for a in self.shown()}
        if list(shown) == list(self._rows):
            # The same people in the same order (a check-in here or at a door station):
            # change the cells that changed, not 150 rows, so the console stays quick.
            for attendee_id, texts in shown.items():
                for column, old, new in zip(_COLUMNS, self._rows[attendee_id], texts, strict=True):
                    if old != new:
                        table.update_cell(attendee_id, column, cell(new))
            self._rows = shown
            return
        keep = self.highlighted()
        table.clear()
        for attendee_id, texts in shown.items():
            table.add_row(*(cell(t) for t in texts), key=attendee_id)
        self._rows = shown
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))

    def show_counts(self) -> None:
        """The arrivals line and the counts above the list."""
        people = self.console.attendees
        here = sum(a.presence is Presence.PRESENT for a in people)
        left = sum(a.presence is Presence.LEFT for a in people)
        missing = sum(a.presence is Presence.REGISTERED for a in people)
        scope = " · only not arrived (ctrl+t)" if self.only_missing else " · Enter: here/not"
        if self.is_mounted:
            self.show_live()
        self.query_one("#roster-counts", Static).update(
            Content(
                f"Registered {len(people)} · present {here} · not arrived {missing}"
                f" · left {left}{scope}"
            )
        )

    def highlighted(self) -> str | None:
        """Id of the highlighted attendee, if any."""
        table = self.query_one("#roster", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value == self._drawn_query:
            return  # already drawn for this text, highlight kept (see action_toggle_present)
        if self.scanner.fast_since(event.time - KEY_GAP):
            # A scanner is typing (a key every few ms): the list is drawn when the keys
            # stop, not for every key; a scan's Enter clears the search before that.
            if self._search_timer is not None:
                self._search_timer.stop()
            self._search_timer = self.set_timer(SEARCH_SETTLE, self.search_changed)
            return
        self.search_changed()

    def search_changed(self) -> None:
        """Show who the search finds now (highlight on the first)."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        if self.query_one("#search", Input).value == self._drawn_query:
            return
        self.redraw()
        self.query_one("#roster", DataTable).move_cursor(row=0)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        code = self.query_one("#search", ScanInput).scanned()
        if code is not None and self.scanned(code, typed_in_search=True):
            return
        self.search_changed()  # fast typing not drawn yet: Enter is about what it finds
        self.action_toggle_present()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # The Enter that ended a scan may still select the row: that one is not a toggle.
        ended, self._scan_ended_at = self._scan_ended_at, -1.0
        if 0 <= event.time - ended < 0.25:
            return
        self.action_toggle_present()

    _scan_ended_at = -1.0
    _search_timer: Timer | None = None

    def on_key(self, event: events.Key) -> None:
        """Keys that reach the screen (the table has the focus): a scanner may be typing."""
        if not self.scanner.once(event):
            return
        if event.key != "enter":
            self.scanner.key(event.character, event.time)
            return
        code = self.scanner.enter(event.time)
        if code is not None:
            # The table's own Enter (select the row) must not toggle someone as well.
            self._scan_ended_at = event.time
            event.stop()
            event.prevent_default()
            self.scanned(code, typed_in_search=False)

    # -- scanning ---------------------------------------------------------------------------

    def scanned(self, code: str, *, typed_in_search: bool) -> bool:
        """Check in whoever the scanned code names and show it large; True when handled.

        A code that names nobody, typed into a search that does find people, was a fast
        typist after all: False, and Enter does what it always does.
        """
        search = self.query_one("#search", ScanInput)
        if code == SWALLOW:
            search.value = ""
            return True
        console = self.console
        found = identify(console.store, console.attendees, code)
        banner = self.query_one(ScanBanner)
        if not found:
            # Asked of the search itself: the list is not drawn while a scanner types.
            if typed_in_search and self.shown():
                return False
            banner.show("bad", "Unknown code", "", f"No attendee has the code {code[:40]!r}.")
            self._beep(2)
        elif len(found) > 1:
            names = ", ".join(clean(a.name) for a in found[:3])
            banner.show(
                "warn", f"{len(found)} people share this code", "", f"{names}: search by name."
            )
            self._beep(2)
        else:
            self._check_in(found[0])
        search.value = ""
        return True

    def _check_in(self, person: Attendee) -> None:
        outcome: list[CheckIn] = []
        console = self.console
        if not console.write(lambda: outcome.append(console.store.check_in(person.id))):
            return
        result = outcome[0]
        banner = self.query_one(ScanBanner)
        round_number, _ = focus_rounds(console.timer_state, console.rounds)
        table = self.table_of(person.id, round_number)
        where = f"round {round_number}" if round_number else ""
        if result.already:
            banner.show("warn", person.name, table, already_words(result.at))
            self._beep(2)
        else:
            words = "checked in" + (f" · {where}" if where else "")
            banner.show("ok", person.name, table, words if table else f"{words} · no table yet")
            self._beep(1)
            console.presence_changed()

    def table_of(self, attendee_id: str, round_number: int) -> str:
        """`7`, `bye`, or '' (not in the plan yet) for one attendee in one round."""
        plan = self.console.plan
        if plan is None or not 0 < round_number <= len(plan.rounds):
            return ""
        rnd = plan.rounds[round_number - 1]
        if attendee_id in rnd.byes:
            return "bye"
        return next((str(t.number) for t in rnd.tables if attendee_id in t.attendees), "")

    def _beep(self, times: int) -> None:
        self.app.bell()
        for n in range(1, times):
            self.set_timer(0.25 * n, self.app.bell)

    # -- following the file and the round ---------------------------------------------------

    def follow(self) -> None:
        """Keep the top line's countdown current. Check-ins made elsewhere (door stations,
        another console) reach the screen through the app, which reloads on every commit to
        the file (`ConsoleApp.follow_file`) and bumps `revision`."""
        self.show_live()

    def show_live(self) -> None:
        console = self.console
        state = console.timer_state
        people = console.attendees
        here = sum(a.presence is Presence.PRESENT for a in people)
        arrivals = f"{here} of {len(people)} arrived"
        if state.phase in (live.MEETING, live.PAUSED, live.SWITCH):
            left = clock_text(console.remaining())
            what = live.PHASE_WORDS[state.phase]
            text = f"Round {state.round} of {console.rounds} · {what} · {left} left · {arrivals}"
        elif state.phase == live.FINISHED:
            text = f"All rounds played · {arrivals}"
        else:
            text = f"Round 1 of {console.rounds} not started · {arrivals}"
        self.query_one("#roster-live", Static).update(Content(text))

    def action_move(self, rows: int) -> None:
        table = self.query_one("#roster", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + rows))

    def action_toggle_present(self) -> None:
        attendee_id = self.highlighted()
        if attendee_id is None:
            return
        person = self.console.people[attendee_id]
        stored: list[Presence] = []
        store = self.console.store
        if self.console.write(lambda: stored.append(store.toggle_presence(attendee_id))):
            here = stored[0] is Presence.PRESENT
            word = "checked in" if here else "marked not arrived"
            self.notify(f"{clean(person.name)} {word}.", markup=False, timeout=3)
            self.clear_search_keeping(attendee_id)
            self.console.presence_changed()

    def action_mark_left(self) -> None:
        attendee_id = self.highlighted()
        if attendee_id is None:
            return
        person = self.console.people[attendee_id]
        store = self.console.store
        if self.console.write(lambda: store.set_presence(attendee_id, Presence.LEFT)):
            self.notify(f"{clean(person.name)} left the event.", markup=False, timeout=3)
            self.clear_search_keeping(attendee_id)
            self.console.presence_changed()

    def clear_search_keeping(self, attendee_id: str) -> None:
        """Clear the search for the next person, but keep this one highlighted (a second
        Enter then takes the change back instead of touching someone else)."""
        self.query_one("#search", Input).value = ""
        self.redraw()
        table = self.query_one("#roster", DataTable)
        if attendee_id in table.rows:
            table.move_cursor(row=table.get_row_index(attendee_id))

    async def action_walk_in(self) -> None:
        def added(attendee: Attendee | None) -> None:
            if attendee is None:
                return
            store = self.console.store
            if self.console.write(lambda: store.add_attendee(attendee, action="walk-in")):
                self.notify(f"{clean(attendee.name)} added and checked in.", markup=False)
                self.console.presence_changed()

        # Awaited, and the focus set at once (not deferred): the app hands on no further
        # key until the form is there with the name field focused.
        form = AttendeeForm(set(self.console.people))
        await self.app.push_screen(form, added)
        form.focus_first()

    async def action_edit(self) -> None:
        attendee_id = self.highlighted()
        if attendee_id is None:
            return

        def edited(attendee: Attendee | None) -> None:
            # Only the fields changed in the form: an import since it opened stays.
            if attendee is not None and self.console.write(
                lambda: self.console.store.edit_attendee(original, attendee)
            ):
                self.notify(f"{clean(attendee.name)} saved.", markup=False)

        original = self.console.people[attendee_id]
        form = AttendeeForm(set(self.console.people), original)
        await self.app.push_screen(form, edited)  # as for ctrl+n: keys typed next go in it
        form.focus_first()

    def action_contact_code(self) -> None:
        attendee_id = self.highlighted()
        if attendee_id is not None:
            self.app.push_screen(ContactCodeModal(self.console.people[attendee_id]))

    def action_door_keys(self) -> None:
        self.app.push_screen(DoorKeysModal())

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
