"""`eventrunner export EVENT --plan OUT.json`: the stored plan, in the `plan --json` shape,
without solving (the stored plan and the file's plan history stay as they were)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from eventrunner.cli import cli
from eventrunner.cli.plan_cmd import plan_json
from eventrunner.store import EventStore


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _event(tmp_path: Path) -> Path:
    people = tmp_path / "people.csv"
    people.write_text(
        "name,interests\n" + "".join(f"Person {i},t{i % 3};t{i % 5}\n" for i in range(10)),
        encoding="utf-8",
    )
    event = tmp_path / "e.event"
    assert run("new", "E", "--attendees", people, "--rounds", "3", "-o", event).exit_code == 0
    return event


def test_export_plan_writes_the_stored_plan(tmp_path: Path) -> None:
    event = _event(tmp_path)
    assert run("plan", event, "--rounds", "3", "--time-limit", "1").exit_code == 0
    with EventStore.open(event, readonly=True) as store:
        stored = store.current_plan()
        versions = len(store.plan_history())
    assert stored is not None
    out = tmp_path / "plan.json"
    result = run("export", event, "--plan", out)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(json.dumps(plan_json(stored)))
    with EventStore.open(event, readonly=True) as store:
        assert len(store.plan_history()) == versions  # nothing was re-solved or stored


def test_export_plan_without_a_plan_or_over_the_event_is_one_line(tmp_path: Path) -> None:
    event = _event(tmp_path)
    result = run("export", event, "--plan", tmp_path / "plan.json")
    assert result.exit_code != 0
    assert "has no plan yet" in result.output and "Traceback" not in result.output
    before = event.read_bytes()
    result = run("export", event, "--plan", event)
    assert result.exit_code != 0 and "is the file being read" in result.output
    assert event.read_bytes() == before
