"""Zero-repeat seatings from cyclic designs, found by a small search at run time.

A plan of R rounds of tables of k with nobody meeting twice is a resolvable packing. Many
exist with a cyclic symmetry, and then only one round (the *base class*) has to be found:
the other rounds are its translates. Two families are searched, both general (no solution is
stored for any size):

- **1-rotational designs** (`one_rotational`): points Z_m plus one fixed point, m = n - 1,
  for n = k (mod k(k-1)) (Kirkman triple systems KTS(n) for n = 3 mod 6; resolvable
  (n, 4, 1) designs for n = 4 mod 12). The base class is fixed by the subgroup H of order
  k - 1; its blocks other than {fixed} + H must use every difference outside H exactly once.
  Its m / (k - 1) translates are the (n - 1) / (k - 1) rounds of a resolvable design: the
  most rounds possible, every pair meeting exactly once. Groups tried: Z_m, Z_a x Z_b and
  the dicyclic group. Found for 9, 27, 33 in threes (3, 9 mod 24) and 16, 40, 52, 64 in
  fours; for 15, 21 and 28 the search shows quickly that these groups have none.
- **cyclic packings with fixed points** (`cyclic_packing`): points Z_R x {0..s-1} plus f
  fixed points, n = R s + f. Each pair type (a difference within one orbit, a difference
  between two orbits, a fixed point with an orbit) may be used once in the base class; its R
  translates are R rounds; with c base classes, g = R / c translates of each (less symmetry,
  more search). This covers Kirkman's 15 (Z_7 x 2 + 1), 21 (two classes over Z_5 x 4 + 1)
  and 27, a nearly Kirkman system on 18 (two classes over Z_4 x 4 + 2), 32 in fours for 9
  rounds (Z_9 x 3 + 5) and 40 in fours for 10 (Z_10 x 4).

The base class is found by depth-first search with random restarts under a deadline
(`find_rounds` tries the families in turn); every construction is verified before it is
returned. Rounds beyond those needed are dropped, so any R up to a design's maximum works.
Seating people on the design's points (for affinity) is `seat_design`'s work.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence

import numpy as np

from eventrunner.scheduling.tables.layout import IntArray

#: A round as tables of point indices.
DesignRound = tuple[tuple[int, ...], ...]

#: Longest any one call spends searching for a base class, in seconds.
SEARCH_CAP = 30.0


class _BaseClassSearch:
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

    def _blocks(self, first: int, free: list[int], types: int):  # type: ignore[no-untyped-def]
        """Blocks through `first` of free points whose pair types are unused and distinct."""
        kind = self.kind

        def extend(block: list[int], mask: int, start: int):  # type: ignore[no-untyped-def]
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


def groups(m: int) -> list[tuple[str, IntArray]]:
    """Multiplication tables of some groups of order m: Z_m, Z_a x Z_b (b | a) and the
    dicyclic group (4 | m; its only involution suits 1-rotational triple systems)."""
    out: list[tuple[str, IntArray]] = []
    x = np.arange(m)
    out.append((f"Z{m}", (x[:, None] + x[None, :]) % m))
    for b in range(2, m):
        a = m // b
        if m % b == 0 and a % b == 0:
            # Element a*j + i is (i mod a, j mod b).
            i, j = x % a, x // a
            out.append(
                (
                    f"Z{a}xZ{b}",
                    ((i[:, None] + i[None, :]) % a) + a * ((j[:, None] + j[None, :]) % b),
                )
            )
    if m % 4 == 0 and m >= 8:
        # Dic: a^i x^j (element i + half*j), x a x^-1 = a^-1, x^2 = a^(half/2).
        half = m // 2
        i, j = x % half, x // half
        left_i, left_j = i[:, None], j[:, None]
        right_i, right_j = i[None, :], j[None, :]
        turned = np.where(left_j == 1, -right_i, right_i)
        extra = np.where((left_j == 1) & (right_j == 1), half // 2, 0)
        out.append(
            (f"Dic{half // 2}", (left_i + turned + extra) % half + half * ((left_j + right_j) % 2))
        )
    return out


def one_rotational(
    n: int, k: int, deadline: float, seed: int = 0, proof: list[bool] | None = None
) -> list[DesignRound] | None:
    """The (n-1)/(k-1) rounds of a 1-rotational resolvable design on n points, or None.

    Tries each group of `groups(n - 1)` and each of its subgroups of order k - 1 (k - 1 is 2
    or 3, a prime, so they are generated by one element). `proof`, when given, gets True
    appended if none of them can give one (every search ran to its end)."""
    if n % k or (n - 1) % (k - 1) or (n // k - 1) % (k - 1):
        if proof is not None:
            proof.append(True)
        return None
    m = n - 1
    tries: list[tuple[IntArray, tuple[int, ...]]] = []
    for _name, mul in groups(m):
        seen: set[frozenset[int]] = set()
        for g in range(1, m):
            sub, power = [0], g
            while power != 0:
                sub.append(power)
                power = int(mul[power, g])
            if len(sub) == k - 1 and frozenset(sub) not in seen:
                seen.add(frozenset(sub))
                tries.append((mul, tuple(sub)))
    settled = 0
    for index, (table, subgroup) in enumerate(tries):
        until = time.monotonic() + (deadline - time.monotonic()) / (len(tries) - index)
        ended: list[bool] = []
        found = _one_rotational_in(n, k, table, subgroup, until, seed, ended)
        if found is not None:
            return found
        settled += bool(ended)
    if proof is not None and settled == len(tries):
        proof.append(True)
    return None


def _one_rotational_in(
    n: int,
    k: int,
    mul: IntArray,
    subgroup: tuple[int, ...],
    deadline: float,
    seed: int,
    proof: list[bool],
) -> list[DesignRound] | None:
    """A 1-rotational design over the group `mul` with the class fixed by `subgroup`."""
    m = n - 1
    inverse = np.argmax(mul == 0, axis=1)
    # Right translates B.g keep the "difference" x y^-1 of every pair.
    diff = mul[:, inverse]  # diff[x, y] = x * y^-1
    inside = set(subgroup)
    outside = [x for x in range(m) if x not in inside]
    where = {x: i for i, x in enumerate(outside)}
    code: dict[int, int] = {}
    kind = []
    for x in outside:
        row = []
        for y in outside:
            d = int(diff[x, y])
            back = int(inverse[d])
            # A pair whose difference is its own inverse would be covered twice.
            if d in inside or d == back:
                row.append(-1)
            else:
                row.append(code.setdefault(min(d, back), len(code)))
        kind.append(row)
    orbit = [tuple(where[int(mul[x, h])] for h in subgroup) for x in outside]
    search = _BaseClassSearch(len(outside), k, kind, orbit, seed)
    found = search.run(deadline)
    if found is None:
        if search.exhausted:
            proof.append(True)
        return None
    base = [tuple(outside[i] for i in b) for b in found]
    blocks = [(m, *subgroup)]
    blocks += [tuple(int(mul[x, h]) for x in b) for b in base for h in subgroup]
    # One class per right coset H t.
    cosets: list[int] = []
    covered: set[int] = set()
    for t in range(m):
        if t not in covered:
            cosets.append(t)
            covered.update(int(mul[h, t]) for h in subgroup)
    out = [
        tuple(tuple(sorted(x if x == m else int(mul[x, t]) for x in b)) for b in blocks)
        for t in cosets
    ]
    return out if _no_repeats(out, n) else None


def cyclic_packing(
    n: int,
    k: int,
    rounds: int,
    fixed: int,
    deadline: float,
    seed: int = 0,
    classes: int = 1,
    proof: list[bool] | None = None,
) -> list[DesignRound] | None:
    """`rounds` rounds as the translates of `classes` base classes on Z_g x orbits + `fixed`
    fixed points (g = rounds / classes), no pair twice; None when none is found in time.
    `proof`, when given, gets True appended when there is none of this form at all."""
    proof = [] if proof is None else proof
    g = rounds // classes if rounds >= 1 and rounds % classes == 0 else 0
    if n % k or not g or (n - fixed) % g or fixed > n // k:
        proof.append(True)
        return None
    orbits = (n - fixed) // g
    finite = g * orbits
    types: dict[tuple[int, int, int], int] = {}

    def pair_type(p: int, q: int) -> int:
        if p >= finite and q >= finite:
            # Two fixed points in one block would meet in every translate.
            return -1 if g > 1 else types.setdefault((-1, p, q), len(types))
        if p >= finite or q >= finite:
            point, other = (p, q) if p >= finite else (q, p)
            return types.setdefault((-2, point, other // g), len(types))
        # Point p < finite is position p % g of orbit p // g.
        i, x = divmod(p, g)
        j, y = divmod(q, g)
        if i > j:
            (x, i), (y, j) = (y, j), (x, i)
        if i == j:
            d = (y - x) % g
            d = min(d, g - d)
            # A difference of half the orbit repeats its pair twice over the translates.
            if d == 0 or 2 * d == g:
                return -1
            return types.setdefault((i, i, d), len(types))
        return types.setdefault((i, j, (y - x) % g), len(types))

    one = [[-1 if p == q else pair_type(p, q) for q in range(n)] for p in range(n)]
    needed = classes * (n // k) * k * (k - 1) // 2
    if needed > len(types):
        proof.append(True)
        return None
    # The base classes side by side: point c * n + p is p in class c; blocks stay in a class.
    kind = [
        [one[p % n][q % n] if p // n == q // n else -1 for q in range(classes * n)]
        for p in range(classes * n)
    ]
    orbit = [(p,) for p in range(classes * n)]
    search = _BaseClassSearch(classes * n, k, kind, orbit, seed)
    found = search.run(deadline)
    if found is None:
        if search.exhausted:
            proof.append(True)
        return None

    def shift(p: int, t: int) -> int:
        return p if p >= finite else (p // g) * g + (p % g + t) % g

    base = [[tuple(p % n for p in b) for b in found if b[0] // n == c] for c in range(classes)]
    out = [
        tuple(tuple(sorted(shift(p, t) for p in b)) for b in base[c])
        for c in range(classes)
        for t in range(g)
    ]
    return out if _no_repeats(out, n) else None


def _no_repeats(rounds: list[DesignRound], n: int) -> bool:
    """Whether every round seats each point once and no pair meets twice."""
    seen: set[tuple[int, int]] = set()
    for rnd in rounds:
        if sorted(p for b in rnd for p in b) != list(range(n)):
            return False
        for b in rnd:
            for pair in itertools.combinations(b, 2):
                if pair in seen:
                    return False
                seen.add(pair)
    return True


def find_rounds(n: int, k: int, rounds: int, time_limit: float) -> list[DesignRound] | None:
    """`rounds` rounds of tables of exactly k for n people with no pair twice, from the first
    cyclic family that yields one within `time_limit` seconds; None when none does."""
    if k < 2 or n % k or rounds < 1 or rounds * (k - 1) > n - 1:
        return None
    return _find_rounds(n, k, rounds, min(time_limit, SEARCH_CAP))


#: Most base classes a cyclic packing may have (more classes: less symmetry, more search).
MAX_CLASSES = 4


def _find_rounds(n: int, k: int, rounds: int, time_limit: float) -> list[DesignRound] | None:
    deadline = time.monotonic() + time_limit
    most = (n - 1) // (k - 1)
    # (translates x classes = rounds, fixed points, classes); the most symmetric first.
    tries: list[tuple[int, int, int]] = []
    for classes in range(1, MAX_CLASSES + 1):
        for r in range(rounds, most + 1):
            if r % classes:
                continue
            # More fixed points than a table and one leave too few pair types to be tight.
            for fixed in range(0, min(n // k, k + 1) + 1):
                if (n - fixed) % (r // classes) == 0 and r // classes > 1:
                    tries.append((r, fixed, classes))
    one_rot = n % k == 0 and (n - 1) % (k - 1) == 0 and (n // k - 1) % (k - 1) == 0
    families: list[tuple[int, int, int]] = ([(0, 0, 0)] if one_rot else []) + tries
    # Passes with a doubling slice per family, the first spending half the time evenly: an
    # easy family is found in the first pass whatever the order; a family shown to have no
    # solution drops out and leaves its time to the others.
    slice_ = time_limit / (2 * max(1, len(families)))
    while families and time.monotonic() < deadline:
        for family in list(families):
            until = min(deadline, time.monotonic() + slice_)
            if until <= time.monotonic():
                break
            proof: list[bool] = []
            r, fixed, classes = family
            if r == 0:
                found = one_rotational(n, k, until, proof=proof)
            else:
                found = cyclic_packing(n, k, r, fixed, until, classes=classes, proof=proof)
            if found is not None:
                return found[:rounds]
            if proof:
                families.remove(family)
        slice_ *= 2
    return None


def design_pairs(rounds: list[DesignRound], n: int) -> IntArray:
    """n x n: how often each pair of points meets in `rounds` (0 or 1 for a design)."""
    meet = np.zeros((n, n), dtype=np.int64)
    for rnd in rounds:
        for b in rnd:
            idx = np.asarray(b, dtype=np.int64)
            meet[idx[:, None], idx[None, :]] += 1
    np.fill_diagonal(meet, 0)
    return meet
