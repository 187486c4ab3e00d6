"""`eventrunner play`, `followup` and `qr`: recording an evening after the fact, contact codes."""

from __future__ import annotations

from pathlib import Path

import click

from eventrunner.cli.common import Failure, check_output, open_event
from eventrunner.model import Attendee
from eventrunner.store import EventStore, StoreError
from eventrunner.textsafe import clean_text


def _resolve(store: EventStore, key: str) -> Attendee:
    person = store.attendee(key)
    if person is None:
        raise Failure(f"{store.path}: no attendee with id or email {key!r} (see eventrunner info)")
    return person


@click.command()
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--through", required=True, type=click.IntRange(1, 500), metavar="N")
def play(event: Path, through: int) -> None:
    """Record rounds 1..N of EVENT's plan as played (an evening run from paper)."""
    with open_event(event) as store:
        plan = store.current_plan()
        if plan is None:
            raise Failure(f"{event}: no plan yet; run eventrunner plan {event} first")
        if through > len(plan.rounds):
            raise Failure(f"{event}: the plan has only {len(plan.rounds)} rounds")
        try:
            store.mark_played(through)
        except StoreError as e:
            raise Failure(str(e)) from None
    click.echo(f"Rounds 1..{through} of {event} are recorded as played.")


@click.command()
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("who")
@click.argument("partners", nargs=-1, required=True)
def followup(event: Path, who: str, partners: tuple[str, ...]) -> None:
    """Record that WHO wants to keep in touch with each PARTNER (ids or emails)."""
    with open_event(event) as store:
        wisher = _resolve(store, who)
        others = [_resolve(store, key) for key in partners]
        met = {
            p
            for rnd in store.played_rounds()
            for table in rnd.tables
            if wisher.id in table.attendees
            for p in table.attendees
        }
        for other in others:
            if other.id == wisher.id:
                raise Failure(f"{who}: one cannot follow up with oneself")
        for other in others:
            added = store.add_followup(wisher.id, other.id)
            note = "" if other.id in met else " (they have not met in a played round)"
            state = "recorded" if added else "already recorded"
            click.echo(f"{clean_text(wisher.name)} → {clean_text(other.name)}: {state}{note}")


@click.command()
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("who")
@click.option("--svg", "svg_out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--png", "png_out", type=click.Path(dir_okay=False, path_type=Path))
def qr(event: Path, who: str, svg_out: Path | None, png_out: Path | None) -> None:
    """Show WHO's contact code (only what they agreed to share) or write it to a file."""
    from eventrunner.contacts import badge_payload
    from eventrunner.contacts import qr as qrcodes

    if svg_out and png_out:
        raise Failure("choose one of --svg and --png")
    for out in (svg_out, png_out):
        if out is not None:
            check_output(out, reading=[event])
    with open_event(event, readonly=True) as store:
        person = _resolve(store, who)
    payload = badge_payload(person)
    for warning in payload.warnings:
        click.echo(f"Note: {warning}", err=True)
    if svg_out:
        qrcodes.write_file(svg_out, qrcodes.to_svg(payload.text).encode("utf-8"))
        click.echo(f"Wrote {svg_out}.")
    elif png_out:
        qrcodes.write_png(png_out, payload.text)
        click.echo(f"Wrote {png_out}.")
    else:
        click.echo(qrcodes.to_terminal(payload.text))
        click.echo(f"{clean_text(person.name)}: {payload.describe()}")
