"""Rotations that never dead-end: the circle method and its two-sided Latin counterpart.

The circle method (a 1-factorization of the complete graph) seats n people for n - 1 rounds
(n rounds with one bye each when n is odd) without a single repeat, and its byes rotate
through everyone once. Two-sided, the larger side rotates past the smaller one, with the
sitting-out window moving on by a whole window each round so byes rotate fairly too.

These are templates over positions; `relabel` then chooses who stands at which position,
by swapping people to keep forbidden pairs in unused rounds and raise affinity. The classic
manual rotation (a baseline) is the template with people in registration order.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from eventrunner.scheduling.problem import IntMatrix, Problem, SeatedRound

#: A round over positions: (position pairs, positions on a bye).
Template = tuple[tuple[tuple[int, int], ...], tuple[int, ...]]


def circle_template(n: int, rounds: int) -> list[Template]:
    """Round r of the circle method for n positions (a dummy partner means a bye)."""
    size = n + n % 2
    turning = size - 1
    out: list[Template] = []
    for r in range(rounds):
        k = r % turning
        pairs = [(k, size - 1)]
        for d in range(1, size // 2):
            pairs.append(((k + d) % turning, (k - d) % turning))
        seated = [(a, b) for a, b in pairs if a < n and b < n]
        byes = [a if b >= n else b for a, b in pairs if a >= n or b >= n]
        out.append((tuple(seated), tuple(byes)))
    return out


def latin_template(small: int, large: int, rounds: int) -> list[Template]:
    """Two-sided rotation: small position i meets large position small + (i + shift) % large."""
    out: list[Template] = []
    resting = large - small
    for r in range(rounds):
        start = r * resting
        # After each full lap of byes, shift by one more so no pair comes round again.
        shift = (start + start // large) % large if resting else r % large
        pairs = tuple((i, small + (i + shift) % large) for i in range(small))
        seated = {b for _, b in pairs}
        byes = tuple(small + j for j in range(large) if small + j not in seated)
        out.append((pairs, byes))
    return out


def max_rounds(problem: Problem) -> int:
    """Rounds the rotation can seat without a repeat."""
    if problem.two_sided:
        return max(problem.side.count(0), problem.side.count(1))
    return problem.n - 1 + problem.n % 2


def positions(problem: Problem) -> list[int]:
    """People in template order: registration order (smaller side first when two-sided)."""
    if problem.two_sided:
        return [i for i in range(problem.n) if problem.side[i] == 0] + [
            i for i in range(problem.n) if problem.side[i] == 1
        ]
    return list(range(problem.n))


def template_for(problem: Problem) -> list[Template]:
    """The rotation template of this problem's shape."""
    if problem.two_sided:
        small = problem.side.count(0)
        return latin_template(small, problem.n - small, problem.rounds)
    return circle_template(problem.n, problem.rounds)


def apply(template: Sequence[Template], order: Sequence[int]) -> list[SeatedRound]:
    """Seat person order[p] at position p."""
    return [
        (tuple((order[a], order[b]) for a, b in pairs), tuple(sorted(order[b] for b in byes)))
        for pairs, byes in template
    ]


def relabel(
    problem: Problem, template: Sequence[Template], *, seed: int, seconds: float
) -> list[int]:
    """Who stands at each position: swap people while it lowers breaks or raises affinity."""
    n = problem.n
    order = np.asarray(positions(problem), dtype=np.int64)
    used = np.zeros((n, n), dtype=np.int64)
    for pairs, _ in template:
        for a, b in pairs:
            used[a, b] = used[b, a] = 1
    banned = problem.avoid | problem.met
    if problem.colleagues_apart:
        banned = banned | problem.colleague
    # Person-space score of a meeting: affinity, minus a break that outweighs all of it.
    big = int(problem.weight.sum()) + 1
    score: IntMatrix = problem.weight - big * banned.astype(np.int64)
    np.fill_diagonal(score, 0)
    rng = np.random.default_rng(seed)
    sides = np.asarray(problem.side)
    deadline = time.perf_counter() + seconds
    tries = 0
    while tries < 200 * n and time.perf_counter() < deadline:
        tries += 1
        x, y = (int(v) for v in rng.integers(0, n, size=2))
        p, q = int(order[x]), int(order[y])
        if x == y or sides[p] != sides[q]:
            continue
        sp, sq = score[p, order], score[q, order]
        diff = sq - sp
        mask = used[x].copy()
        mask[[x, y]] = 0
        gain = int(mask @ diff)
        mask = used[y].copy()
        mask[[x, y]] = 0
        gain -= int(mask @ diff)
        if gain > 0 or (gain == 0 and rng.random() < 0.1):
            order[x], order[y] = q, p
    return [int(v) for v in order]
