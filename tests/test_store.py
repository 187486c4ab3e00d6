"""The event file's API: every record comes back as stored, every action is journaled once,
refusals change nothing, played rounds stay frozen."""

from __future__ import annotations

import itertools
import sqlite3
import threading
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventrunner.model import (
    SHAREABLE_FIELDS,
    Attendee,
    CompanyRule,
    Consent,
    Event,
    EventSettings,
    OddPolicy,
    Plan,
    PlanStats,
    Presence,
    ReleasePolicy,
    Round,
    Table,
)
from eventrunner.store import EventStore, StoreError, TimerState
from eventrunner.store import schema as store_schema
from eventrunner.textsafe import strip_controls

ANA = Attendee(
    id="ana@example.org",
    name="Ana Ñúñez",
    email="Ana@Example.org",
    phone="+34 600 000 000",
    company="Acme, S.L.",
    title="CTO",
    interests=("hockey", "machine learning"),
    offers=("mentoring",),
    seeks=("funding",),
    side="mentor",
    linkedin="https://linkedin.com/in/ana",
    twitter="@ana",
    website="https://ana.example",
    consent=Consent(frozenset({"email", "linkedin"}), stated=True),
    avoid=("bob",),
    want=("李",),
    presence=Presence.PRESENT,
)
BARE = Attendee(id="bob", name="Bob [/]")  # every optional field empty, consent not stated
CJK = Attendee(id="李", name="李小龍 🐉", consent=Consent(frozenset(), stated=True))
GREEK = Attendee(id="ελένη", name="Ελένη Παπαδοπούλου", email="ΕΛΕΝΗ@example.gr")
PEOPLE = (ANA, BARE, CJK, GREEK)

SETTINGS = EventSettings(
    name="Réseau du jeudi",
    rounds=4,
    minutes=3.5,
    switch_seconds=45,
    table_size=3,
    odd_policy=OddPolicy.TRIO,
    two_sided=True,
    company_rule=CompanyRule.ALLOW,
    release=ReleasePolicy.MUTUAL,
    auto_advance=False,
)


def make_plan(*pairs_per_round: tuple[tuple[str, ...], ...], total: int = 0) -> Plan:
    rounds = tuple(
        Round(
            number=n,
            tables=tuple(
                Table(i, people, affinity=len(people), shared=("hockey",))
                for i, people in enumerate(tables, start=1)
            ),
            byes=(),
        )
        for n, tables in enumerate(pairs_per_round, start=1)
    )
    return Plan(rounds, PlanStats(affinity_total=total, upper_bound=total + 1))


