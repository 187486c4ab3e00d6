"""`eventrunner plan`: schedule all rounds without the console, for a CSV or an event file."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import attrs
import click

from eventrunner.cli.common import Failure, check_output, open_event
from eventrunner.files import follow_umask, is_event_file
from eventrunner.importing import ImportFailed, read_attendees, read_event_toml
from eventrunner.model import Attendee, EventSettings, Plan, Presence
from eventrunner.scheduling import PlanningError, Progress, plan, replan
from eventrunner.scheduling.report import BREAK_WORDS
from eventrunner.store import EventStore, StoreError


def plan_json(p: Plan) -> dict[str, Any]:
    """The `--json` document of PRODUCT.md (extra keys may be added, none removed)."""
    st = p.stats
    return {
        "rounds": [
            {
                "round": r.number,
                "tables": [
                    {
                        "table": t.number,
                        "attendees": list(t.attendees),
                        "affinity": t.affinity,
                        "shared": list(t.shared),
                    }
                    for t in r.tables
                ],
                "byes": list(r.byes),
            }
            for r in p.rounds
        ],
        "stats": {
            "affinity_total": st.affinity_total,
            "upper_bound": st.upper_bound,
            "repeats": st.repeats,
            "min_attendee_affinity": st.min_attendee_affinity,
            "solve_seconds": round(st.solve_seconds, 3),
            "percent_of_bound": round(st.percent_of_bound, 2),
            "zero_affinity_meetings": st.zero_meetings,
            "changed_meetings": st.changed_meetings,
            "changed_people": st.changed_people,
            "moves": list(st.moves),
            "rule_breaks": list(st.rule_breaks),
            "unmet_wants": [list(w) for w in st.unmet_wants],
        },
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    follow_umask(fd)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(document, f, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def summary_lines(p: Plan, people: int) -> list[str]:
    """The human summary printed after planning."""
    st = p.stats
    lines = [
        f"Planned {len(p.rounds)} rounds for {people} attendees in {st.solve_seconds:.1f} s.",
        f"Affinity {st.affinity_total} of a possible {st.upper_bound} "
        + (
            "(proven optimal)."
            if st.proven_optimal
            else f"({st.percent_of_bound:.1f}% of the bound)."
        ),
        f"Fairness: the least-served attendee shares {st.min_attendee_affinity} in total; "
        f"{st.zero_meetings} meetings with nothing in common.",
        f"Repeats: {st.repeats}.",
    ]
    for who, whom in st.unmet_wants:
        lines.append(f"Request not met: {who} wanted to meet {whom}.")
    hard = hard_breaks(p)
    for rule in st.rule_breaks:
        label = "Rule broken" if rule in hard else "Relaxed, as no other plan exists"
        lines.append(f"{label}: {rule}")
    return lines


def hard_breaks(p: Plan) -> list[str]:
    """The broken rules that make a plan unacceptable.

    Colleagues may sit together when no other plan exists (PRODUCT.md: "not paired while any
    other plan exists"): that is reported, but it does not fail the command.
    """
    soft = BREAK_WORDS["colleagues"]
    return [line for line in p.stats.rule_breaks if soft not in line]


class _ProgressLine:
    """One overwritten line on stderr while the solver works (only on a terminal)."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()

    def __call__(self, p: Progress) -> None:
        if self.live:
            click.echo(f"\r{p.message[:78]:<78}", err=True, nl=False)

    def done(self) -> None:
        if self.live:
            click.echo("\r" + " " * 78 + "\r", err=True, nl=False)


def _settings_for_file(path: Path) -> tuple[EventSettings, list[Attendee]]:
    try:
        if path.suffix.casefold() == ".toml":
            settings, report = read_event_toml(path)
        else:
            settings, report = None, read_attendees(path)
    except ImportFailed as e:
        raise Failure(str(e)) from None
    for problem in report.problems:
        click.echo(f"Skipped: {problem}", err=True)
    return settings or EventSettings(name=path.stem), list(report.attendees)


def _read_answers_again(store: EventStore, source: Path) -> None:
    """Typed answers changed since their tags were read (a walk-in, an edit in the console):
    read the whole event's answers again with its synonyms before planning, in one write."""
    if not store.answers_stale():
        return
    from eventrunner.importing import answers_reader

    try:
        changed = store.reread_answers(answers_reader(source), reason="eventrunner plan")
    except (StoreError, ImportFailed) as e:
        raise Failure(f"{e}; nothing was planned") from None
    if changed:
        click.echo(
            f"Answers read again (walk-ins, edits, event synonyms): tags of {len(changed)} "
            f"attendee{'s' if len(changed) != 1 else ''} changed."
        )


@click.command(name="plan")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rounds", type=click.IntRange(1, 500), help="Rounds to plan.")
@click.option("--table-size", type=click.IntRange(2, 4), help="2 for 1:1, 3 or 4 for tables.")
@click.option("--two-sided", is_flag=True, default=None, help="Tables always mix the two sides.")
@click.option(
    "--time-limit",
    type=click.FloatRange(0.1, 3600),
    default=10.0,
    show_default=True,
    help="Seconds to spend improving the plan (a very large event's first plan may take "
    "longer; plan then says how long).",
)
@click.option(
    "--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Write the plan."
)
def plan_cmd(
    source: Path,
    rounds: int | None,
    table_size: int | None,
    two_sided: bool | None,
    time_limit: float,
    json_out: Path | None,
) -> None:
    """Plan the rounds for SOURCE (an attendees CSV/TOML, or an EVENT file, which stores it)."""
    is_event = source.suffix == ".event" or is_event_file(source)
    if json_out is not None:
        check_output(json_out, reading=[source])
    based_on = None
    if is_event:
        with open_event(source) as store:
            # Before a minute of solving: can the plan be stored at all?
            try:
                store.check_writable()
            except StoreError as e:
                raise Failure(str(e)) from None
            _read_answers_again(store, source)
            settings, everyone = store.settings(), store.attendees()
            previous, based_on = store.current_plan(), store.plan_version_number()
            # The round at the tables is kept as it is, like the played ones.
            played = store.frozen_rounds()
        # Before the doors open nobody is checked in: plan for everyone who has not left.
        present = [a for a in everyone if a.presence is Presence.PRESENT]
        people = present or [a for a in everyone if a.presence is not Presence.LEFT]
    else:
        settings, people = _settings_for_file(source)
        previous, played = None, 0
    changes = {
        k: v
        for k, v in (("rounds", rounds), ("table_size", table_size), ("two_sided", two_sided))
        if v is not None
    }
    try:
        settings = attrs.evolve(settings, **changes)
    except ValueError as e:
        raise Failure(str(e)) from None
    if played and rounds is not None and rounds < played:
        raise Failure(f"{source}: {played} rounds are already played; --rounds must be >= that")
    progress = _ProgressLine()
    try:
        if previous is not None and played:
            result = replan(
                people, settings, previous, played, time_limit=time_limit, progress=progress
            )
        else:
            result = plan(people, settings, time_limit=time_limit, progress=progress)
    except PlanningError as e:
        progress.done()
        raise Failure(f"{source}: {e}") from None
    progress.done()
    for line in summary_lines(result, len(people)):
        click.echo(line)
    if result.stats.solve_seconds > 1.2 * time_limit + 0.5:
        # The first plan has to be complete, whatever the limit: say what this size needs.
        click.echo(
            f"Note: the first plan for {len(people)} attendees took "
            f"{result.stats.solve_seconds:.0f} s, more than --time-limit {time_limit:g}; "
            f"allow at least --time-limit {2 * result.stats.solve_seconds:.0f} to improve it.",
            err=True,
        )
    if json_out is not None:
        write_json(json_out, plan_json(result))
        click.echo(f"Wrote {json_out}.")
    hard = hard_breaks(result)
    if hard:
        raise Failure(
            f"{source}: the hard rules cannot all be met ({hard[0]}); "
            "the best plan above breaks them least" + (" and was not stored" if is_event else "")
        )
    if is_event:
        reason = "re-plan" if played else "plan"
        with open_event(source) as store:
            try:
                if changes:
                    # Only what was asked, over the settings as they are now.
                    store.change_settings(lambda now: attrs.evolve(now, **changes))
                version = store.save_plan(
                    result, reason=f"{reason} (eventrunner plan)", based_on=based_on
                )
            except StoreError as e:
                raise Failure(f"{e}; nothing was stored") from None
        click.echo(f"Stored as plan version {version} in {source}.")
