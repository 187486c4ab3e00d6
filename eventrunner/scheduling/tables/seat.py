"""Seating people on the points of a zero-repeat design so that tables share the most.

A design (`designs`) says which *points* share a table in each round; any assignment of
people to points keeps its zero repeats. Which person takes which point decides the
affinity: the value is the sum of `value[p, q]` over people p, q whose points meet. This is
a quadratic assignment problem; a swap of two people's points changes the value by an
amount that one matrix product gives for every swap at once, so a best-improvement swap
search with random restarts runs in numpy (`seat_design`). Penalties in `value` (an `avoid`
pair, colleagues who must sit apart) steer those pairs onto points that never meet.
"""

from __future__ import annotations

import time

import numpy as np

from eventrunner.scheduling.tables.designs import DesignRound, design_pairs
from eventrunner.scheduling.tables.layout import FloatMatrix, IntArray

#: Swaps per restart before the search moves on, as a multiple of the number of people.
SWAPS_PER_PERSON = 4


def swap_gains(meet: FloatMatrix, placed: FloatMatrix) -> FloatMatrix:
    """n x n: change of the value when the people on points u and v trade places.

    `meet[u, v]` is 1 when points u and v share a table in some round; `placed[u, v]` the
    value of the two people now on points u and v. The value is half the sum of
    meet * placed."""
    through = meet @ placed  # through[u, v] = sum_w meet[u, w] * placed[w, v]
    own = np.diag(through)
    gains: FloatMatrix = through + through.T - own[:, None] - own[None, :] + 2 * meet * placed
    np.fill_diagonal(gains, 0.0)
    return gains


def seat_design(
    rounds: list[DesignRound],
    value: FloatMatrix,
    *,
    rng: np.random.Generator,
    deadline: float,
) -> IntArray:
    """rounds x n: the table of every person in every round, people placed on the design's
    points to maximize the total `value` of pairs that meet (within `deadline`)."""
    n = value.shape[0]
    meet = (design_pairs(rounds, n) > 0).astype(np.float64)
    best_at = np.arange(n)  # best_at[u]: the person on point u
    if value.any():
        best_score = -np.inf
        at = rng.permutation(n)
        while True:
            placed = value[np.ix_(at, at)]
            for _ in range(SWAPS_PER_PERSON * n):
                gains = swap_gains(meet, placed)
                flat = int(np.argmax(gains))
                if gains.flat[flat] <= 1e-9:
                    break
                u, v = divmod(flat, n)
                at[[u, v]] = at[[v, u]]
                placed[[u, v], :] = placed[[v, u], :]
                placed[:, [u, v]] = placed[:, [v, u]]
                if time.monotonic() > deadline:
                    break
            score = float((meet * placed).sum()) / 2
            if score > best_score:
                best_score, best_at = score, at.copy()
            if time.monotonic() > deadline:
                break
            # Restart from the best seating with a few people shuffled.
            at = best_at.copy()
            picked = rng.choice(n, size=max(2, n // 10), replace=False)
            at[picked] = at[rng.permutation(picked)]
    table_of = np.zeros((len(rounds), n), dtype=np.int64)
    for r, rnd in enumerate(rounds):
        for t, block in enumerate(rnd):
            table_of[r, best_at[list(block)]] = t
    return table_of
