"""One round of 1:1 meetings as a maximum-weight matching (rustworkx's blossom algorithm).

Byes are dummy partners: `byes` dummy vertices, each joined to everyone allowed to sit out
this round, so the matching also decides who of the eligible takes the bye. When the allowed
pairs admit no full seating, relaxation tiers (colleagues, then repeats) are added with
penalties so the fewest, mildest rule breaks are used; whoever is still unmatched sits out.

This module knows nothing of rules or fairness: callers pass the allowed pairs and values.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import rustworkx as rx

from eventrunner.scheduling.problem import BoolMatrix, IntMatrix


@attrs.frozen
class Relaxation:
    """Pairs allowed only when needed, at a cost."""

    allowed: BoolMatrix
    """n x n: pairs this tier adds."""
    penalty: int
    """Subtracted from the value of each such pair."""


@attrs.frozen
class Matched:
    """The result of one round's matching, in global indices."""

    pairs: tuple[tuple[int, int], ...]
    """Who meets whom."""
    byes: tuple[int, ...]
    """Eligible people matched to a bye."""
    unseated: tuple[int, ...]
    """People left without partner or bye (an extra, unplanned bye)."""
    relaxed: int
    """Pairs that came from a relaxation tier."""


def _run(
    m: int,
    byes: int,
    edges: list[tuple[int, int, int]],
) -> set[tuple[int, int]]:
    graph: rx.PyGraph = rx.PyGraph()
    graph.add_nodes_from(range(m + byes))
    graph.add_edges_from(edges)
    found: set[tuple[int, int]] = rx.max_weight_matching(
        graph, max_cardinality=True, weight_fn=lambda w: w
    )
    return found


#: Above this many people a round is first tried on a sparse graph (see match_round).
SPARSE_FROM = 150
#: Best-valued partners kept per person in the sparse graph.
TOP_PARTNERS = 12
#: Random partners kept per person in the sparse graph (so a full seating exists).
SPARE_PARTNERS = 6


def match_round(
    values: IntMatrix,
    allowed: BoolMatrix,
    *,
    seat: Sequence[int],
    byes: int = 0,
    bye_ok: Sequence[int] = (),
    relax: Sequence[Relaxation] = (),
    include: BoolMatrix | None = None,
    seed: int = 0,
    quick: bool = False,
) -> Matched:
    """Seat `seat` in pairs (and `byes` of `bye_ok` on a bye) maximizing the total value.

    The blossom algorithm is slow on large dense graphs (17 s a round at 2,000 people with
    every pair worth something), so large rounds are solved first on each person's
    TOP_PARTNERS best-valued allowed partners plus SPARE_PARTNERS random ones (0.2 s at
    2,000); the full graph is used only when that sparse graph cannot seat everyone. A
    maximum matching rarely uses a pair outside both people's best few, so little is lost.
    `quick` (a first plan at scale) matches that sparse graph greedily, best pairs first,
    and leaves only the people it could not pair to the blossom algorithm.
    """
    people = np.asarray(seat, dtype=np.int64)
    m = len(people)
    if m == 0:
        return Matched((), (), (), 0)
    sub_values = values[np.ix_(people, people)]
    sub_allowed = np.triu(allowed[np.ix_(people, people)], 1)
    if m >= SPARSE_FROM:
        sparse = _sparse(sub_values, sub_allowed, include, people, seed)
        if quick:
            found = _greedy_then_exact(people, sub_values, sub_allowed, sparse, byes, bye_ok)
            if not found.unseated and len(found.byes) == byes:
                return found
        found = _match(people, sub_values, sparse, byes, bye_ok, ())
        if not found.unseated and len(found.byes) == byes:
            return found
    return _match(people, sub_values, sub_allowed, byes, bye_ok, relax)


