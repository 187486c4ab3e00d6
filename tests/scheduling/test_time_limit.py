"""The time limit at scale: a tiny limit on many people still gives a complete, valid plan.

Timings are figures for benchmarks/, never assertions here: these tests check that a plan
comes back whole and keeps every rule however short the limit, that the cheaper bound used
when time is short is still a bound, and that `plan` says when a first plan needed longer.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from eventrunner.generate import generate_attendees
from eventrunner.model import EventSettings, Plan, PlanStats
from eventrunner.scheduling import plan
from eventrunner.scheduling.pairs import bound as pairs_bound
from eventrunner.scheduling.pairs.bound import best_pairs_bound, best_partners_bound, lp_bound
from eventrunner.scheduling.validation import assert_valid


@pytest.mark.parametrize(("n", "size"), [(700, 2), (301, 2), (400, 4), (240, 3)])
def test_a_tiny_time_limit_still_gives_a_valid_plan(n: int, size: int) -> None:
    people = generate_attendees(n, seed=11)
    s = EventSettings("scale", rounds=5, table_size=size)
    result = plan(people, s, time_limit=0.1)
    assert_valid(result, people, s)
    assert len(result.rounds) == 5
    seated = {a for r in result.rounds for t in r.tables for a in t.attendees}
    byes = {a for r in result.rounds for a in r.byes}
    assert seated | byes == {a.id for a in people}
    assert result.stats.repeats == 0
    assert result.stats.upper_bound > 0
    assert result.stats.affinity_total <= result.stats.upper_bound


def test_the_quick_bound_is_never_below_the_lp_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pairs_bound, "FLOW_PAST_DEADLINE", 0)
    rng = np.random.default_rng(4)
    for _ in range(5):
        n = int(rng.integers(6, 40))
        w = rng.integers(0, 5, (n, n))
        w = np.triu(w, 1) + np.triu(w, 1).T
        allowed = ~np.eye(n, dtype=np.bool_)
        degree = int(rng.integers(1, 6))
        exact = lp_bound(w, allowed, degree=degree, meetings=degree * (n // 2))
        usable = allowed & (w > 0)
        meetings = degree * (n // 2)
        assert best_partners_bound(w, usable, degree, 1) >= exact
        assert best_pairs_bound(w, usable, meetings, 1) >= exact
        # Past the deadline the LP is skipped and the better quick bound is returned.
        late = lp_bound(w, allowed, degree=degree, meetings=meetings, deadline=0.0)
        quick = min(
            best_partners_bound(w, usable, degree, 1), best_pairs_bound(w, usable, meetings, 1)
        )
        assert exact <= late == quick


def test_past_the_deadline_no_lp_is_solved(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kw: object) -> None:
        raise AssertionError("an LP was solved after the deadline")

    monkeypatch.setattr(pairs_bound, "_double_cover_flow", refuse)
    monkeypatch.setattr(pairs_bound, "FLOW_PAST_DEADLINE", 20)
    w = np.ones((10, 10), dtype=np.int64) - np.eye(10, dtype=np.int64)
    # 45 pairs, more than the 20 the flow is still solved for past the deadline.
    assert lp_bound(w, w > 0, degree=3, meetings=15, deadline=0.0) == 15


def test_past_the_deadline_a_small_flow_is_still_solved() -> None:
    w = np.ones((10, 10), dtype=np.int64) - np.eye(10, dtype=np.int64)
    w[0, 1] = w[1, 0] = 5
    exact = lp_bound(w, w > 0, degree=1, meetings=5)
    assert lp_bound(w, w > 0, degree=1, meetings=5, deadline=0.0) == exact == 9


def test_plan_says_when_the_first_plan_needed_longer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    from eventrunner.cli import cli

    plan_cmd = importlib.import_module("eventrunner.cli.plan_cmd")

    source = tmp_path / "people.csv"
    source.write_text("name,email\nAda,ada@x.org\nBob,bob@x.org\nCy,cy@x.org\nDee,d@x.org\n")
    real = plan_cmd.plan

    def slow(*args: object, **kw: object) -> Plan:
        made = real(*args, **kw)  # type: ignore[arg-type]
        stats = PlanStats(**{**_fields(made.stats), "solve_seconds": 42.0})
        return Plan(rounds=made.rounds, stats=stats)

    monkeypatch.setattr(plan_cmd, "plan", slow)
    result = CliRunner().invoke(cli, ["plan", str(source), "--rounds", "2", "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    assert "took 42 s, more than --time-limit 5" in result.output
    assert "--time-limit 84" in result.output

    monkeypatch.setattr(plan_cmd, "plan", real)
    quick = CliRunner().invoke(cli, ["plan", str(source), "--rounds", "2", "--time-limit", "5"])
    assert "more than --time-limit" not in quick.output


def _fields(stats: PlanStats) -> dict[str, object]:
    import attrs

    return attrs.asdict(stats, recurse=False)
