"""Large neighbourhood search with CP-SAT (placeholder)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from eventrunner.scheduling.improve import Objective
from eventrunner.scheduling.problem import Problem

if TYPE_CHECKING:
    from eventrunner.scheduling.pairs import Tracker


def search(
    problem: Problem,
    objective: Objective,
    tracker: Tracker,
    *,
    deadline: float,
    cancel: Callable[[], bool],
    seed: int,
) -> None:
    """Placeholder."""
    return None
