"""Door stations on the console: each station's link as text and QR code; make and revoke keys.

A station (a volunteer's phone or tablet) opens the link `eventrunner door` serves; the key
in it is its only credential. Keys live in the event file, so revoking one here closes the
door page to that station at its next tap, even though `door` runs in another terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from eventrunner.contacts.qr import to_terminal
from eventrunner.store import DoorKey
from eventrunner.tui.screens.contact_code import CODE_STYLE
from eventrunner.tui.text import cell

if TYPE_CHECKING:
    from eventrunner.tui.app import ConsoleApp


def station_link(base: str, key: DoorKey) -> str:
    """The address a station opens (what the QR code holds)."""
    return f"{base.rstrip('/')}/s/{key.key}/" if base else f"…/s/{key.key}/"


class DoorKeysModal(ModalScreen[None]):
    """Station keys: n makes one, Delete (or r) revokes the highlighted one, Esc closes."""

    DEFAULT_CSS = """
    DoorKeysModal { align: center middle; }
    DoorKeysModal > VerticalScroll { width: auto; max-width: 100%; height: auto;
        max-height: 100%; background: $surface; border: thick $accent; }
    DoorKeysModal Horizontal { width: auto; height: auto; }
    DoorKeysModal #door-code { width: auto; height: auto; color: #000000; background: #ffffff; }
    DoorKeysModal #door-side { width: 48; height: auto; padding: 0 1; }
    DoorKeysModal DataTable { height: auto; max-height: 8; }
    DoorKeysModal .muted { color: $text-muted; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
        Binding("n", "new_key", "New key"),
        Binding("delete,r", "revoke", "Revoke"),
    ]

    @property
    def console(self) -> ConsoleApp:
        return cast("ConsoleApp", self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(), Horizontal():
            yield Static(id="door-code")
            with Vertical(id="door-side"):
                yield Static(Content("Door stations"), classes="section-title")
                yield Static(id="door-address")
                yield DataTable(id="door-keys", cursor_type="row")
                yield Static(id="door-link")
                yield Static(
                    Content("n: new key · Delete: revoke the highlighted key · Esc: close"),
                    classes="muted",
                )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Station", key="label")
        table.add_column("Key", key="key")
        table.add_column("State", key="state")
        self.redraw()

    def keys(self) -> tuple[DoorKey, ...]:
        return self.console.store.door_keys()

    def redraw(self) -> None:
        base = self.console.store.door_address()
        where = (
            f"`eventrunner door` serves on {base}"
            if base
            else "Start `eventrunner door EVENT` in another terminal; the links appear here."
        )
        self.query_one("#door-address", Static).update(Content(where))
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for key in self.keys():
            state = "revoked" if key.revoked_at else "open"
            table.add_row(cell(key.label), cell(key.key), cell(state), key=key.key)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.show_code()

    def highlighted(self) -> DoorKey | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return next((k for k in self.keys() if k.key == row_key.value), None)

    def show_code(self) -> None:
        key = self.highlighted()
        code = self.query_one("#door-code", Static)
        link = self.query_one("#door-link", Static)
        if key is None or key.revoked_at is not None:
            code.update("")
            code.display = False
            link.update(Content("No open key highlighted." if key is None else "Revoked."))
            return
        url = station_link(self.console.store.door_address(), key)
        code.display = bool(self.console.store.door_address())
        code.update(Text(to_terminal(url, invert=True), style=CODE_STYLE, no_wrap=True))
        link.update(Content(f"{key.label}: {url}"))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_code()

    def action_new_key(self) -> None:
        made: list[DoorKey] = []
        if self.console.write(lambda: made.append(self.console.store.add_door_key())):
            self.notify(f"New key for {made[0].label}.", markup=False)
            self.redraw()
            self.query_one(DataTable).move_cursor(row=len(self.keys()) - 1)

    def action_revoke(self) -> None:
        key = self.highlighted()
        if key is None or key.revoked_at is not None:
            return
        if self.console.write(lambda: self.console.store.revoke_door_key(key.key)):
            self.notify(f"{key.label} can no longer open the door page.", markup=False)
            self.redraw()

    def action_close(self) -> None:
        self.dismiss(None)
