"""Local search for rounds of small tables: swap two people between tables, tabu-guided.

The plan is a matrix `table_of[round, person]`. A move swaps two people of the same seat
class (see `layout`) between two tables of one round, so table sizes and side mixing
never change. Moves are scored lexicographically through one number: rule breaks (repeats,
`avoid`, colleagues, unmet `want`s) weigh more than anything a swap can gain in kept
announced meetings (re-plan), which weigh more than affinity. Affinity is tilted towards
people below the average so the least-served attendee is not forgotten.

For one round, with every other round fixed, the value of a seating is a sum over the pairs
at its tables, so the gain of every swap of that round comes from a few numpy operations on
n x n matrices (the social-golfer tabu search of Dotú and Van Hentenryck, vectorized).

Exact figures of the current and best plans come from `tally`. This module knows
nothing of time limits or progress; `solve` drives it.
"""

from __future__ import annotations

import numpy as np

from eventrunner.scheduling.problem import Problem
from eventrunner.scheduling.tables.layout import IntArray, TableLayout
from eventrunner.scheduling.tables.tally import (
    AVOID_BREAK,
    COLLEAGUE_BREAK,
    FAIRNESS,
    REPEAT,
    UNMET_WANT,
    BoolArray,
    FloatArray,
    Score,
    Tally,
    together,
)

#: People below this share of the average per-attendee affinity get the fairness tilt.
FAIRNESS_TARGET = 0.4

#: Above this many matrix cells the search looks at one round per step, not all at once:
#: many cheap steps beat fewer steps that each see every round (measured on 150 x 6 rounds).
BATCH_CELLS = 20_000

#: A moved person may not return to the table they left for this many steps (drawn anew).
TENURE = (4, 12)


