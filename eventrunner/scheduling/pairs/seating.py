"""Seating one 1:1 round under the hard rules: who may meet, who sits out, who joins a trio.

The rules of PRODUCT.md in matrix form (`Rules`), and `seat_round`, which seats one round
(around the byes that `scheduling.byes` chose as fair) by max-weight matching given the other
rounds, relaxing colleagues and then repeats only when nothing else seats everyone. `avoid`
is never relaxed: someone with no allowed partner sits out instead. Used by the construction,
the improvement passes and the re-plan alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np

from eventrunner.scheduling.byes import ByeChoice
from eventrunner.scheduling.pairs.matching import Relaxation, match_round
from eventrunner.scheduling.problem import BoolMatrix, IntMatrix, Problem, SeatedRound

#: Value lost by seating colleagues together; far above any affinity utility of a round.
COLLEAGUE_PENALTY = 10**9
#: Value lost by a repeated meeting: worse than colleagues.
REPEAT_PENALTY = 4 * 10**9


@attrs.frozen(eq=False)
class Rules:
    """Which pairs may meet, in matrix form, for a 1:1 problem."""

    never: BoolMatrix
    """Pairs that must never meet: self, `avoid`, the same side of a two-sided event."""
    colleague: BoolMatrix
    """Colleague pairs kept apart unless nothing else works (empty when the rule is off)."""

    @classmethod
    def of(cls, problem: Problem) -> Rules:
        """The rules of `problem` for 1:1 seating."""
        never = problem.avoid.copy()
        np.fill_diagonal(never, True)
        if problem.two_sided:
            side = np.asarray(problem.side)
            never |= side[:, None] == side[None, :]
        colleague = problem.colleague & ~never if problem.colleagues_apart else never & False
        return cls(never=never, colleague=colleague)

    def allowed(self, met: BoolMatrix) -> BoolMatrix:
        """Pairs that break no rule, given who has met (frozen and planned rounds)."""
        return ~(self.never | self.colleague | met)

    def relaxations(self, met: BoolMatrix) -> list[Relaxation]:
        """Colleagues first, then repeats: the order the rules give way in."""
        return [
            Relaxation(self.colleague & ~met, COLLEAGUE_PENALTY),
            Relaxation(~self.never & met, REPEAT_PENALTY),
        ]


def seat_round(
    problem: Problem,
    rules: Rules,
    values: IntMatrix,
    met: BoolMatrix,
    *,
    byes: ByeChoice,
    trio_third: int | None = None,
    include: BoolMatrix | None = None,
    seed: int = 0,
    quick: bool = False,
) -> tuple[SeatedRound, int]:
    """Seat one round; returns it and the number of rule breaks it needed.

    `met` marks pairs that met in any other round (frozen or planned). `trio_third`, for an
    odd 1:1 event with the trio policy, is the person who joins a pair as the third.
    `quick` trades a little value for speed (see `matching.match_round`).
    """
    seat = [i for i in range(problem.n) if i not in set(byes.forced) and i != trio_third]
    found = match_round(
        values,
        rules.allowed(met),
        seat=seat,
        byes=byes.slots,
        bye_ok=byes.eligible,
        relax=rules.relaxations(met),
        include=include,
        seed=seed,
        quick=quick,
    )
    tables: list[tuple[int, ...]] = [tuple(p) for p in found.pairs]
    breaks = found.relaxed + len(found.unseated)
    out = [*byes.forced, *found.byes, *found.unseated]
    if trio_third is not None:
        c = trio_third
        lone = [u for u in found.unseated if not rules.never[c, u]]
        # Join the pair whose company breaks the fewest rules (a repeat or colleagues rather
        # than an extra bye, never an `avoid`), then the one c gains most with.
        best: tuple[int, int] | None = None
        chosen = 0
        for k, (a, b) in enumerate(found.pairs):
            if rules.never[c, a] or rules.never[c, b]:
                continue
            cost = _cost(rules, met, c, a) + _cost(rules, met, c, b)
            rank = (-cost, int(values[c, a]) + int(values[c, b]))
            if best is None or rank > best:
                best, chosen = rank, k
        if lone:
            # Someone left alone is a better partner than an empty seat for either of them.
            u = max(lone, key=lambda u: (-_cost(rules, met, c, u), int(values[c, u])))
            tables.append((min(c, u), max(c, u)))
            out.remove(u)
            breaks += _cost(rules, met, c, u) - 1
        elif best is not None:
            tables[chosen] = (*tables[chosen], c)
            breaks -= best[0]
        else:
            # Joining any table would break an `avoid`: an extra bye breaks less.
            out.append(c)
            breaks += 1
    return (tuple(tables), tuple(sorted(out))), breaks


def _cost(rules: Rules, met: BoolMatrix, a: int, b: int) -> int:
    """Rule breaks of seating a with b: a repeat, or colleagues (0 when allowed)."""
    return 1 if met[a, b] or rules.colleague[a, b] else 0


def met_in(problem: Problem, rounds: Sequence[SeatedRound], *, skip: int = -1) -> BoolMatrix:
    """Who has met: frozen rounds plus `rounds` except the one numbered `skip` (0-based)."""
    met = problem.met.copy()
    for k, (tables, _) in enumerate(rounds):
        if k == skip:
            continue
        for table in tables:
            for a in table:
                for b in table:
                    if a != b:
                        met[a, b] = True
    return met
