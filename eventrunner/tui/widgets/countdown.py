"""The big countdown: round, phase and remaining time, as the room sees it."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Digits, Static

from eventrunner.tui.widgets.bigdigits import BigDigits


def clock_text(seconds: float) -> str:
    """`MM:SS` for a countdown, rounded up so 0:00 shows only when time is really out."""
    whole = max(0, math.ceil(seconds))
    minutes, secs = divmod(whole, 60)
    return f"{minutes:02d}:{secs:02d}"


class Countdown(Vertical):
    """Round number, a Digits countdown and the phase in words."""

    DEFAULT_CSS = """
    Countdown {
        height: auto;
        width: 28;
        align-horizontal: center;
    }
    Countdown > #round-label { text-style: bold; width: 100%; content-align: center middle; }
    Countdown > #phase-label { width: 100%; content-align: center middle; color: $text-muted; }
    Countdown > Digits { width: auto; }
    Countdown.-paused > Digits { color: $text-disabled; }
    Countdown.-switch > Digits { color: $accent; }
    /* Last, so it wins over the phase colours: the room must see the end of a meeting. */
    Countdown.-flash { background: $error; }
    Countdown.-flash > Digits, Countdown.-flash > Static { color: white; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="round-label")
        yield Digits("--:--")
        yield Static(id="phase-label")

    def show(self, round_label: str, seconds: float | None, phase_text: str, phase: str) -> None:
        """Update every part; `seconds` None shows dashes (no running phase)."""
        self.query_one("#round-label", Static).update(Content(round_label))
        self.query_one(Digits).update("--:--" if seconds is None else clock_text(seconds))
        self.query_one("#phase-label", Static).update(Content(phase_text))
        self.set_class(phase == "paused", "-paused")
        self.set_class(phase == "switch", "-switch")

    def flash(self, seconds: float = 1.5) -> None:
        """Draw the eye: the end of a meeting."""
        self.add_class("-flash")
        self.set_timer(seconds, lambda: self.remove_class("-flash"))


class BigCountdown(Countdown):
    """The projector's countdown: the same parts, the digits as large as the wall allows.

    Its container gives it half the screen height (the room reads it from the back); the
    digits fill what the round and phase lines leave (`BigDigits`), whatever the terminal or
    browser window size.
    """

    DEFAULT_CSS = """
    BigCountdown { width: 100%; height: 100%; min-height: 5; align-horizontal: center; }
    BigCountdown > #round-label { text-style: bold; width: 100%; content-align: center middle; }
    BigCountdown > #phase-label { width: 100%; content-align: center middle; }
    BigCountdown > BigDigits { width: 100%; height: 1fr; color: $text; }
    BigCountdown.-paused > BigDigits { color: $text-disabled; }
    BigCountdown.-switch > BigDigits { color: $accent; }
    BigCountdown.-warning > BigDigits { color: $warning; }
    BigCountdown.-flash { background: $error; }
    BigCountdown.-flash > BigDigits, BigCountdown.-flash > Static { color: white; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="round-label")
        yield BigDigits("--:--")
        yield Static(id="phase-label")

    def show(self, round_label: str, seconds: float | None, phase_text: str, phase: str) -> None:
        """Update every part; `seconds` None shows dashes (no running phase)."""
        self.query_one("#round-label", Static).update(Content(round_label))
        self.query_one(BigDigits).update("--:--" if seconds is None else clock_text(seconds))
        self.query_one("#phase-label", Static).update(Content(phase_text))
        self.set_class(phase == "paused", "-paused")
        self.set_class(phase == "switch", "-switch")
        # The last minute of a meeting shows in another colour as well as with the chime.
        self.set_class(phase == "meeting" and seconds is not None and seconds <= 60, "-warning")
