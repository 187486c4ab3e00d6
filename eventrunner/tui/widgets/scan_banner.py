"""The big answer to a scan at the check-in screen: who it was and their table, for 2 s.

Green: checked in. Amber: already in ("already checked in at 19:02") or a code shared by
several people. Red: a code nobody has. The table number is drawn large (`BigDigits`) so
the person at the door reads it over the organizer's shoulder.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from eventrunner.tui.text import clean
from eventrunner.tui.widgets.bigdigits import BigDigits

#: Seconds the banner stays up.
SHOW_SECONDS = 2.0


class ScanBanner(Vertical):
    """Hidden until a scan; then name, table and what happened, large, for two seconds."""

    DEFAULT_CSS = """
    ScanBanner { dock: top; height: 13; display: none; padding: 0 2; }
    ScanBanner.-show { display: block; }
    ScanBanner.-ok { background: $success-darken-2; }
    ScanBanner.-warn { background: $warning-darken-2; }
    ScanBanner.-bad { background: $error-darken-2; }
    ScanBanner > #scan-name { text-style: bold; height: 2; content-align: center bottom;
                              width: 100%; color: white; }
    ScanBanner > #scan-table-label { height: 1; content-align: center middle; width: 100%;
                                     color: white; }
    ScanBanner > BigDigits { height: 7; color: white; }
    ScanBanner > #scan-line { height: 2; content-align: center top; width: 100%; color: white;
                              text-style: bold; }
    """

    def __init__(self) -> None:
        super().__init__(id="scan-banner")
        self._timer: object | None = None
        self.kind = ""
        self.message = ""

    def compose(self) -> ComposeResult:
        yield Static(id="scan-name")
        yield Static(id="scan-table-label")
        yield BigDigits("")
        yield Static(id="scan-line")

    def show(self, kind: str, name: str, table: str, line: str) -> None:
        """Show one answer: kind is `ok`, `warn` or `bad`; table a number, `bye` or ''."""
        self.kind, self.message = kind, line
        self.query_one("#scan-name", Static).update(Content(clean(name)))
        digits = table if table.isdigit() else ""
        label = "TABLE" if digits else ("sits this round out (bye)" if table == "bye" else "")
        self.query_one("#scan-table-label", Static).update(Content(label))
        self.query_one(BigDigits).update(digits)
        self.query_one("#scan-line", Static).update(Content(clean(line)))
        for k in ("ok", "warn", "bad"):
            self.set_class(k == kind, f"-{k}")
        self.add_class("-show")
        if self._timer is not None:
            self._timer.stop()  # type: ignore[attr-defined]
        self._timer = self.set_timer(SHOW_SECONDS, self.hide)

    def hide(self) -> None:
        self.remove_class("-show")
        self._timer = None
