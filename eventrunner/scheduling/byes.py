"""Who sits out a round: how many must, and which of them the fair rotation allows.

Byes rotate: nobody sits out twice before everyone (of their side, in a two-sided event) has
sat out once. `bye_quota` says how many sit out per group, `choose_byes` who must and who may,
and `trio_needed` whether an odd 1:1 round seats its odd person as a third at a table instead.
Used by the 1:1 planner (`pairs`), its bound, and by tables of 3-4 when tables run short.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from eventrunner.model import OddPolicy
from eventrunner.scheduling.problem import Problem


def bye_quota(problem: Problem, max_tables: int | None = None) -> dict[int, int]:
    """How many must sit out each round, per group (-1: everyone; 0/1: a side)."""
    n = problem.n
    if problem.two_sided:
        sizes = {s: problem.side.count(s) for s in (0, 1)}
        pairs = min(sizes.values())
        if max_tables is not None:
            pairs = min(pairs, max_tables)
        return {s: sizes[s] - pairs for s in (0, 1)}
    trio = problem.odd_policy is OddPolicy.TRIO and n % 2 == 1 and n >= 3
    byes = 0 if trio else n % 2
    if max_tables is not None:
        byes = max(byes, n - 2 * max_tables - (1 if trio else 0))
    return {-1: byes}


@attrs.frozen
class ByeChoice:
    """Who must sit out, and who else may, to keep the rotation fair."""

    forced: tuple[int, ...]
    """People who sat out least of all: they sit out this round."""
    eligible: tuple[int, ...]
    """People tied at the threshold: `slots` of them sit out, the matching picks which."""
    slots: int
    """How many of `eligible` sit out."""


def choose_byes(problem: Problem, sat_out: Sequence[int], quota: dict[int, int]) -> ByeChoice:
    """The fair candidates for this round's byes: nobody sits out twice before all have once."""
    forced: list[int] = []
    eligible: list[int] = []
    slots = 0
    for group, need in quota.items():
        if need <= 0:
            continue
        members = [i for i in range(problem.n) if group == -1 or problem.side[i] == group]
        ranked = sorted(sat_out[i] for i in members)
        threshold = ranked[need - 1]
        below = [i for i in members if sat_out[i] < threshold]
        tied = [i for i in members if sat_out[i] == threshold]
        forced.extend(below)
        eligible.extend(tied)
        slots += need - len(below)
    return ByeChoice(tuple(forced), tuple(eligible), slots)


def trio_needed(problem: Problem, quota: dict[int, int]) -> bool:
    """Whether each round has one trio (odd one-sided 1:1 with the trio policy)."""
    seated = problem.n - sum(quota.values())
    return (
        not problem.two_sided
        and problem.odd_policy is OddPolicy.TRIO
        and seated % 2 == 1
        and seated >= 3
    )
