"""The scheduling problem in solver terms: people as indices, affinities and rules as matrices.

Built once from attendees and settings (and the rounds already played, for a re-plan); every
constructor, improver, bound and validator works on this and never on attendee records.
Turning a solution back into a `model.Plan` (with what each table shares) is `to_plan`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from eventrunner.interests import pair_weights, table_affinity, table_shared
from eventrunner.model import Attendee, CompanyRule, EventSettings, OddPolicy, Round, Table

IntMatrix = npt.NDArray[np.int64]
BoolMatrix = npt.NDArray[np.bool_]

#: A solved round in index form: tables as tuples of person indices, and the byes.
SeatedRound = tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]


@attrs.frozen(eq=False)
class Problem:
    """Everything a solver needs, indexed 0..n-1 in the order of `ids`."""

    ids: tuple[str, ...]
    """Attendee id of each index."""
    weight: IntMatrix
    """n x n default affinity of each pair (symmetric, zero diagonal)."""
    avoid: BoolMatrix
    """n x n: an `avoid` request between the two (either direction)."""
    colleague: BoolMatrix
    """n x n: same company; only a hard rule when `colleagues_apart`."""
    met: BoolMatrix
    """n x n: already shared a table in a played (frozen) round."""
    side: tuple[int, ...]
    """Per index: -1 when the event is one-sided, else 0 (the smaller side) or 1."""
    wants: tuple[tuple[int, int], ...]
    """`want` requests as (who, whom), both present."""
    rounds: int
    """Rounds to plan (the remaining ones, for a re-plan)."""
    first_round: int
    """Number of the first round to plan (1, or played + 1)."""
    table_size: int
    """2, 3 or 4."""
    odd_policy: OddPolicy
    """Bye or trio for 1:1 with an odd count."""
    colleagues_apart: bool
    """Whether the colleagues rule is hard."""
    byes_so_far: tuple[int, ...]
    """Per index: played rounds sat out, by a bye or by arriving later (for fair rotation)."""
    scale: int = 1
    """Weight units per unit of default affinity: 1, or 2 when related topics add 1."""

    @property
    def n(self) -> int:
        """Number of people to seat."""
        return len(self.ids)

    @property
    def two_sided(self) -> bool:
        """Whether tables must mix sides."""
        # Sides are all -1 (one-sided) or all 0/1, so the first one tells.
        return bool(self.side) and self.side[0] >= 0

    def forbidden(self) -> BoolMatrix:
        """n x n: pairs that must not share a table (avoid, met, colleagues when hard)."""
        banned = self.avoid | self.met
        if self.colleagues_apart:
            banned = banned | self.colleague
        np.fill_diagonal(banned, True)
        return banned

    @classmethod
    def build(
        cls,
        attendees: Sequence[Attendee],
        settings: EventSettings,
        *,
        played: Sequence[Round] = (),
        rounds: int | None = None,
    ) -> Problem:
        """The problem of seating `attendees` for the rounds after `played`.

        `rounds` defaults to the settings' rounds minus the played ones.
        """
        ids = tuple(a.id for a in attendees)
        index = {a.id: i for i, a in enumerate(attendees)}
        # `avoid` and `want` may name an id or an email.
        by_key = dict(index)
        for i, a in enumerate(attendees):
            if a.email:
                by_key.setdefault(a.email.casefold(), i)
        n = len(ids)
        # Related topics (interests.related) add half a point; a clean tag list gets scale 1.
        weight, scale = pair_weights(attendees, affinity_matrix(attendees))
        avoid = np.zeros((n, n), dtype=np.bool_)
        companies = [a.company_key for a in attendees]
        codes = {key: k for k, key in enumerate(sorted(set(companies)))}
        company = np.asarray([codes[c] if c else -1 - i for i, c in enumerate(companies)])
        colleague = company[:, None] == company[None, :]
        np.fill_diagonal(colleague, False)
        wants: list[tuple[int, int]] = []
        for i, a in enumerate(attendees):
            for key in a.avoid:
                found = by_key.get(key, by_key.get(key.casefold()))
                if found is not None and found != i:
                    avoid[i, found] = avoid[found, i] = True
            for key in a.want:
                found = by_key.get(key, by_key.get(key.casefold()))
                if found is not None and found != i:
                    wants.append((i, found))
        met = np.zeros((n, n), dtype=np.bool_)
        byes = [0] * n
        for rnd in played:
            at_tables: set[int] = set()
            for table in rnd.tables:
                seated = [index[p] for p in table.attendees if p in index]
                at_tables.update(seated)
                for i, j in itertools.combinations(seated, 2):
                    met[i, j] = met[j, i] = True
            # A late arrival sat the rounds before they came out, just like a bye: the
            # rotation counts both (validation.assert_byes_fair does the same).
            for i in range(n):
                if i not in at_tables:
                    byes[i] += 1
        return cls(
            ids=ids,
            weight=weight,
            avoid=avoid,
            colleague=colleague,
            met=met,
            side=_sides(attendees, settings.two_sided),
            wants=tuple(wants),
            rounds=settings.rounds - len(played) if rounds is None else rounds,
            first_round=len(played) + 1,
            table_size=settings.table_size,
            odd_policy=settings.odd_policy,
            colleagues_apart=settings.company_rule is CompanyRule.APART,
            byes_so_far=tuple(byes),
            scale=scale,
        )


def affinity_matrix(attendees: Sequence[Attendee]) -> IntMatrix:
    """n x n default affinity (interests.affinity) of every pair, computed as matrix products.

    Tags are unique per attendee, so shared interests are the product of 0/1 incidence
    matrices, and offers meeting seeks likewise, in both directions.
    """
    n = len(attendees)
    tags: dict[str, int] = {}
    for a in attendees:
        for tag in (*a.interests, *a.offers, *a.seeks):
            tags.setdefault(tag, len(tags))

    # Float products use BLAS (integer ones do not) and are exact for counts this small.
    def incidence(field: str) -> npt.NDArray[np.float64]:
        mat = np.zeros((n, max(1, len(tags))), dtype=np.float64)
        for i, a in enumerate(attendees):
            for tag in getattr(a, field):
                mat[i, tags[tag]] = 1
        return mat

    interests, offers, seeks = incidence("interests"), incidence("offers"), incidence("seeks")
    product = interests @ interests.T + seeks @ offers.T + offers @ seeks.T
    weight = np.rint(product).astype(np.int64)
    np.fill_diagonal(weight, 0)
    return weight


def _sides(attendees: Sequence[Attendee], two_sided: bool) -> tuple[int, ...]:
    """0 for the smaller side, 1 for the other; all -1 for one-sided events."""
    if not two_sided:
        return tuple(-1 for _ in attendees)
    names = sorted({a.side.casefold() for a in attendees})
    if len(names) != 2:
        raise ValueError(
            "a two-sided event needs exactly two sides in the `side` column, found "
            + (", ".join(repr(s) for s in names) or "none")
            + "; give every attendee one of two sides, or plan a one-sided event"
        )
    counts = {s: sum(a.side.casefold() == s for a in attendees) for s in names}
    smaller = min(names, key=lambda s: (counts[s], s))
    return tuple(0 if a.side.casefold() == smaller else 1 for a in attendees)


def to_plan_rounds(
    problem: Problem, attendees: Sequence[Attendee], seated: Sequence[SeatedRound]
) -> tuple[Round, ...]:
    """Turn solved rounds (index form) into `model.Round`s with affinity and what's shared."""
    rounds = []
    for offset, (tables, byes) in enumerate(seated):
        made = []
        for number, people in enumerate(tables, start=1):
            seated_people = [attendees[i] for i in people]
            made.append(
                Table(
                    number=number,
                    attendees=tuple(problem.ids[i] for i in people),
                    affinity=table_affinity(seated_people),
                    shared=tuple(table_shared(seated_people)),
                )
            )
        rounds.append(
            Round(
                number=problem.first_round + offset,
                tables=tuple(made),
                byes=tuple(problem.ids[i] for i in byes),
            )
        )
    return tuple(rounds)


def restrict(problem: Problem, keep: Sequence[int], *, met: BoolMatrix, rounds: int) -> Problem:
    """The problem of seating only the people `keep` (in that order) for `rounds` rounds.

    `met` (n x n over the full problem) marks pairs that must not meet again.
    """
    idx = np.asarray(keep, dtype=np.int64)
    sub = np.ix_(idx, idx)
    where = {int(p): k for k, p in enumerate(idx)}
    return attrs.evolve(
        problem,
        ids=tuple(problem.ids[i] for i in idx),
        weight=problem.weight[sub],
        avoid=problem.avoid[sub],
        colleague=problem.colleague[sub],
        met=met[sub],
        side=tuple(problem.side[i] for i in idx),
        wants=tuple((where[a], where[b]) for a, b in problem.wants if a in where and b in where),
        rounds=rounds,
        byes_so_far=tuple(problem.byes_so_far[i] for i in idx),
    )
