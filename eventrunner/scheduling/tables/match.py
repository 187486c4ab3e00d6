"""Groups of high affinity for one round, from maximum-weight matchings (rustworkx).

Tables of four: people are matched into pairs, then pairs into pairs of pairs. Tables of
three: the best matched pairs, each joined by one single through a second matching. The
groups seed a round's seating (`solve.solve_tables`), which the search then improves; a
better start than greedy seat filling, found in milliseconds for a few hundred people.
"""

from __future__ import annotations

import itertools

import numpy as np
import rustworkx as rx

from eventrunner.scheduling.tables.layout import IntArray
from eventrunner.scheduling.tables.tally import FloatArray


def _matching(
    count: int, weight: FloatArray, edges: tuple[IntArray, IntArray] | None = None
) -> list[tuple[int, int]]:
    """A maximum-weight matching of the most pairs among `count` nodes (all pairs, or
    only `edges`)."""
    graph = rx.PyGraph()
    graph.add_nodes_from(range(count))
    low = float(weight.min(initial=0.0))
    rows, cols = np.triu_indices(count, 1) if edges is None else edges
    # Shifted to be positive: max_cardinality then seats everyone it can.
    values = np.rint((weight[rows, cols] - low) * 2).astype(np.int64) + 1
    graph.add_edges_from(list(zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True)))
    found = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int)
    return [(int(a), int(b)) for a, b in found]


def matched_groups(gain: FloatArray, size: int, tables: int) -> list[tuple[int, ...]]:
    """Groups of `size` (3 or 4) with high `gain` inside, for a round of `tables` tables;
    people left over are not in any group."""
    n = gain.shape[0]
    pairs = _matching(n, gain)
    if size == 3:
        return _triples(gain, pairs, tables)
    k = len(pairs)
    first = np.array([a for a, _ in pairs])
    second = np.array([b for _, b in pairs])
    between = gain[np.ix_(first, first)] + gain[np.ix_(first, second)]
    between += gain[np.ix_(second, first)] + gain[np.ix_(second, second)]
    quads = _matching(k, between)
    used = set(itertools.chain.from_iterable(quads))
    groups: list[tuple[int, ...]] = [(*pairs[i], *pairs[j]) for i, j in quads]
    groups.extend(pairs[i] for i in range(k) if i not in used)
    return groups


def _triples(gain: FloatArray, pairs: list[tuple[int, int]], tables: int) -> list[tuple[int, ...]]:
    """The `tables` best pairs, each joined by the single person who adds the most."""
    value = np.array([gain[a, b] for a, b in pairs])
    order = np.argsort(-value, kind="stable")
    cores = [pairs[i] for i in order[:tables]]
    seated = set(itertools.chain.from_iterable(cores))
    singles = np.array([p for p in range(gain.shape[0]) if p not in seated], dtype=np.int64)
    if not singles.size:
        return list(cores)
    k = len(cores)
    first = np.array([a for a, _ in cores])
    second = np.array([b for _, b in cores])
    to_single = gain[np.ix_(first, singles)] + gain[np.ix_(second, singles)]
    # One graph: cores 0..k-1, singles k..; edges only between a core and a single.
    weight = np.zeros((k + singles.size, k + singles.size))
    weight[:k, k:] = to_single
    rows, cols = np.meshgrid(np.arange(k), np.arange(k, k + singles.size), indexing="ij")
    joined = _matching(k + singles.size, weight, (rows.ravel(), cols.ravel()))
    groups: list[tuple[int, ...]] = []
    taken = set()
    for a, b in joined:
        core, single = (a, b) if a < k else (b, a)
        groups.append((*cores[core], int(singles[single - k])))
        taken.add(core)
    groups.extend(cores[i] for i in range(k) if i not in taken)
    return groups
