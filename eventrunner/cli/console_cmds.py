"""`eventrunner run`, `demo`, `project` and `serve`: the console and the projector view.

Textual is imported only inside these commands, so the rest of the CLI starts fast and the
core stays free of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs
import click
import platformdirs

from eventrunner.cli.common import Failure, open_event
from eventrunner.importing import ImportFailed, read_event_toml
from eventrunner.model import Attendee, Event, Presence
from eventrunner.resources import data_dir
from eventrunner.store import EventStore, StoreError, in_use


def _check(path: Path) -> None:
    """Refuse a missing or foreign file with one line before the full-screen app starts."""
    with open_event(path, readonly=True):
        pass


@click.command()
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
def run(event: Path) -> None:
    """Open the organizer console on EVENT."""
    _check(event)
    from eventrunner.tui import run_console

    run_console(event)


def demo_event(sample: str, *, fresh: bool = False) -> tuple[Path, bool]:
    """The demo copy of a bundled sample event in the user's data folder, with a plan.

    The copy made last time is reopened (its progress kept) unless `fresh`; a fresh copy
    never replaces a file another eventrunner has open. Returns the path and whether it was
    made now.
    """
    from eventrunner.scheduling import plan

    source = data_dir("sample_events") / f"{sample}.toml"
    if not source.is_file():
        names = sorted(p.stem for p in data_dir("sample_events").glob("*.toml"))
        raise Failure(f"no sample event {sample!r}; choose one of: {', '.join(names)}")
    folder = Path(platformdirs.user_data_dir("eventrunner")) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{sample}.event"
    if target.exists() and not fresh:
        with open_event(target, readonly=True):
            pass  # a damaged copy is refused here, with what to do
        return target, False
    if in_use(target):
        raise Failure(
            f"{target}: the demo is open in another eventrunner; close it first "
            "(or run `eventrunner demo` without --fresh to join it)"
        )
    try:
        settings, report = read_event_toml(source)
    except ImportFailed as e:
        raise Failure(str(e)) from None
    assert settings is not None, "sample events carry their settings"
    for leftover in folder.glob(f"{sample}.event*"):
        leftover.unlink()
    try:
        people = demo_door(report.attendees)
        here = [a for a in people if a.presence is Presence.PRESENT]
        with EventStore.create(target, Event(settings, people), source=str(source)) as s:
            s.save_plan(plan(here, settings, time_limit=2.0), reason="demo plan")
    except StoreError as e:
        raise Failure(str(e)) from None
    return target, True


def demo_door(attendees: Sequence[Attendee]) -> tuple[Attendee, ...]:
    """The door of a demo evening: most people checked in, about one in eight not here yet
    (check them in to see a walk-in re-plan); the plan is made for those present, so the
    first round seats nobody who is missing."""
    return tuple(
        a if i % 8 == 5 else attrs.evolve(a, presence=Presence.PRESENT)
        for i, a in enumerate(attendees)
    )


@click.command()
@click.option(
    "--sample",
    default="founders-mixer",
    show_default=True,
    help="Which bundled sample event to copy.",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Start over from a new copy (refused while the demo is open elsewhere).",
)
def demo(sample: str, fresh: bool) -> None:
    """Open the console on the demo copy of a bundled sample event (made on first use)."""
    target, made = demo_event(sample, fresh=fresh)
    if made:
        click.echo(f"Demo event: {target}")
    else:
        click.echo(f"Demo event: {target} (reopened with its progress; --fresh starts over)")
    from eventrunner.tui import run_console

    run_console(target)


@click.command()
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
def project(event: Path) -> None:
    """Show the projector view of EVENT in this terminal (read-only)."""
    _check(event)
    from eventrunner.tui import run_projector

    run_projector(event)


@click.command()
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve(event: Path, port: int) -> None:
    """Serve the projector view of EVENT to a browser (for a venue projector)."""
    _check(event)
    from eventrunner.tui import serve_projector

    serve_projector(event, port)
