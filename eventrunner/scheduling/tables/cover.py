"""Depth-first exact-cover search for the base class of a cyclic design (see `designs`).

Blocks of k points are chosen until every point is covered, each pair *type* (a difference,
in `designs`' terms) used at most once. The point with the fewest possible table mates left
goes first, as in exact-cover search, and a point left with too few ends the branch; random
restarts with a growing node budget run until a deadline. The search knows nothing of
groups: `designs` encodes them in the pair types and in the orbits a block claims.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

import numpy as np


class BaseClassSearch:
    """Depth-first search for blocks covering points, each pair type used at most once.

    `kind[p][q]` is the type id of the pair (p, q) (-1 when the pair may never share a
    block); `orbit[p]` the points a block through p claims (p alone, or its H-orbit).
    """

    def __init__(
        self,
        points: int,
        k: int,
        kind: list[list[int]],
        orbit: Sequence[tuple[int, ...]],
        seed: int,
    ) -> None:
        self.points, self.k, self.kind, self.orbit = points, k, kind, orbit
        self.rng = np.random.default_rng(seed)
        self.budget = 0
        self.exhausted = False
        """Set when the whole space was searched without a base class: none exists."""

    def run(self, deadline: float) -> list[tuple[int, ...]] | None:
        nodes = 2_000
        while time.monotonic() < deadline:
            self.order = [int(x) for x in self.rng.permutation(self.points)]
            self.budget = nodes
            self.deadline = deadline
            found = self._cover(0, 0, [])
            if found is not None:
                return found
            if self.budget >= 0:
                # The whole space was searched: no base class exists.
                self.exhausted = True
                return None
            nodes = min(nodes * 2, 400_000)
        return None

    def _cover(
        self, used: int, types: int, blocks: list[tuple[int, ...]]
    ) -> list[tuple[int, ...]] | None:
        free = [p for p in self.order if not used >> p & 1]
        if not free:
            return list(blocks)
        self.budget -= 1
        if self.budget < 0 or (self.budget % 16 == 0 and time.monotonic() > self.deadline):
            return None
        first = self._most_constrained(free, types)
        if first < 0:
            return None
        others = [p for p in free if p != first]
        for block, block_types in self._blocks(first, others, types):
            claim = 0
            for p in block:
                for q in self.orbit[p]:
                    claim |= 1 << q
            if claim & used:
                continue
            blocks.append(block)
            found = self._cover(used | claim, types | block_types, blocks)
            if found is not None:
                return found
            blocks.pop()
            if self.budget < 0:
                return None
        return None

    def _most_constrained(self, free: list[int], types: int) -> int:
        """The free point with the fewest possible table mates left (-1 when one has too
        few for a table: a dead end), as exact-cover search picks its column."""
        best, fewest = -1, len(free) + 1
        need = self.k - 1
        for p in free:
            row = self.kind[p]
            mates = 0
            for q in free:
                t = row[q]
                if t >= 0 and not types >> t & 1:
                    mates += 1
            if mates < need:
                return -1
            if mates < fewest:
                best, fewest = p, mates
        return best

    def _blocks(
        self, first: int, free: list[int], types: int
    ) -> Iterator[tuple[tuple[int, ...], int]]:
        """Blocks through `first` of free points whose pair types are unused and distinct."""
        kind = self.kind

        def extend(
            block: list[int], mask: int, start: int
        ) -> Iterator[tuple[tuple[int, ...], int]]:
            if len(block) == self.k:
                yield tuple(block), mask
                return
            for i in range(start, len(free)):
                q = free[i]
                add = 0
                for p in block:
                    t = kind[p][q]
                    if t < 0 or (mask | add) >> t & 1:
                        break
                    add |= 1 << t
                else:
                    block.append(q)
                    yield from extend(block, mask | add, i + 1)
                    block.pop()

        yield from extend([first], types, 0)
