"""The alphabetical "find your table" list of the projector view, paging by itself.

In a terminal the type is the terminal's: the list fills its width with as many columns as
the names allow and pages when they do not fit. In the browser (`serve`) the page chooses the
type size, and `screen_cells` tells it the fewest cells (so the largest type) on which the
whole list of the round fits one page.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len, set_cell_size
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from eventrunner.model import Attendee, Round
from eventrunner.tui.screens.roster import fold
from eventrunner.tui.text import clean

#: Cells per entry (name, dots, table number) when nothing is known about the names.
COLUMN_WIDTH = 30
#: Narrowest and widest column: short names share the wall in more columns (fewer pages).
MIN_COLUMN, MAX_COLUMN = 16, 40
#: Seconds a page stays up before the next one.
PAGE_SECONDS = 8.0
#: The projector's screen in cells when the list is long (the browser's type is fitted to it).
SCREEN = (80, 26)
#: The fewest rows the projector is given, however short the list (the countdown needs them).
FEWEST_ROWS = 13


def countdown_rows(rows: int) -> int:
    """Rows of the projector's countdown on a screen `rows` high: half the screen, and on a
    short screen (the browser's large type) enough that the digits drawn, without the round
    and phase lines and a half-lit edge row, still fill a third of it."""
    return max(rows // 2, -(-rows // 3) + 3)


def list_lines(rows: int) -> int:
    """Lines of names on a projector screen `rows` high: all but the top line, the
    countdown (`countdown_rows`), the title and the page line (`ProjectorApp`)."""
    return max(1, rows - 1 - countdown_rows(rows) - 1 - 1)


def fit_columns(cells: int, column: int) -> int:
    """Columns of `column` cells, two apart, that `cells` hold (at least one)."""
    return max(1, (cells + 2) // (column + 2))


def column_width(rows: list[tuple[str, str]]) -> int:
    """Cells an entry needs: the longest name with dots and table, within limits."""
    if not rows:
        return COLUMN_WIDTH
    longest = max(cell_len(name) + len(where) for name, where in rows)
    return max(MIN_COLUMN, min(MAX_COLUMN, longest + 4))


def screen_cells(rows: list[tuple[str, str]]) -> tuple[int, int]:
    """The smallest screen (columns, rows), in the proportions of SCREEN, on which every entry
    fits one page of the list: the browser sets its type as large as that allows."""
    wide, high = SCREEN
    width = column_width(rows)
    for tall in range(FEWEST_ROWS, high + 1):
        across = round(wide * tall / high)
        columns = fit_columns(across - 2, width)  # the list's padding: 1 each side
        if columns * list_lines(tall) >= len(rows):
            return across, tall
    return SCREEN


def entries(rnd: Round | None, people: Mapping[str, Attendee]) -> list[tuple[str, str]]:
    """(name, where) for everybody in the round, sorted by name as people look for it."""
    if rnd is None:
        return []
    rows: list[tuple[str, str]] = []
    for table in rnd.tables:
        rows.extend((a, str(table.number)) for a in table.attendees)
    rows.extend((a, "bye") for a in rnd.byes)
    named = [(clean(people[a].name) if a in people else clean(a), where) for a, where in rows]
    return sorted(named, key=lambda row: fold(row[0]))


def entry_line(name: str, where: str, width: int) -> str:
    """`Name ....... 12` in exactly `width` cells (long names cut, wide scripts counted)."""
    room = width - len(where) - 3
    if cell_len(name) > room:
        name = set_cell_size(name, room - 1) + "…"
    dots = "." * max(1, width - cell_len(name) - len(where) - 2)
    return f"{name} {dots} {where}"


class FindYourTable(Widget):
    """Names in columns with their table number; pages when they do not all fit."""

    DEFAULT_CSS = """
    FindYourTable { height: 1fr; padding: 0 1; }
    """

    page: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, str]] = []

    def on_mount(self) -> None:
        self.set_interval(PAGE_SECONDS, self.next_page)

    def show(self, rows: list[tuple[str, str]]) -> None:
        """New names (a new round, or the plan changed)."""
        if rows != self.rows:
            self.rows = rows
            self.page = 0
            self.refresh()

    def column_width(self) -> int:
        """Cells an entry needs: the longest name with dots and table, within limits."""
        return column_width(self.rows)

    def grid(self) -> tuple[int, int]:
        """(columns, lines) that fit, keeping one line for the page counter."""
        columns = fit_columns(self.size.width, self.column_width())
        lines = max(1, self.size.height - 1)
        return columns, lines

    def pages(self) -> int:
        columns, lines = self.grid()
        per_page = columns * lines
        return max(1, -(-len(self.rows) // per_page))

    def next_page(self) -> None:
        self.page = (self.page + 1) % self.pages()

    def render(self) -> Content:
        if not self.rows:
            return Content("")
        columns, lines = self.grid()
        per_page = columns * lines
        page = min(self.page, self.pages() - 1)
        chunk = self.rows[page * per_page : (page + 1) * per_page]
        # The columns share the whole width: long names are cut as late as possible.
        width = max(12, min(MAX_COLUMN, (self.size.width - 2 * (columns - 1)) // columns))
        out: list[str] = []
        for line in range(lines):
            cells = [
                entry_line(*chunk[col * lines + line], width)
                for col in range(columns)
                if col * lines + line < len(chunk)
            ]
            if cells:
                out.append("  ".join(cells))
        total = self.pages()
        if total > 1:
            out.append(f"page {page + 1} of {total} — turns by itself")
        return Content("\n".join(out))
