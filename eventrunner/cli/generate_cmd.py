"""`eventrunner generate`: realistic synthetic attendees for demos and benchmarks."""

from __future__ import annotations

from pathlib import Path

import click

from eventrunner.cli.common import check_output
from eventrunner.contacts.exporting import write_attendees_csv
from eventrunner.generate import generate_attendees


@click.command()
@click.option("--attendees", "count", required=True, type=click.IntRange(1, 100_000))
@click.option("--seed", default=0, show_default=True, help="Same seed, same people.")
@click.option("--two-sided", is_flag=True, help="Give everyone a side (mentor / mentee).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def generate(count: int, seed: int, two_sided: bool, output: Path) -> None:
    """Write COUNT synthetic attendees as our native CSV."""
    check_output(output)
    people = generate_attendees(count, seed=seed, two_sided=two_sided)
    write_attendees_csv(people, output)
    companies = len({a.company_key for a in people if a.company_key})
    firms = f"{companies} compan{'y' if companies == 1 else 'ies'}"
    click.echo(f"Wrote {len(people)} attendees from {firms} to {output}.")