class TableSearch:
    """The mutable state of one search: the seating, the tabu list, the scales."""

    def __init__(
        self,
        problem: Problem,
        layout: TableLayout,
        table_of: IntArray,
        rng: np.random.Generator,
        hint_pairs: BoolArray | None = None,
    ) -> None:
        n = problem.n
        self.rng = rng
        self.layout = layout
        self.table_of = table_of.copy()
        self.rounds = table_of.shape[0]
        self.cls = np.asarray(layout.seat_class, dtype=np.int64)
        self.same_class = self.cls[:, None] == self.cls[None, :]
        apart = problem.colleague if problem.colleagues_apart else np.zeros_like(problem.avoid)
        # Small integers (0..10): int8 keeps this n x n matrix at 25 MB for 5,000 people.
        self.fixed_cost = (AVOID_BREAK * problem.avoid + COLLEAGUE_BREAK * apart).astype(np.int8)
        self.tally = Tally(problem, hint_pairs, self.table_of)
        self.weight = self.tally.weight
        self.met = self.tally.met
        self.want = self.tally.want
        self.hint = hint_pairs
        max_w = float(self.weight.max(initial=0.0))
        seats = max(layout.sizes, default=1) - 1
        # A swap changes at most 4 * seats pairs; each scale outweighs everything below it.
        affinity_span = 4 * seats * max_w * (1 + 2 * FAIRNESS) + 1
        self.keep_scale = affinity_span if hint_pairs is not None else 0.0
        self.break_scale = 4 * seats * self.keep_scale + affinity_span
        self.target = 0.0
        self.low = np.zeros(0)
        self.tilted = self.weight
        self.tabu = np.zeros((self.rounds, n, layout.tables), dtype=np.int32)
        self.iteration = 0
        self.conflicted = np.zeros((0, n), dtype=np.bool_)

    # -- exact evaluation --------------------------------------------------------------

    def together(self, rounds: IntArray) -> BoolArray:
        """len(rounds) x n x n: who sits with whom in each of `rounds` (no diagonal)."""
        return together(self.table_of[rounds])

    def score(self) -> Score:
        """The exact figures of the current seating."""
        return self.tally.score(self.target, self.keep_scale)

    def set_fairness_target(self) -> None:
        """Aim the fairness tilt at people well below the current average affinity."""
        self.target = FAIRNESS_TARGET * float(
            self.tally.per_person.sum() / max(1, self.tally.per_person.size)
        )
        self.low = np.zeros(0)

    # -- pair values ----------------------------------------------------------------------

    def pair_gain(self, rounds: IntArray, same: BoolArray) -> FloatArray:
        """len(rounds) x n x n: what seating each pair together in that round is worth,
        given every other round as it is."""
        count = self.tally.meets + self.met
        low = (self.tally.per_person < self.target).astype(np.float64)
        if not np.array_equal(low, self.low):
            # Who is below the fairness target changes rarely: reweigh only then.
            self.low = low
            self.tilted = self.weight * (1 + FAIRNESS * (low[:, None] + low[None, :]))
        tilted = self.tilted
        other = count[None, :, :] - same
        # Built in place: each n x n temporary is 200 MB at 5,000 people.
        cost = (other >= 1).astype(np.float64)
        cost *= REPEAT
        cost += self.fixed_cost[None]
        cost[self.want[None] & (other == 0)] -= UNMET_WANT
        del other
        # Who sits at a table that breaks a rule: the moves worth trying while any do.
        self.conflicted = (same & (cost > 0)).any(axis=2)
        cost *= -self.break_scale
        cost += tilted[None]
        gain: FloatArray = cost
        if self.hint is not None:
            gain = gain + self.keep_scale * self.hint[rounds]
        return gain

    def swap_gains(self, rounds: IntArray, gain: FloatArray) -> FloatArray:
        """len(rounds) x n x n: the change of value when p and q swap tables in that round
        (-inf where the swap is not allowed)."""
        tab = self.table_of[rounds]
        k, n = tab.shape
        # Every round has the same table sizes, so with each round's people sorted by table
        # one reduceat sums every person's value with every table (no BLAS: the machine's
        # cores are shared and threaded products stall).
        order = np.argsort(tab, axis=1, kind="stable")
        by_table = np.take_along_axis(gain, np.broadcast_to(order[:, None, :], (k, n, n)), 2)
        starts = np.concatenate(([0], np.cumsum(self.layout.sizes)[:-1]))
        at_table = np.add.reduceat(by_table, starts, axis=2)
        del by_table
        # with_table_of[r, x, p]: x's value with the people at p's table.
        with_table_of = np.take_along_axis(at_table, np.broadcast_to(tab[:, None, :], (k, n, n)), 2)
        own = np.take_along_axis(at_table, tab[:, :, None], 2)[:, :, 0]
        swap: FloatArray = with_table_of + with_table_of.transpose(0, 2, 1)
        del with_table_of
        swap -= own[:, :, None]
        swap -= own[:, None, :]
        gain *= 2  # in place and undone below (exact): 2 * gain would be another n x n
        swap -= gain
        gain /= 2
        allowed = self.same_class[None] & (tab[:, :, None] != tab[:, None, :])
        swap[~allowed] = -np.inf
        return swap

    # -- moves ------------------------------------------------------------------------------

    def step(self, rounds: IntArray, current: Score, best: Score) -> bool:
        """One tabu step over `rounds`: every improving swap of the best round whose tables
        are still untouched, or else the least bad allowed swap. False when no swap exists."""
        self.iteration += 1
        gain = self.pair_gain(rounds, self.together(rounds))
        swaps = self.swap_gains(rounds, gain)
        n = swaps.shape[1]
        tab = self.table_of[rounds]
        # tabu_at[r, p, q]: p may not join q's table yet.
        tabu_at = (
            np.take_along_axis(self.tabu[rounds], np.broadcast_to(tab[:, None, :], swaps.shape), 2)
            > self.iteration
        )
        tabu = tabu_at | tabu_at.transpose(0, 2, 1)
        # Aspiration: a tabu move that would beat the best plan found is allowed.
        margin = (current.value - best.value) - (current.breaks - best.breaks) * self.break_scale
        tabu &= swaps + margin <= 1e-6 * self.break_scale  # not lifted by aspiration
        # In place: `swaps` is not needed again, and a copy is 200 MB at 5,000 people.
        usable = swaps
        usable[tabu] = -np.inf
        del tabu, tabu_at
        if current.breaks > 0 and self.conflicted.any():
            # While rules are broken, only moves of the people involved matter.
            hot = self.conflicted
            usable[~(hot[:, :, None] | hot[:, None, :])] = -np.inf
        flat = int(np.argmax(usable))
        top = float(usable.flat[flat])
        if top == -np.inf:
            return False
        # Ties are common (most affinities are 0 or 1): pick one at random.
        ties = np.flatnonzero(usable >= top - 1e-6)
        if ties.size > 1:
            flat = int(ties[int(self.rng.integers(ties.size))])
        r_pos, p, q = np.unravel_index(flat, usable.shape)
        moves = [(int(p), int(q))]
        if top > 1e-2:
            # Improving swaps at other tables of the same round add up exactly.
            row = usable[r_pos]
            many = min(row.size - 1, 8 * self.layout.tables)
            top_cells = np.argpartition(row, -many, axis=None)[-many:]
            order = top_cells[np.argsort(row.flat[top_cells])[::-1]]
            busy = {int(tab[r_pos, p]), int(tab[r_pos, q])}
            for cell in order.tolist():
                if row.flat[cell] <= 1e-2:
                    break
                a, b = divmod(cell, n)
                ta, tb = int(tab[r_pos, a]), int(tab[r_pos, b])
                if ta in busy or tb in busy:
                    continue
                busy.update((ta, tb))
                moves.append((a, b))
        r = int(rounds[r_pos])
        for a, b in moves:
            self.swap(r, a, b)
        return True

    def swap(self, r: int, p: int, q: int) -> None:
        """Swap p and q in round r and forbid moving them back for a while."""
        tab = self.table_of[r]
        tp, tq = int(tab[p]), int(tab[q])
        at_p = np.flatnonzero(tab == tp)
        at_p = at_p[at_p != p]
        at_q = np.flatnonzero(tab == tq)
        at_q = at_q[at_q != q]
        self.tally.move(r, p, at_p, at_q)
        self.tally.move(r, q, at_q, at_p)
        tab[p], tab[q] = tq, tp
        tenure = int(self.rng.integers(*TENURE))
        self.tabu[r, p, tp] = self.iteration + tenure
        self.tabu[r, q, tq] = self.iteration + tenure

    def perturb(self, table_of: IntArray, swaps: int) -> None:
        """Restart from `table_of` with a few random swaps, tabu list cleared."""
        self.table_of = table_of.copy()
        self.tabu[:] = 0
        self.tally.recount(self.table_of)
        n = self.table_of.shape[1]
        for _ in range(swaps):
            r = int(self.rng.integers(self.rounds))
            p = int(self.rng.integers(n))
            same = np.flatnonzero(
                (self.cls == self.cls[p]) & (self.table_of[r] != self.table_of[r, p])
            )
            if same.size:
                self.swap(r, p, int(same[int(self.rng.integers(same.size))]))