PLAN_A = make_plan(
    (("ana@example.org", "bob"), ("李", "ελένη")),
    (("ana@example.org", "李"), ("bob", "ελένη")),
    (("ana@example.org", "ελένη"), ("bob", "李")),
    total=6,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "thursday.event"


@pytest.fixture
def store(path: Path) -> EventStore:
    with EventStore.create(path, Event(SETTINGS, PEOPLE), source="people.csv") as s:
        yield s


def actions(store: EventStore) -> list[str]:
    return [entry.action for entry in store.journal()]


# --- round trips ----------------------------------------------------------------------------


def test_event_reads_back_as_created_and_after_reopening(store: EventStore, path: Path) -> None:
    assert store.event() == Event(SETTINGS, PEOPLE)
    store.close()
    with EventStore.open(path) as again:
        assert again.event() == Event(SETTINGS, PEOPLE)
        assert again.attendees() == PEOPLE
        assert again.settings() == SETTINGS


def test_consent_stated_and_not_stated_stay_apart(store: EventStore) -> None:
    assert store.attendee("bob") is not None
    assert store.attendee("bob").consent == Consent()  # type: ignore[union-attr]
    assert store.attendee("李").consent == Consent(frozenset(), stated=True)  # type: ignore[union-attr]
    everything = attrs.evolve(BARE, consent=Consent(frozenset(SHAREABLE_FIELDS), stated=True))
    store.update_attendee(everything)
    assert store.attendee("bob") == everything


attendee_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
attendees = st.builds(
    Attendee,
    id=attendee_text.filter(str.strip),
    name=attendee_text,
    email=attendee_text,
    company=attendee_text,
    interests=st.lists(attendee_text, max_size=4).map(tuple),
    seeks=st.lists(attendee_text, max_size=2).map(tuple),
    consent=st.builds(
        Consent, st.frozensets(st.sampled_from(SHAREABLE_FIELDS)), stated=st.booleans()
    ),
    presence=st.sampled_from(Presence),
)


def test_any_attendee_reads_back_unchanged(path: Path) -> None:
    numbers = itertools.count()
    with EventStore.create(path, Event(EventSettings(name="x"))) as store:

        @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(attendees)
        def check(attendee: Attendee) -> None:
            attendee = attrs.evolve(attendee, id=f"{attendee.id}#{next(numbers)}")
            store.add_attendee(attendee)
            # Shown text comes back with escapes and bidi controls stripped, else unchanged.
            assert store.attendee(attendee.id) == attrs.evolve(
                attendee,
                name=strip_controls(attendee.name),
                email=strip_controls(attendee.email),
                company=strip_controls(attendee.company),
                interests=tuple(strip_controls(t) for t in attendee.interests),
                seeks=tuple(strip_controls(t) for t in attendee.seeks),
            )

        check()


def test_settings_update_is_stored_and_journaled(store: EventStore) -> None:
    new = attrs.evolve(SETTINGS, rounds=6, minutes=4.0)
    store.update_settings(new)
    assert store.settings() == new
    assert store.journal()[-1].action == "settings"
    assert "rounds 4 → 6" in store.journal()[-1].detail
    store.update_settings(new)  # nothing changes, nothing journaled
    assert actions(store) == ["create", "settings"]


def test_plan_round_trip_and_history(store: EventStore) -> None:
    assert store.current_plan() is None
    assert store.plan_history() == []
    stats = PlanStats(
        affinity_total=7,
        upper_bound=9,
        repeats=1,
        min_attendee_affinity=2,
        zero_meetings=1,
        solve_seconds=0.25,
        rule_breaks=("colleagues Ana and Bob share a table",),
        unmet_wants=(("ana@example.org", "李"),),
        changed_meetings=3,
    )
    trio = Plan(
        (Round(1, (Table(1, ("ana@example.org", "bob", "李"), 3, ("hockey", "go")),), ("ελένη",)),),
        stats,
    )
    assert store.save_plan(PLAN_A, reason="first plan") == 1
    assert store.save_plan(trio, reason="re-plan: table broken") == 2
    assert store.current_plan() == trio
    assert store.plan_version(1) == PLAN_A
    assert store.plan_version(2) == trio
    history = store.plan_history()
    assert [(v.version, v.reason, v.stats) for v in history] == [
        (1, "first plan", PLAN_A.stats),
        (2, "re-plan: table broken", stats),
    ]
    assert history[0].created_at <= history[1].created_at
    with pytest.raises(StoreError) as info:
        store.plan_version(3)
    assert str(info.value) == f"{store.path}: no plan version 3; versions are 1 to 2"


# --- played rounds ---------------------------------------------------------------------------


def test_played_rounds_stay_frozen_through_replans(store: EventStore) -> None:
    store.save_plan(PLAN_A, reason="first plan")
    store.mark_played(2)
    assert store.played_through() == 2
    assert store.played_rounds() == PLAN_A.rounds[:2]

    changed_round_2 = Plan((PLAN_A.rounds[0], PLAN_A.rounds[2], PLAN_A.rounds[1]))
    with pytest.raises(StoreError) as info:
        store.save_plan(changed_round_2, reason="bad re-plan")
    assert str(info.value) == (
        f"{store.path}: the new plan changes round 2, which was already played; "
        "keep played rounds as they are and re-plan the later ones"
    )
    with pytest.raises(StoreError):
        store.save_plan(Plan(PLAN_A.rounds[:1]), reason="lost a played round")

    replan = Plan(PLAN_A.rounds[:2] + make_plan((("bob", "ana@example.org"),)).rounds)
    assert store.save_plan(replan, reason="re-plan") == 2
    current = store.current_plan()
    assert current is not None and current.rounds[:2] == store.played_rounds()
    assert store.played_rounds() == PLAN_A.rounds[:2]
    with pytest.raises(sqlite3.IntegrityError, match="played is append-only"):
        store._conn.execute("UPDATE played SET data = '{}'")  # the database guards them too


def test_mark_played_refusals(store: EventStore) -> None:
    with pytest.raises(StoreError) as info:
        store.mark_played(1)
    assert str(info.value) == (
        f"{store.path}: no plan yet; make a plan before recording played rounds"
    )
    store.save_plan(PLAN_A, reason="first plan")
    store.mark_played(2)
    with pytest.raises(StoreError) as info:
        store.mark_played(1)
    assert str(info.value) == (
        f"{store.path}: rounds 1 to 2 are already played and cannot be taken back; give 2 or more"
    )
    with pytest.raises(StoreError) as info:
        store.mark_played(4)
    assert str(info.value) == f"{store.path}: the plan has only 3 rounds; give at most 3"
    store.mark_played(2)  # already so: nothing to do
    assert actions(store) == ["create", "plan", "played"]
    with pytest.raises(StoreError):
        store.update_settings(attrs.evolve(SETTINGS, rounds=1))
    assert store.settings() == SETTINGS


# --- attendees --------------------------------------------------------------------------------


def test_attendee_lookup_by_id_or_email_ignoring_case(store: EventStore) -> None:
    assert store.attendee("bob") == BARE
    assert store.attendee("ANA@EXAMPLE.ORG") == ANA
    assert store.attendee("ελενη@EXAMPLE.gr") == GREEK  # Greek capitals fold too
    assert store.attendee("nobody") is None
    assert store.attendee("") is None


def test_upsert_adds_updates_and_keeps_presence(store: EventStore) -> None:
    moved = attrs.evolve(ANA, company="Globex", presence=Presence.REGISTERED)
    new = Attendee(id="zoë", name="Zoë")
    report = store.upsert_attendees([moved, new, BARE], source="late.csv")
    assert report.added == ("zoë",)
    assert report.updated == ("ana@example.org",)  # Bob came in unchanged
    assert store.attendee("ana@example.org") == attrs.evolve(moved, presence=Presence.PRESENT)
    assert [a.id for a in store.attendees()] == [a.id for a in PEOPLE] + ["zoë"]
    assert store.journal()[-1].detail == "late.csv: 1 added, 1 updated"


def test_upsert_with_an_id_twice_changes_nothing(store: EventStore) -> None:
    before = store.event(), store.journal()
    with pytest.raises(StoreError) as info:
        store.upsert_attendees([Attendee("new", "New"), Attendee("new", "Again")], source="x")
    assert str(info.value) == f"{store.path}: attendee id 'new' is given twice; make ids unique"
    assert (store.event(), store.journal()) == before


def test_duplicate_walk_in_is_refused_and_leaves_nothing(store: EventStore) -> None:
    before = store.event(), store.journal()
    with pytest.raises(StoreError) as info:
        store.add_attendee(Attendee("bob", "Another Bob"))
    assert str(info.value) == (
        f"{store.path}: an attendee with id 'bob' is already registered; choose another id"
    )
    assert (store.event(), store.journal()) == before
    store.add_attendee(Attendee("bob2", "Another Bob"))
    assert store.journal()[-1].action == "walk-in"
    assert store.attendees()[-1].id == "bob2"


@pytest.mark.parametrize(
    "act",
    [
        lambda s: s.set_presence("bob", Presence.PRESENT),
        lambda s: s.add_attendee(Attendee("zoë", "Zoë")),
        lambda s: s.upsert_attendees(
            [Attendee("x", "X"), attrs.evolve(BARE, title="Dr")], source="f"
        ),
        lambda s: s.save_plan(PLAN_A, reason="first plan"),
        lambda s: s.add_followup("bob", "李"),
        lambda s: s.set_timer(TimerState(1, "meeting", 10.0), action="start"),
        lambda s: s.update_attendee(attrs.evolve(ANA, phone="")),
        lambda s: s.update_settings(attrs.evolve(SETTINGS, rounds=9)),
    ],
    ids=["presence", "walk-in", "import", "plan", "follow-up", "timer", "edit", "settings"],
)
def test_an_action_whose_journal_row_fails_leaves_nothing(
    store: EventStore, path: Path, monkeypatch: pytest.MonkeyPatch, act: object
) -> None:
    def clock_broken() -> str:
        raise RuntimeError("clock broken")

    before = (store.event(), store.journal(), store.current_plan(), store.followups())
    before_timer = store.timer()
    # The journal row is written last: the change before it must roll back with it.
    monkeypatch.setattr(store_schema, "utc_now", clock_broken)
    with pytest.raises(RuntimeError):
        act(store)  # type: ignore[operator]
    monkeypatch.undo()
    with EventStore.open(path) as fresh:
        assert (fresh.event(), fresh.journal(), fresh.current_plan(), fresh.followups()) == before
        assert fresh.timer() == before_timer


def test_presence_changes_are_journaled_once_each(store: EventStore) -> None:
    store.set_presence("bob", Presence.PRESENT)
    store.set_presence("bob", Presence.PRESENT)  # already present: not an action
    store.set_presence("bob", Presence.LEFT)
    assert store.attendee("bob").presence is Presence.LEFT  # type: ignore[union-attr]
    assert actions(store) == ["create", "presence", "presence"]
    assert store.journal()[-1].detail == "Bob [/] (bob): present → left"
    with pytest.raises(StoreError) as info:
        store.set_presence("nobody", Presence.PRESENT)
    assert str(info.value) == f"{store.path}: no attendee with id 'nobody'; check the attendee list"


# --- follow-ups, undo ---------------------------------------------------------------------------


def test_followups(store: EventStore) -> None:
    assert store.add_followup("bob", "ANA@example.org") is True
    assert store.add_followup("bob", "ana@example.org") is False
    assert store.add_followup("李", "bob") is True
    assert [(w.who, w.partner) for w in store.followups()] == [
        ("bob", "ana@example.org"),
        ("李", "bob"),
    ]
    assert store.remove_followup("bob", "ana@example.org") is True
    assert store.remove_followup("bob", "ana@example.org") is False
    assert [(w.who, w.partner) for w in store.followups()] == [("李", "bob")]
    assert actions(store) == ["create", "follow-up", "follow-up", "unfollow"]
    with pytest.raises(StoreError) as info:
        store.add_followup("bob", "nobody@example.org")
    assert str(info.value) == (
        f"{store.path}: no attendee 'nobody@example.org'; give an id or email from the list"
    )
    with pytest.raises(StoreError):
        store.add_followup("bob", "BOB")


def test_undo_walks_back_presence_and_followups_past_the_timer(store: EventStore) -> None:
    store.set_presence("bob", Presence.PRESENT)
    store.add_followup("bob", "李")
    store.set_timer(TimerState(1, "meeting", 5.0), action="start")
    undone = store.undo_last()
    assert undone is not None and undone.action == "follow-up"
    assert store.followups() == ()
    undone = store.undo_last()
    assert undone is not None and undone.detail == "Bob [/] (bob): registered → present"
    assert store.attendee("bob").presence is Presence.REGISTERED  # type: ignore[union-attr]
    assert store.undo_last() is None  # then comes the create: nothing more to undo
    assert actions(store)[-2:] == ["undo", "undo"]
    assert store.timer().phase == "meeting"  # the timer is not undone


def test_undo_stops_at_a_plan(store: EventStore) -> None:
    store.set_presence("bob", Presence.PRESENT)
    store.save_plan(PLAN_A, reason="first plan")
    assert store.undo_last() is None
    assert store.attendee("bob").presence is Presence.PRESENT  # type: ignore[union-attr]
    assert actions(store)[-1] == "plan"


# --- the journal, the timer, polling, read-only ------------------------------------------------


def test_journal_is_append_only(store: EventStore) -> None:
    store.set_presence("bob", Presence.PRESENT)
    for statement in ("UPDATE journal SET detail = 'x'", "DELETE FROM journal"):
        with pytest.raises(sqlite3.IntegrityError, match="journal is append-only"):
            store._conn.execute(statement)
    assert actions(store) == ["create", "presence"]
    entry = store.journal()[0]
    assert entry.detail == "created with 4 attendees from people.csv"
    assert entry.at.endswith("+00:00")


def test_timer_remaining() -> None:
    idle = TimerState()
    assert idle.remaining(now=1000.0, length_seconds=300) == 300
    running = TimerState(round=2, phase="meeting", started_at=1000.0)
    assert running.remaining(now=1100.0, length_seconds=300) == 200
    assert running.remaining(now=2000.0, length_seconds=300) == 0
    paused = attrs.evolve(running, phase="paused", paused_at=1050.0, paused_seconds=20.0)
    assert paused.remaining(now=5000.0, length_seconds=300) == 270
    resumed = attrs.evolve(running, paused_seconds=20.0, extra_seconds=60.0)
    assert resumed.remaining(now=1100.0, length_seconds=300) == 280
    assert attrs.evolve(running, phase="finished").remaining(1100.0, 300) == 0
    with pytest.raises(ValueError, match="timer phase"):
        TimerState(phase="running")


def test_timer_survives_reopening(store: EventStore, path: Path) -> None:
    assert store.timer() == TimerState()
    state = TimerState(3, "paused", 1000.5, 1090.25, 12.5, 60.0)
    store.set_timer(state, action="pause")
    store.close()
    with EventStore.open(path) as again:
        assert again.timer() == state
        assert again.timer().remaining(now=99999.0, length_seconds=300) == 300 + 60 - 77.25
        assert again.journal()[-1].detail == "pause: round 3, paused"


def test_data_version_moves_on_any_commit(store: EventStore, path: Path) -> None:
    with EventStore.open(path, readonly=True) as projector:
        seen = projector.data_version(), store.data_version()
        assert projector.data_version() == seen[0]
        store.set_presence("bob", Presence.PRESENT)
        assert projector.data_version() != seen[0]
        assert store.data_version() != seen[1]
        assert projector.attendee("bob").presence is Presence.PRESENT  # type: ignore[union-attr]
        mark = store.data_version()
        store.set_presence("bob", Presence.PRESENT)  # no change
        assert store.data_version() == mark


def test_readonly_store_refuses_writes(store: EventStore, path: Path) -> None:
    store.close()  # no WAL side files left: read-only must still open
    with EventStore.open(path, readonly=True) as ro:
        assert ro.event() == Event(SETTINGS, PEOPLE)
        with pytest.raises(StoreError) as info:
            ro.set_presence("bob", Presence.PRESENT)
        assert str(info.value) == f"{path}: opened read-only; open it normally to change it"


def test_store_can_be_used_from_a_worker_thread(store: EventStore) -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            store.save_plan(PLAN_A, reason="from a worker")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert errors == []
    assert store.current_plan() == PLAN_A
