"""Messages the solver workers post back to the console (from their threads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from textual.message import Message

from eventrunner.model import Plan
from eventrunner.tui.live import PlanChange

if TYPE_CHECKING:
    from eventrunner.scheduling import Progress


@attrs.frozen
class Proposal:
    """A re-plan of the rounds not yet started, waiting for the organizer's yes."""

    plan: Plan
    """The proposed plan (frozen rounds verbatim)."""
    previous: Plan
    """The plan it would replace."""
    frozen: int
    """Rounds kept as they were (played and running)."""
    change: PlanChange
    """What it changes for the people in the room."""
    reason: str
    """Why, in words: who arrived and who left."""
    alternative: Plan | None = None
    """The other side of the trade: a better plan that moves more announced meetings
    (offered only when it is clearly better), or None."""
    alternative_change: PlanChange | None = None
    """What the alternative changes."""


class SolverProgress(Message, bubble=False):
    """The solver found a better plan, or moved on."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress


class PlanReady(Message, bubble=False):
    """A plan requested on the Plan screen is done (or was stopped early)."""

    def __init__(self, plan: Plan, reason: str, stopped: bool) -> None:
        super().__init__()
        self.plan = plan
        self.reason = reason
        self.stopped = stopped


class PlanFailed(Message, bubble=False):
    """The solver refused: `text` is one line for the organizer."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ProposalReady(Message, bubble=False):
    """A background re-plan after a presence change is ready to review."""

    def __init__(self, proposal: Proposal, generation: int = 0) -> None:
        super().__init__()
        self.proposal = proposal
        # Which look at presence asked for it: a later look supersedes it.
        self.generation = generation
