"""validation.py on hand-written plans: each rule catches its break and passes a clean plan."""

from __future__ import annotations

import pytest

from eventrunner.model import (
    Attendee,
    CompanyRule,
    EventSettings,
    OddPolicy,
    Plan,
    Round,
    Table,
)
from eventrunner.scheduling import validation as v


def people(*ids: str, **fields: dict[str, object]) -> list[Attendee]:
    out = []
    for pid in ids:
        extra = {k: val[pid] for k, val in fields.items() if pid in val}
        out.append(Attendee(id=pid, name=pid.upper(), **extra))
    return out


def rnd(number: int, *tables: tuple[str, ...], byes: tuple[str, ...] = ()) -> Round:
    return Round(number, tuple(Table(k, t) for k, t in enumerate(tables, start=1)), byes)


SETTINGS = EventSettings(name="t", rounds=2)
ABCD = people("a", "b", "c", "d")
CLEAN = Plan((rnd(1, ("a", "b"), ("c", "d")), rnd(2, ("a", "c"), ("b", "d"))))


def test_clean_plan_passes_every_rule() -> None:
    v.assert_valid(CLEAN, ABCD, SETTINGS)
    assert v.violations(CLEAN, ABCD, SETTINGS) == []


def test_repeat_is_caught_also_against_played_rounds() -> None:
    again = Plan((rnd(1, ("a", "b"), ("c", "d")), rnd(2, ("a", "b"), ("c", "d"))))
    with pytest.raises(AssertionError, match="repeats"):
        v.assert_no_repeats(again, ABCD, SETTINGS)
    later = Plan((rnd(2, ("a", "b"), ("c", "d")),))
    v.assert_no_repeats(later, ABCD, SETTINGS)
    with pytest.raises(AssertionError, match="meet again"):
        v.assert_no_repeats(later, ABCD, SETTINGS, played=[rnd(1, ("a", "b"), ("c", "d"))])


def test_avoid_by_id_or_email() -> None:
    crowd = people("a", "b", "c", "d", avoid={"a": ("B@x.org",)}, email={"b": "b@x.org"})
    with pytest.raises(AssertionError, match="asked never to meet"):
        v.assert_avoid(CLEAN, crowd, SETTINGS)
    fine = Plan((rnd(1, ("a", "c"), ("b", "d")), rnd(2, ("a", "d"), ("b", "c"))))
    v.assert_avoid(fine, crowd, SETTINGS)


def test_colleagues_apart_unless_allowed() -> None:
    crowd = people("a", "b", "c", "d", company={"a": "Acme", "b": " ACME "})
    with pytest.raises(AssertionError, match="both work at"):
        v.assert_colleagues_apart(CLEAN, crowd, SETTINGS)
    allowed = EventSettings(name="t", rounds=2, company_rule=CompanyRule.ALLOW)
    v.assert_colleagues_apart(CLEAN, crowd, allowed)


def test_sides_mixed() -> None:
    two = EventSettings(name="t", rounds=2, two_sided=True)
    crowd = people("a", "b", "c", "d", side={"a": "m", "b": "m", "c": "e", "d": "e"})
    with pytest.raises(AssertionError, match="sides"):
        v.assert_sides_mixed(CLEAN, crowd, two)
    mixed = Plan((rnd(1, ("a", "c"), ("b", "d")), rnd(2, ("a", "d"), ("b", "c"))))
    v.assert_sides_mixed(mixed, crowd, two)


def test_everyone_seated_once_and_no_needless_byes() -> None:
    missing = Plan((rnd(1, ("a", "b")),))
    with pytest.raises(AssertionError, match="leaves out"):
        v.assert_everyone_seated(missing, ABCD, SETTINGS)
    idle = Plan((rnd(1, ("a", "b"), byes=("c", "d")),))
    with pytest.raises(AssertionError, match="byes where 0"):
        v.assert_everyone_seated(idle, ABCD, SETTINGS)
    twice = Plan((rnd(1, ("a", "b"), ("a", "c"), byes=("d",)),))
    with pytest.raises(AssertionError, match="2 times"):
        v.assert_everyone_seated(twice, ABCD, SETTINGS)


def test_table_sizes_for_pairs_trios_and_groups() -> None:
    five = people("a", "b", "c", "d", "e")
    trio = Plan((rnd(1, ("a", "b"), ("c", "d", "e")),))
    with pytest.raises(AssertionError, match="table sizes"):
        v.assert_table_sizes(trio, five, SETTINGS)
    v.assert_table_sizes(trio, five, EventSettings(name="t", odd_policy=OddPolicy.TRIO))
    groups = EventSettings(name="t", table_size=4)
    seven = people(*"abcdefg")
    v.assert_table_sizes(Plan((rnd(1, tuple("abcd"), tuple("efg")),)), seven, groups)
    with pytest.raises(AssertionError, match="expected 2 tables"):
        v.assert_table_sizes(Plan((rnd(1, tuple("abcde"), tuple("fg")),)), seven, groups)


def test_byes_rotate_before_anyone_sits_out_twice() -> None:
    three = people("a", "b", "c")
    fair = Plan((rnd(1, ("a", "b"), byes=("c",)), rnd(2, ("a", "c"), byes=("b",))))
    v.assert_byes_fair(fair, three, SETTINGS)
    unfair = Plan((rnd(1, ("a", "b"), byes=("c",)), rnd(2, ("a", "b"), byes=("c",))))
    with pytest.raises(AssertionError, match="sits out again"):
        v.assert_byes_fair(unfair, three, SETTINGS)


def test_late_arrival_counts_as_having_sat_out() -> None:
    three = people("a", "b", "c")
    played = [rnd(1, ("a", "b"))]
    # c was not there in round 1: giving c the bye in round 2 is out of turn.
    bad = Plan((rnd(2, ("a", "b"), byes=("c",)),))
    with pytest.raises(AssertionError, match="sits out again"):
        v.assert_byes_fair(bad, three, SETTINGS, played=played)
    good = Plan((rnd(2, ("a", "c"), byes=("b",)),))
    v.assert_byes_fair(good, three, SETTINGS, played=played)


def test_frozen_rounds_must_not_change() -> None:
    played = [rnd(1, ("a", "b"), ("c", "d"))]
    changed = Plan((rnd(1, ("a", "c"), ("b", "d")), rnd(2, ("a", "d"), ("b", "c"))))
    with pytest.raises(AssertionError, match="must not change"):
        v.assert_frozen_unchanged(changed, ABCD, SETTINGS, played=played)
    kept = Plan((played[0], rnd(2, ("a", "c"), ("b", "d"))))
    v.assert_valid(kept, ABCD, SETTINGS, played=played)


def test_evaluate_figures() -> None:
    crowd = people(
        "a",
        "b",
        "c",
        "d",
        interests={"a": ("x", "y"), "b": ("x", "y"), "c": ("x",), "d": ()},
        want={"d": ("a",)},
    )
    stats = v.evaluate(CLEAN, crowd)
    # Round 1: a-b share 2, c-d 0; round 2: a-c share 1, b-d 0.
    assert stats.affinity_total == 3
    assert stats.min_attendee_affinity == 0
    assert stats.zero_meetings == 2
    assert stats.repeats == 0
    assert stats.unmet_wants == (("d", "a"),)
