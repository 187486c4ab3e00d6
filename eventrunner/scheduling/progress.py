"""What the scheduler tells its caller while it works, and the one error it raises.

`Progress` records go to the caller's callback (the console shows them and may cancel);
`Reporter` keeps them to a few per second while still passing on every phase change.
`PlanningError` is for requests no plan can satisfy at all; its text is one line meant for
the organizer.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import attrs

from eventrunner.model import PlanStats


class PlanningError(Exception):
    """No plan can be made at all; str(error) is one line for the organizer."""


@attrs.frozen
class Progress:
    """One report from a running planner."""

    phase: str
    """"first plan", "improving" or "done"."""
    fraction: float
    """Share of the time budget used, 0..1."""
    stats: PlanStats | None
    """Quality of the best plan so far (None before the first plan)."""
    message: str
    """One human line, e.g. "round-by-round matching: 97.1% of bound"."""


class Reporter:
    """Sends Progress to an optional callback, at most every `every` seconds per phase."""

    def __init__(
        self,
        callback: Callable[[Progress], None] | None,
        time_limit: float,
        *,
        every: float = 0.25,
    ) -> None:
        self.callback = callback
        self.start = time.perf_counter()
        self.time_limit = max(time_limit, 1e-9)
        self.every = every
        self._last = -1e9
        self._phase = ""

    @property
    def elapsed(self) -> float:
        """Seconds since planning started."""
        return time.perf_counter() - self.start

    @property
    def deadline(self) -> float:
        """perf_counter() value at which the time budget runs out."""
        return self.start + self.time_limit

    def due(self) -> bool:
        """Whether a report would be sent now (to skip computing figures otherwise)."""
        return self.callback is not None and time.perf_counter() - self._last >= self.every

    def send(
        self, phase: str, stats: PlanStats | None, message: str, *, force: bool = False
    ) -> None:
        """Report, unless one went out very recently in the same phase."""
        if self.callback is None:
            return
        now = time.perf_counter()
        if not force and phase == self._phase and now - self._last < self.every:
            return
        self._last, self._phase = now, phase
        fraction = min(1.0, (now - self.start) / self.time_limit)
        self.callback(Progress(phase=phase, fraction=fraction, stats=stats, message=message))