def _greedy_then_exact(
    people: IntMatrix,
    sub_values: IntMatrix,
    sub_allowed: BoolMatrix,
    sparse: BoolMatrix,
    byes: int,
    bye_ok: Sequence[int],
) -> Matched:
    """Greedy matching of the sparse pairs, best first; the people left over (and the bye
    seats) are then matched exactly over every allowed pair among them."""
    m = len(people)
    iu, ju = np.nonzero(sparse)
    order = np.argsort(-sub_values[iu, ju], kind="stable")
    free = np.ones(m, dtype=np.bool_)
    pairs: list[tuple[int, int]] = []
    for a, b in zip(iu[order].tolist(), ju[order].tolist(), strict=True):
        if free[a] and free[b]:
            free[a] = free[b] = False
            pairs.append((a, b))
    # Who may sit out keeps the bye seats: the greedy pairs are undone for as many of them
    # as there are byes, the least valuable first, so the exact step can place the byes.
    local = {int(g): k for k, g in enumerate(people)}
    resting = {local[int(p)] for p in bye_ok if int(p) in local}
    if byes:
        undone = 0
        for a, b in reversed(list(pairs)):
            if undone >= byes:
                break
            if a in resting or b in resting:
                pairs.remove((a, b))
                free[a] = free[b] = True
                undone += 1
    left = np.flatnonzero(free)
    rest = _match(
        people[left],
        sub_values[np.ix_(left, left)],
        sub_allowed[np.ix_(left, left)],
        byes,
        bye_ok,
        (),
    )
    chosen = tuple(sorted((int(people[a]), int(people[b])) for a, b in pairs))
    return Matched(tuple(sorted(chosen + rest.pairs)), rest.byes, rest.unseated, 0)


def _sparse(
    sub_values: IntMatrix,
    sub_allowed: BoolMatrix,
    include: BoolMatrix | None,
    people: IntMatrix,
    seed: int,
) -> BoolMatrix:
    """The upper-triangular allowed pairs among each person's best and a few random ones."""
    m = len(people)
    rng = np.random.default_rng(seed)
    both = sub_allowed | sub_allowed.T
    # Values are integers: noise below 1 only breaks ties, differently for every seed.
    noisy = sub_values.astype(np.float32) + rng.random((m, m), dtype=np.float32) * 0.5
    noisy[~both] = -np.inf
    keep = min(m - 1, TOP_PARTNERS)
    best = np.argpartition(-noisy, keep - 1, axis=1)[:, :keep]
    del noisy
    rows = np.repeat(np.arange(m), keep + SPARE_PARTNERS)
    cols = np.concatenate([best, rng.integers(0, m, (m, SPARE_PARTNERS))], axis=1).ravel()
    useful = np.zeros((m, m), dtype=np.bool_)
    useful[rows, cols] = True
    useful |= useful.T
    if include is not None:
        useful |= include[np.ix_(people, people)]
    return sub_allowed & useful


def _match(
    people: IntMatrix,
    sub_values: IntMatrix,
    sub_allowed: BoolMatrix,
    byes: int,
    bye_ok: Sequence[int],
    relax: Sequence[Relaxation],
) -> Matched:
    m = len(people)
    local = {int(g): k for k, g in enumerate(people)}
    penalties = [t.penalty for t in relax]
    # Every full seating has the same number of edges, so a common offset changes nothing
    # but keeps all weights positive, as the blossom algorithm prefers.
    offset = int(max(0, -int(sub_values.min()))) + max(penalties, default=0) + 1
    base = _edges(sub_values, sub_allowed, offset)
    dummies = [
        (local[int(p)], m + d, offset) for d in range(byes) for p in bye_ok if int(p) in local
    ]
    edges = base + dummies
    found = _run(m, byes, edges)
    used_tiers: dict[tuple[int, int], int] = {}
    if 2 * len(found) < m + byes and relax:
        taken = sub_allowed.copy()
        for tier in relax:
            extra = np.triu(tier.allowed[np.ix_(people, people)], 1) & ~taken
            taken |= extra
            for i, j, w in _edges(sub_values, extra, offset - tier.penalty):
                used_tiers[i, j] = 1
                edges.append((i, j, w))
        found = _run(m, byes, edges)
    pairs: list[tuple[int, int]] = []
    on_bye: list[int] = []
    matched: set[int] = set()
    relaxed = 0
    for u, v in found:
        a, b = min(u, v), max(u, v)
        matched.update((a, b))
        if b >= m:
            on_bye.append(int(people[a]))
        else:
            pairs.append((int(people[a]), int(people[b])))
            relaxed += used_tiers.get((a, b), 0)
    unseated = tuple(int(people[k]) for k in range(m) if k not in matched)
    return Matched(tuple(sorted(pairs)), tuple(sorted(on_bye)), unseated, relaxed)


def _edges(values: IntMatrix, mask: BoolMatrix, offset: int) -> list[tuple[int, int, int]]:
    """(i, j, value + offset) for each i < j in mask."""
    iu, ju = np.nonzero(mask)
    weights = values[iu, ju] + offset
    return list(zip(iu.tolist(), ju.tolist(), weights.tolist(), strict=True))
