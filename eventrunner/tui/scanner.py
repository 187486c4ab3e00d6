"""A barcode scanner at the check-in screen: told from a person by the pace of its keys.

USB and Bluetooth scanners type like a keyboard, a whole code within a few milliseconds per
key, and end with Enter; nobody types that fast. `ScanDetector` watches every key the screen
sees (whatever has the focus) and, at an Enter that closes such a burst, hands over the code.
A contact QR of our own badges is a vCard over several lines (the scanner types Enter after
each): its lines are gathered until `END:VCARD`. `identify` then says who a code belongs to:
a ticket code, an attendee id, or the exact contact code printed on someone's badge.
"""

from __future__ import annotations

import datetime
from collections import deque
from collections.abc import Sequence
from typing import Any

from textual import events
from textual.widgets import Input

from eventrunner.contacts.vcard import badge_payload
from eventrunner.model import Attendee
from eventrunner.namesearch import fold
from eventrunner.store import EventStore

#: Longest pause between two keys of one scan (seconds); people need 80 ms or more.
KEY_GAP = 0.035
#: Longest pause before the Enter that ends a scan (some scanners pause before the suffix).
ENTER_GAP = 0.08
#: Shortest code taken for a scan (shorter fast bursts are typing, or noise).
MIN_LENGTH = 4
#: Longest pause between the lines of a multi-line contact code (seconds).
LINE_GAP = 1.0
#: What `take` returns for a line in the middle of a multi-line code: swallow the Enter.
SWALLOW = ""


class ScanDetector:
    """Collects fast bursts of keys; `enter` says whether the Enter ended a scan."""

    def __init__(self, *, key_gap: float = KEY_GAP, min_length: int = MIN_LENGTH) -> None:
        self.key_gap = key_gap
        self.min_length = min_length
        self._burst: list[str] = []
        self._last = -1.0
        self._fast_at = -1.0
        self._lines: list[str] | None = None
        self._lines_at = 0.0
        self._seen: deque[object] = deque(maxlen=64)

    def key(self, character: str | None, at: float) -> None:
        """A key other than Enter: printable ones join (or start) the current burst."""
        if character is None or not character.isprintable():
            self._burst.clear()
            return
        if at - self._last > self.key_gap:
            self._burst.clear()
        else:
            self._fast_at = at
        self._burst.append(character)
        self._last = at

    def fast_since(self, at: float) -> bool:
        """True when a key came at a scanner's pace (within `key_gap` of the one before)
        at `at` or later: a scan is being typed around that moment."""
        return self._fast_at >= at

    def enter(self, at: float) -> str | None:
        """Enter was pressed: the scanned code, SWALLOW (a line of a multi-line code), or None
        (typed by a person: the Enter does what Enter does)."""
        fast = at - self._last <= ENTER_GAP and len(self._burst) >= self.min_length
        line = "".join(self._burst) if fast else None
        self._burst.clear()
        if self._lines is not None and at - self._lines_at > LINE_GAP:
            self._lines = None  # a contact code that never finished
        if self._lines is not None:
            if line is None:
                # A continuation of a folded vCard line starts with a space: still a scan.
                return SWALLOW if at - self._lines_at <= LINE_GAP else None
            self._lines.append(line)
            self._lines_at = at
            if line.strip().casefold() == "end:vcard":
                whole, self._lines = "\n".join(self._lines), None
                return whole
            return SWALLOW
        if line is not None and line.strip().casefold() == "begin:vcard":
            self._lines, self._lines_at = [line], at
            return SWALLOW
        return line

    def once(self, event: object) -> bool:
        """True the first time a key event is seen (one key can reach two listeners)."""
        if any(seen is event for seen in self._seen):
            return False
        self._seen.append(event)
        return True


def already_words(at: str) -> str:
    """`already checked in at 19:02` (local time of the stored UTC moment)."""
    if not at:
        return "already checked in (the time was not recorded)"
    return "already checked in at " + datetime.datetime.fromisoformat(at).astimezone().strftime(
        "%H:%M"
    )


def _lines(text: str) -> str:
    """Text compared line by line, whatever line breaks and folding the scanner produced."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _card_name(text: str) -> str:
    """The name in a vCard (FN) or MECARD (N), '' if none."""
    for line in text.splitlines():
        head, _, value = line.strip().partition(":")
        if head.upper() == "FN":
            return value.replace("\\,", ",").replace("\\;", ";")
    if text.upper().startswith("MECARD:"):
        for part in text[7:].split(";"):
            if part.upper().startswith("N:"):
                return part[2:].replace(",", " ")
    return ""


def identify(store: EventStore, people: Sequence[Attendee], code: str) -> tuple[Attendee, ...]:
    """Who a scanned code belongs to: a ticket or id, else the contact code of a badge
    (its exact text; or its name when exactly one attendee has it)."""
    found = store.find_ticket(code)
    if found or not (code.upper().startswith("BEGIN:VCARD") or code.upper().startswith("MECARD:")):
        return found
    scanned = _lines(code)
    exact = tuple(a for a in people if _lines(badge_payload(a).text) == scanned)
    if exact:
        return exact
    name = fold(_card_name(code))
    return tuple(a for a in people if name and fold(a.name) == name)


class ScanInput(Input):
    """The search box, telling the screen's ScanDetector the pace of every key it gets."""

    def __init__(self, detector: ScanDetector, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.detector = detector
        # What each Enter ended (a code, SWALLOW, or None: typed by a person), oldest first,
        # one per Submitted message. A scanner types a multi-line contact code in one burst:
        # every Enter of it reaches this box before the first Submitted is handled, so a
        # single "last code" would be read once per line (a check-in, then "already").
        self._ended: deque[str | None] = deque(maxlen=256)

    def scanned(self) -> str | None:
        """The code the Enter of the Submitted being handled ended (None: a person typed)."""
        return self._ended.popleft() if self._ended else None

    async def _on_key(self, event: events.Key) -> None:
        if self.detector.once(event):
            if event.key == "enter":
                self._ended.append(self.detector.enter(event.time))
            else:
                self.detector.key(event.character, event.time)
        await super()._on_key(event)
