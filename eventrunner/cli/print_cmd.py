"""`eventrunner print`: the PDFs a real event needs, from the event file."""

from __future__ import annotations

from pathlib import Path

import click

from eventrunner.cli.common import Failure, check_output, open_event

KIND_HELP = {
    "badges": "name badges with a contact QR code, on a label sheet",
    "maps": "one page per round: who sits at which table and what they share",
    "lookup": "per round, an alphabetical 'find your table' list",
    "cards": "one itinerary card per attendee, several per sheet with cut marks",
    "followups": "one follow-up page per attendee (after the event)",
    "slips": "after a re-plan: only the people whose tables changed",
    "alignment": "label outlines only, to check a sheet lines up with your printer",
}


PRINT_HELP = "Print WHAT for EVENT to a PDF.\n\n\b\nWHAT is one of:\n" + "\n".join(
    f"  {kind:<10} {text}" for kind, text in KIND_HELP.items()
)


@click.command(name="print", help=PRINT_HELP)
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("what", type=click.Choice(tuple(KIND_HELP)), metavar="WHAT")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--layout",
    help="A layout name from layouts/ (e.g. avery-5392, avery-l7418, a4-cut) or a .toml path; "
    "default: the plain cut sheet of your locale's paper size.",
)
@click.option(
    "--skip",
    default=0,
    show_default=True,
    type=click.IntRange(0, 100),
    help="Labels already used on the first sheet (badges).",
)
@click.option(
    "--only",
    multiple=True,
    metavar="WHO",
    help="Print only for this attendee (id or email; repeatable): a reprinted badge or card.",
)
@click.option(
    "--double-sided",
    is_flag=True,
    help="Badges: follow each sheet with its back (the name again and the evening's tables), "
    "for holders that flip; print duplex, flipping on the long edge.",
)
@click.option(
    "--fold",
    is_flag=True,
    help="Cards: fold-over cards (a cover with the name and side, the evening inside).",
)
def print_cmd(
    event: Path,
    what: str,
    output: Path,
    layout: str | None,
    skip: int,
    only: tuple[str, ...],
    double_sided: bool,
    fold: bool,
) -> None:
    from eventrunner.printing import PrintError, print_pdf

    check_output(output, reading=[event])

    with open_event(event, readonly=True) as store:
        ids = []
        for key in only:
            person = store.attendee(key)
            if person is None:
                raise Failure(f"{event}: no attendee with id or email {key!r}")
            ids.append(person.id)
        try:
            report = print_pdf(
                what,
                store,
                output,
                layout=layout,
                warn=lambda message: click.echo(f"Warning: {message}", err=True),
                only=ids or None,
                skip=skip,
                double_sided=double_sided,
                fold=fold,
            )
        except PrintError as e:
            raise Failure(str(e)) from None
    click.echo(f"Wrote {report.path}: {report.pages} pages, {report.items} {what}.")
