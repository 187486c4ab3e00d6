"""How a round of small tables is laid out, and a quick greedy seating to start from.

The layout is fixed for every round of a plan: how many tables, how big, and how many seats
at each go to the host side (two-sided events) or to anyone (one-sided). Local search then only
swaps two people of the same seat class between tables, so sizes and side mixing always hold.

This module does not search or score plans; see `search` for that.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from eventrunner.scheduling.problem import Problem, SeatedRound

IntArray = npt.NDArray[np.int64]
FloatMatrix = npt.NDArray[np.float64]


def table_sizes(n: int, size: int) -> tuple[int, ...]:
    """Sizes of the tables seating `n` people at tables of `size`, largest first.

    ceil(n / size) tables, as even as possible: 150 at 4 gives 36 x 4 + 2 x 3, 7 at 3 gives
    3 + 2 + 2, and where tables of size-1 cannot absorb the rest (5 at 4) the closest even
    split (3 + 2). Never a table of one, except for a lone person.
    """
    if n <= 0:
        return ()
    count = -(-n // size)
    base, extra = divmod(n, count)
    return tuple([base + 1] * extra + [base] * (count - extra))


@attrs.frozen
class TableLayout:
    """The tables of every round: their sizes and how many host-side seats each has."""

    sizes: tuple[int, ...]
    """Seats at each table, largest first."""
    hosts: tuple[int, ...]
    """Seats at each table for side 0 (the smaller side); all 0 for one-sided events."""
    seat_class: tuple[int, ...]
    """Per person: 0 when they take host seats (or anyone, one-sided), 1 for guest seats."""

    @property
    def tables(self) -> int:
        """Number of tables per round."""
        return len(self.sizes)

    def capacity(self, table: int, cls: int) -> int:
        """Seats of class `cls` at `table`."""
        if not any(self.seat_class):
            return self.sizes[table]
        return self.hosts[table] if cls == 0 else self.sizes[table] - self.hosts[table]


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + 1] * extra + [base] * (parts - extra)


def table_layout(problem: Problem) -> TableLayout:
    """The layout for `problem`'s people at tables of `problem.table_size`.

    Always `table_sizes` tables. Two-sided events spread the hosts (side 0) evenly, the most
    hosts at the largest tables: one host per table when there are as many hosts as tables,
    two at some when there are more (every table still mixes the sides), and none at some
    when there are fewer (the best mix possible).
    """
    n, g = problem.n, problem.table_size
    sizes = table_sizes(n, g)
    hosts = sum(1 for s in problem.side if s == 0)
    if not problem.two_sided or hosts in (0, n):
        return TableLayout(sizes, tuple(0 for _ in sizes), tuple(0 for _ in range(n)))
    seat_class = tuple(0 if s == 0 else 1 for s in problem.side)
    return TableLayout(sizes, tuple(_spread(hosts, len(sizes))), seat_class)


def greedy_round(
    layout: TableLayout,
    gain: FloatMatrix,
    rng: np.random.Generator,
    start: Sequence[Sequence[int]] = (),
) -> IntArray:
    """Seat one round greedily: each free seat takes the person who adds the most `gain`.

    `gain` is the value of seating each pair together this round (affinity minus penalties
    for rules broken given the other rounds). `start` optionally pre-seats groups (a hint's
    tables), which keep their table as far as the seat classes allow. Returns the table
    index of every person.
    """
    n = gain.shape[0]
    cls = np.asarray(layout.seat_class, dtype=np.int64)
    table_of = np.full(n, -1, dtype=np.int64)
    free = [[layout.capacity(t, c) for c in (0, 1)] for t in range(layout.tables)]
    members: list[list[int]] = [[] for _ in range(layout.tables)]
    used_tables: set[int] = set()
    for group in sorted(start, key=len, reverse=True):
        people = [p for p in dict.fromkeys(group) if 0 <= p < n and table_of[p] < 0]
        if not people:
            continue
        # The free table where most of the group fits.
        best_t, best_fit = -1, 0
        for t in range(layout.tables):
            if t in used_tables:
                continue
            fit = sum(min(free[t][c], sum(int(cls[p]) == c for p in people)) for c in (0, 1))
            if fit > best_fit:
                best_t, best_fit = t, fit
        if best_t < 0:
            continue
        used_tables.add(best_t)
        for p in people:
            if free[best_t][cls[p]] > 0:
                free[best_t][cls[p]] -= 1
                table_of[p] = best_t
                members[best_t].append(p)
    # Small noise breaks ties differently for every seed.
    noisy = gain + rng.random(gain.shape) * 1e-3
    order = rng.permutation(layout.tables)
    for t in order:
        for c in (0, 1):
            while free[t][c] > 0:
                candidates = np.flatnonzero((table_of < 0) & (cls == c))
                if candidates.size == 0:
                    break
                if members[t]:
                    scores = noisy[np.ix_(candidates, members[t])].sum(axis=1)
                    pick = int(candidates[int(np.argmax(scores))])
                else:
                    # A random person opens each table so seeds give different starts.
                    pick = int(candidates[int(rng.integers(candidates.size))])
                table_of[pick] = t
                members[t].append(pick)
                free[t][c] -= 1
    leftover = np.flatnonzero(table_of < 0)
    if leftover.size:
        raise AssertionError(f"layout has no seat for {leftover.size} people")
    return table_of


def to_seated(table_of: IntArray, tables: int) -> SeatedRound:
    """A round as index tuples per table (people sorted), no byes."""
    seated: list[list[int]] = [[] for _ in range(tables)]
    for person, t in enumerate(table_of.tolist()):
        seated[t].append(person)
    return tuple(tuple(people) for people in seated), ()
