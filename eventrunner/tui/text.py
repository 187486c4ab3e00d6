"""Attendee text made safe to show: escape sequences stripped, never read as markup.

Everything an attendee typed (names, companies, interests) is data. It goes on screen as a
`Content` built from `clean()` text, so that `Bob [/]` or `[@click=app.quit]x` show
literally instead of being parsed as markup, and an escape sequence hidden in a name cannot
move the cursor or retitle the terminal.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from eventrunner.textsafe import clean_text


def clean(text: str) -> str:
    """`text` without terminal escape sequences or control characters."""
    return clean_text(text)


def plain(text: str) -> Content:
    """Attendee text as literal screen content (no markup, no escapes)."""
    return Content(clean(text))


def cell(text: str) -> Text:
    """Attendee text for a DataTable cell (Rich text, never markup)."""
    return Text(clean(text), no_wrap=True, overflow="ellipsis")
