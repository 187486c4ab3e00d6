"""The domain records: consent parsing, settings validation, plan helpers."""

from __future__ import annotations

import attrs
import pytest

from eventrunner.model import (
    DEFAULT_SHARED_FIELDS,
    SHAREABLE_FIELDS,
    Attendee,
    Consent,
    EventSettings,
    Plan,
    PlanStats,
    Round,
    Table,
)


@pytest.mark.parametrize(
    ("text", "fields", "stated"),
    [
        ("", DEFAULT_SHARED_FIELDS, False),
        ("all", frozenset(SHAREABLE_FIELDS), True),
        ("ALL", frozenset(SHAREABLE_FIELDS), True),
        ("none", frozenset(), True),
        ("email;linkedin", frozenset({"email", "linkedin"}), True),
        ("Email, Phone", frozenset({"email", "phone"}), True),
    ],
)
def test_consent_from_text(text: str, fields: frozenset[str], stated: bool) -> None:
    consent = Consent.from_text(text)
    assert consent.fields == fields
    assert consent.stated is stated
    assert Consent.from_text(consent.to_text()) == consent


def test_consent_refuses_unknown_fields_by_name() -> None:
    with pytest.raises(ValueError, match="'fax'"):
        Consent.from_text("email;fax")


def test_default_consent_never_shares_private_contacts() -> None:
    assert "email" not in Consent().fields
    assert "phone" not in Consent().fields


@pytest.mark.parametrize(
    "change", [{"rounds": 0}, {"table_size": 5}, {"table_size": 1}, {"minutes": 0}]
)
def test_settings_refuse_impossible_values(change: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        attrs.evolve(EventSettings(name="x"), **change)


def test_attendee_tags_are_unique_and_colleagues_compare_loosely() -> None:
    a = Attendee(id="a", name="A", interests=("x", "x", "", "y"), company=" ACME  Corp")
    assert a.interests == ("x", "y")
    assert a.company_key == Attendee(id="b", name="B", company="acme corp").company_key


def test_plan_meetings_and_itinerary() -> None:
    plan = Plan(
        rounds=(
            Round(1, (Table(1, ("a", "b")), Table(2, ("c", "d", "e"))), byes=()),
            Round(2, (Table(1, ("a", "c")),), byes=("b", "d", "e")),
        )
    )
    assert sorted(plan.meetings()) == [
        (1, "a", "b"),
        (1, "c", "d"),
        (1, "c", "e"),
        (1, "d", "e"),
        (2, "a", "c"),
    ]
    assert [t.number if t else None for _, t in plan.itinerary("b")] == [1, None]


def test_percent_of_bound() -> None:
    assert PlanStats(affinity_total=987, upper_bound=1000).percent_of_bound == 98.7
    assert PlanStats().percent_of_bound == 100.0
