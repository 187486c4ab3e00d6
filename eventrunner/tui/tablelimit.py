"""How many tables are usable, and which are broken: the limit on the rounds not started.

Pure functions (no textual), so the rule is tested without a screen. The limit is an
organizer's fact about the room, not a setting of the event: the console keeps it in memory
and writes it into the reason of every plan saved while it holds (`7 tables usable`,
`tables 7, 12 broken`), which is how a reopened console finds it again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventrunner.model import Plan

_NOTE = re.compile(r"\b(\d+) tables? usable\b")
_BROKEN = re.compile(r"\btables? ([\d, ]+) broken\b")


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


def broken_note(broken: frozenset[int]) -> str:
    """The words for broken table numbers that go into a plan's reason."""
    numbers = ", ".join(str(k) for k in sorted(broken))
    return f"table{'' if len(broken) == 1 else 's'} {numbers} broken"


def limit_words(usable: int | None, broken: frozenset[int]) -> str:
    """The limit a plan is made under, in words ("all tables usable" without one)."""
    parts = []
    if broken:
        parts.append(broken_note(broken))
    if usable is not None:
        parts.append(note(usable))
    return "; ".join(parts) if parts else "all tables usable"


def broken_from_reasons(reasons: Sequence[str]) -> frozenset[int]:
    """The broken table numbers in force after these plan reasons: those of the latest plan."""
    if not reasons:
        return frozenset()
    found = _BROKEN.search(reasons[-1])
    if not found:
        return frozenset()
    return frozenset(int(k) for k in re.findall(r"\d+", found.group(1)))


def parse_answer(text: str, needed: int) -> int | frozenset[int]:
    """The organizer's answer to "which tables?": a count of usable tables (`12`), or the
    numbers of broken tables (`7, 12`, `#7`, `table 7`, `7 12`).

    Raises ValueError with the line to show when the answer cannot be used.
    """
    numbers = [int(k) for k in re.findall(r"\d+", text)]
    cleaned = re.sub(r"(?i)\b(?:tables?|and)\b|[#,;&\s]", "", text)
    if not numbers or not cleaned.isdigit():
        raise ValueError(
            f"Give a whole number of tables from 1 to {needed} (how many are usable), "
            "or the numbers of the broken tables, like 7, 12."
        )
    if len(numbers) == 1 and text.strip().isdigit():
        count = numbers[0]
        if not 1 <= count <= needed:
            raise ValueError(f"Give a whole number of tables from 1 to {needed}.")
        return count
    if any(k < 1 for k in numbers):
        raise ValueError("Table numbers start at 1: give the numbers of the broken tables.")
    return frozenset(numbers)


def crowded_rounds(plan: Plan, frozen: int, usable: int | None) -> tuple[int, ...]:
    """Rounds after `frozen` that use more tables than are usable (none without a limit)."""
    if usable is None:
        return ()
    return tuple(r.number for r in plan.rounds[frozen:] if len(r.tables) > usable)
