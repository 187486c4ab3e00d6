"""How many tables are usable: the limit a broken table puts on the rounds not started.

Pure functions (no textual), so the rule is tested without a screen. The limit is an
organizer's fact about the room, not a setting of the event: the console keeps it in memory
and writes it into the reason of every plan saved while it holds (`7 tables usable`), which
is how a reopened console finds it again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventrunner.model import Plan

_NOTE = re.compile(r"\b(\d+) tables? usable\b")


def tables_needed(people: int, table_size: int) -> int:
    """Tables a round needs to seat `people` at tables of `table_size` (a trio or a bye
    absorbs the odd one out of 1:1 rounds)."""
    if people < 2:
        return 0
    if table_size == 2:
        return people // 2
    return -(-people // table_size)


def note(usable: int) -> str:
    """The words that go into a plan's reason while the limit holds."""
    return f"{usable} table{'' if usable == 1 else 's'} usable"


def from_reasons(reasons: Sequence[str]) -> int | None:
    """The limit in force after these plan reasons (oldest first): that of the latest plan."""
    if not reasons:
        return None
    found = _NOTE.search(reasons[-1])
    return int(found.group(1)) if found else None


def crowded_rounds(plan: Plan, frozen: int, usable: int | None) -> tuple[int, ...]:
    """Rounds after `frozen` that use more tables than are usable (none without a limit)."""
    if usable is None:
        return ()
    return tuple(r.number for r in plan.rounds[frozen:] if len(r.tables) > usable)
