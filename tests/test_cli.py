"""The command line as an organizer uses it: real files in, one-line errors out."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from eventrunner.cli import cli
from eventrunner.resources import data_dir
from eventrunner.store import EventStore

SAMPLES = data_dir("sample_events")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def registrations(tmp_path: Path) -> Path:
    path = tmp_path / "registrations.csv"
    path.write_text(
        "name,email,company,interests\n"
        "Ada Lovelace,ada@example.org,Engines,math;#poetry\n"
        "Zoë Martin,zoe@example.org,Atelier,poetry;design\n"
        "王小明,wang@example.org,Engines,math;design\n"
        "Bob [/],bob@example.org,,design\n",
        encoding="utf-8",
    )
    return path


def test_new_creates_a_slugged_event_file_here(
    registrations: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("new", "Founders Mixer", "--attendees", registrations, "--rounds", "3")
    assert result.exit_code == 0, result.output
    event = tmp_path / "founders-mixer.event"
    with EventStore.open(event) as store:
        assert store.settings().name == "Founders Mixer"
        assert store.settings().rounds == 3
        assert [a.name for a in store.attendees()] == [
            "Ada Lovelace",
            "Zoë Martin",
            "王小明",
            "Bob [/]",
        ]
    assert "Created founders-mixer.event: 4 attendees" in result.output


def test_new_refuses_an_unusable_file_and_leaves_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("email,company\nx@example.org,Acme\n", encoding="utf-8")
    out = tmp_path / "x.event"
    result = CliRunner().invoke(cli, ["new", "X", "--attendees", str(bad), "-o", str(out)])
    assert result.exit_code != 0
    assert "name" in result.output
    assert not out.exists()


def test_new_refuses_to_overwrite_an_event(registrations: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.event"
    assert run("new", "X", "--attendees", registrations, "-o", out).exit_code == 0
    before = out.read_bytes()
    result = CliRunner().invoke(
        cli, ["new", "X", "--attendees", str(registrations), "-o", str(out)]
    )
    assert result.exit_code != 0
    assert out.read_bytes() == before


def test_import_adds_and_updates(registrations: Path, tmp_path: Path) -> None:
    event = tmp_path / "x.event"
    run("new", "X", "--attendees", registrations, "-o", event)
    more = tmp_path / "more.csv"
    more.write_text(
        "name;email;interests\n"
        "Ada King;ada@example.org;math\n"
        "Ωmega Ωmega;omega@example.org;poetry\n",
        encoding="utf-8",
    )
    result = run("import", event, more)
    assert result.exit_code == 0, result.output
    assert "1 added, 1 updated" in result.output
    with EventStore.open(event) as store:
        assert store.attendee("ada@example.org").name == "Ada King"  # type: ignore[union-attr]
        assert len(store.attendees()) == 5


def test_import_of_a_refused_file_changes_nothing(registrations: Path, tmp_path: Path) -> None:
    event = tmp_path / "x.event"
    run("new", "X", "--attendees", registrations, "-o", event)
    with EventStore.open(event) as store:
        journal_before = len(store.journal())
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02 not a csv \xff\xfe")
    result = CliRunner().invoke(cli, ["import", str(event), str(bad)])
    assert result.exit_code != 0
    with EventStore.open(event) as store:
        assert len(store.attendees()) == 4
        assert len(store.journal()) == journal_before


def test_export_is_formula_safe_and_reimports(tmp_path: Path) -> None:
    src = tmp_path / "evil.csv"
    src.write_text("name,company\n=HYPERLINK(1),+Acme\n@Sum,-x\n", encoding="utf-8")
    event = tmp_path / "e.event"
    assert run("new", "E", "--attendees", src, "-o", event).exit_code == 0
    out = tmp_path / "out.csv"
    assert run("export", event, "--attendees", out).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["name"] for r in rows] == ["'=HYPERLINK(1)", "'@Sum"]
    assert [r["company"] for r in rows] == ["'+Acme", "'-x"]


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.toml")))
def test_info_on_every_sample_event(sample: str, tmp_path: Path) -> None:
    event = tmp_path / "s.event"
    result = run("new", "Sample", "--attendees", SAMPLES / sample, "-o", event)
    assert result.exit_code == 0, result.output
    info = run("info", event)
    assert info.exit_code == 0
    with EventStore.open(event) as store:
        people = store.attendees()
        settings = store.settings()
    assert f"Attendees: {len(people)} registered, 0 present, 0 left" in info.output
    assert f"{settings.rounds} rounds of {settings.minutes:g} min" in info.output
    assert "Plan: none yet" in info.output


def test_generate_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run("generate", "--attendees", "50", "--seed", "7", "-o", a).exit_code == 0
    assert run("generate", "--attendees", "50", "--seed", "7", "-o", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    with a.open(encoding="utf-8-sig") as f:
        assert len(list(csv.DictReader(f))) == 50


def test_plan_json_follows_the_contract(registrations: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = run("plan", registrations, "--rounds", "2", "--time-limit", "1", "--json", out)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [r["round"] for r in doc["rounds"]] == [1, 2]
    for rnd in doc["rounds"]:
        seated = [p for t in rnd["tables"] for p in t["attendees"]] + rnd["byes"]
        assert sorted(seated) == sorted(
            ["ada@example.org", "zoe@example.org", "wang@example.org", "bob@example.org"]
        )
        for table in rnd["tables"]:
            assert set(table) >= {"table", "attendees", "affinity", "shared"}
    assert set(doc["stats"]) >= {
        "affinity_total",
        "upper_bound",
        "repeats",
        "min_attendee_affinity",
        "solve_seconds",
    }
    assert doc["stats"]["repeats"] == 0


def test_plan_on_an_event_stores_a_version(registrations: Path, tmp_path: Path) -> None:
    event = tmp_path / "x.event"
    run("new", "X", "--attendees", registrations, "-o", event, "--rounds", "2")
    result = run("plan", event, "--time-limit", "1")
    assert result.exit_code == 0, result.output
    assert "Stored as plan version 1" in result.output
    with EventStore.open(event) as store:
        plan = store.current_plan()
        assert plan is not None and len(plan.rounds) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["info", "missing.event"], "missing.event"),
        (["plan", "missing.csv"], "missing.csv"),
        (["new", "X", "--attendees", "missing.csv"], "missing.csv"),
        (["new", "X", "--attendees", "reg.csv", "--map", "nonsense"], "--map"),
    ],
)
def test_errors_are_one_line_without_traceback(
    args: list[str], message: str, tmp_path: Path, registrations: Path
) -> None:
    (tmp_path / "reg.csv").write_bytes(registrations.read_bytes())
    proc = subprocess.run(
        [sys.executable, "-m", "eventrunner", *args],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert message in lines[0]


def test_a_text_file_is_not_an_event(tmp_path: Path) -> None:
    fake = tmp_path / "notes.event"
    fake.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(cli, ["info", str(fake)])
    assert result.exit_code != 0
    assert "not an event file" in result.output
    assert fake.read_text(encoding="utf-8") == "hello"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_subcommand_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage: cli " in result.output or "Usage: " in result.output
    assert cli.commands[command].help, f"{command} has no help text"


def _one_company(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "acme.csv"
    rows = "".join(f"Person {i},Acme,{'x;y' if i % 2 else 'y;z'}\n" for i in range(n))
    path.write_text("name,company,interests\n" + rows, encoding="utf-8")
    return path


def test_plan_relaxes_the_colleague_rule_only_when_nothing_else_exists(tmp_path: Path) -> None:
    result = run("plan", _one_company(tmp_path, 7), "--rounds", "3", "--time-limit", "1")
    assert result.exit_code == 0, result.output
    assert "Relaxed, as no other plan exists: " in result.output
    assert "colleague pairs" in result.output


def test_plan_fails_in_one_line_when_rounds_exceed_partners(tmp_path: Path) -> None:
    out = tmp_path / "best.json"
    source = _one_company(tmp_path, 5)
    result = CliRunner().invoke(
        cli, ["plan", str(source), "--rounds", "6", "--time-limit", "1", "--json", str(out)]
    )
    assert result.exit_code == 1
    assert "Rule broken: " in result.output
    assert "repeated meetings" in result.output.splitlines()[-1]
    # The best plan that breaks the rule least is still offered.
    assert json.loads(out.read_text(encoding="utf-8"))["stats"]["repeats"] > 0


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.toml")))
def test_plan_on_every_sample_event(sample: str, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = run("plan", SAMPLES / sample, "--time-limit", "2", "--json", out)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["stats"]["repeats"] == 0
    assert doc["stats"]["affinity_total"] <= doc["stats"]["upper_bound"]


def test_print_writes_a_pdf_and_refuses_an_unknown_layout(tmp_path: Path) -> None:
    event = tmp_path / "hr.event"
    run("new", "HR", "--attendees", SAMPLES / "hr-tweetup.toml", "-o", event)
    run("plan", event, "--time-limit", "1")
    out = tmp_path / "maps.pdf"
    result = run("print", event, "maps", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    bad = CliRunner().invoke(
        cli, ["print", str(event), "badges", "-o", str(tmp_path / "b.pdf"), "--layout", "nope"]
    )
    assert bad.exit_code == 1
    assert "unknown layout 'nope'" in bad.output
    assert not (tmp_path / "b.pdf").exists()
