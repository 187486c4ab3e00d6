"""Who may use the door page: a station key from the event file, and a brake on guessing.

A station key is 16 random URL-safe characters in the page's address; the console (or the
`door` command) shows it. Keys are checked against the event file on every request, so a key
revoked on the console stops working at the station's next tap. Wrong keys are counted per
client address: after a few in a minute that address gets nothing but "wait" until the
minute is over, which makes guessing a 96-bit key hopeless.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable

#: Wrong keys allowed per client address within WINDOW seconds.
MAX_WRONG = 5
#: Seconds over which wrong keys are counted (and a blocked address waits).
WINDOW = 60.0


class KeyGuard:
    """Counts wrong keys per client address and says when an address must wait."""

    def __init__(
        self,
        *,
        max_wrong: int = MAX_WRONG,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_wrong = max_wrong
        self.window = window
        self.clock = clock
        self._wrong: defaultdict[str, deque[float]] = defaultdict(deque)

    def _recent(self, client: str) -> deque[float]:
        times = self._wrong[client]
        horizon = self.clock() - self.window
        while times and times[0] < horizon:
            times.popleft()
        return times

    def blocked(self, client: str) -> float:
        """Seconds this client must still wait (0 when it may try a key)."""
        times = self._recent(client)
        if len(times) < self.max_wrong:
            return 0.0
        return max(0.0, times[0] + self.window - self.clock())

    def wrong(self, client: str) -> None:
        """Record one wrong key from this client."""
        self._recent(client).append(self.clock())
