"""Pilot tests of live changes: a late arrival or a departure proposes a re-plan of the rounds
not started; the organizer reviews who is affected and applies it or keeps the plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tuikit import FakeClock, notes, screen_text

from eventrunner.model import Presence
from eventrunner.store import EventStore
from eventrunner.tui import make_app, solving
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.screens.replan import ReplanModal
from eventrunner.tui.text import clean


@pytest.fixture(autouse=True)
def quick_replan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solving, "PROPOSAL_DELAY", 0.05)
    monkeypatch.setattr(solving, "REPLAN_SECONDS", 0.5)


async def proposal_ready(pilot: object, app: ConsoleApp) -> None:
    for _ in range(100):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        if app.pending is not None:
            return
    raise AssertionError("no re-plan was proposed")


async def test_late_arrival_proposes_a_replan_that_keeps_the_running_round(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        before = app.plan
        assert before is not None
        late = next(a for a in app.attendees if a.presence is Presence.REGISTERED)
        await pilot.press("space", "f3")  # round 1 runs
        app.screen.query_one("#search").value = late.email  # type: ignore[attr-defined]
        await pilot.press("enter")
        await proposal_ready(pilot, app)
        proposal = app.pending
        assert proposal is not None and proposal.frozen == 1
        assert late.id in proposal.change.affected
        await pilot.press("f2")
        assert "Re-plan ready" in screen_text(app)
        assert f"{proposal.change.changed_meetings} announced meetings change" in screen_text(app)
        await pilot.press("r")
        assert isinstance(app.screen, ReplanModal)
        text = screen_text(app)
        assert "Re-plan rounds 2–4?" in text
        assert clean(late.name) in text
        await pilot.press("y")
        await pilot.pause()
        assert app.pending is None
    with EventStore.open(path, readonly=True) as s:
        after = s.current_plan()
        assert after is not None and len(s.plan_history()) == 2
        assert after.rounds[0] == before.rounds[0]
        assert all(r.table_of(late.id) is not None or late.id in r.byes for r in after.rounds[1:])
        assert s.plan_history()[-1].reason.startswith("re-plan:")


async def test_departure_proposal_can_be_declined(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", *"omega", "ctrl+l")
        await proposal_ready(pilot, app)
        assert app.pending is not None and app.pending.frozen == 0
        assert "Ω Omega left" in app.pending.reason
        assert "Re-plan ready" in notes(app)
        await pilot.press("f2", "r", "n")
        assert app.pending is None
        assert "Re-plan ready" not in screen_text(app)
    with EventStore.open(path, readonly=True) as s:
        assert len(s.plan_history()) == 1


async def test_checking_in_someone_the_plan_already_seats_proposes_nothing(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(present=0)
    # Nobody checked in, but the plan seats the first ten: checking one of them in is no change.
    with EventStore.open(path) as s:
        plan = s.current_plan()
        assert plan is not None
        seated = plan.rounds[0].tables[0].attendees[0]
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        name = app.people[seated].email
        await pilot.press("f3", *name, "enter")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        assert app.people[seated].presence is Presence.PRESENT
        assert app.pending is None
