"""`eventrunner new`, `import`, `info` and `export`: making and inspecting event files."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
import click

from eventrunner.cli.common import Failure, check_output, event_slug, open_event
from eventrunner.cli.summary import event_summary
from eventrunner.importing import (
    ImportFailed,
    ImportReport,
    answers_reader,
    parse_map_options,
    read_attendees,
    read_event_toml,
    read_spellings,
    renamed,
    unknown_references,
)
from eventrunner.model import Attendee, Event, EventSettings
from eventrunner.store import EventStore, StoreError
from eventrunner.textsafe import clean_text

MAP_HELP = (
    'Use a column of the file for one of our fields, e.g. --map interests="What are your '
    'interests?" (repeatable).'
)


def _overrides(values: Sequence[str]) -> dict[str, str]:
    try:
        return parse_map_options(values)
    except ValueError as e:
        raise Failure(f"--map: {e}") from None


SYNONYMS_HELP = (
    'A TOML file of the event\'s own synonyms, "spelling" = "tag" (under [synonyms] or at '
    "the top), applied on top of seeds/ and of the event file's [synonyms]."
)


def _spellings(synonyms: Path | None) -> dict[str, str]:
    try:
        return read_spellings(synonyms) if synonyms is not None else {}
    except ImportFailed as e:
        raise Failure(str(e)) from None


def _read(
    path: Path, overrides: dict[str, str], spellings: dict[str, str] | None = None
) -> tuple[EventSettings | None, ImportReport]:
    try:
        if path.suffix.casefold() == ".toml":
            return read_event_toml(path, overrides=overrides, spellings=spellings)
        return None, read_attendees(path, overrides=overrides, spellings=spellings)
    except ImportFailed as e:
        raise Failure(str(e)) from None


def _with_warnings(report: ImportReport, extra: Sequence[str]) -> ImportReport:
    return attrs.evolve(report, warnings=(*report.warnings, *extra)) if extra else report


def _check_rounds(settings: EventSettings, people: int, *, given: bool) -> None:
    """Refuse more rounds (`--rounds`) than the attendees can fill without anyone meeting
    twice; a default or a file's own number that is too many is a warning."""
    size = settings.table_size
    if settings.two_sided or people < 2:
        return  # the sides are known only to the planner; it says what it can do
    # Each round a person meets at least size - 1 new people (a bye meets nobody, but
    # with an odd count it is what lets 1:1 rounds go one further).
    most = people - 1 + people % 2 if size == 2 else max(1, (people - 1) // (size - 1))
    if settings.rounds > most:
        words = (
            f"{people} attendees in tables of {size} can have at most {most} rounds without "
            f"anyone meeting someone twice"
        )
        if given:
            raise Failure(f"--rounds {settings.rounds}: {words}; choose {most} or fewer")
        click.echo(f"Warning: {settings.rounds} rounds, but {words} (set --rounds)", err=True)


def _toml_synonyms(path: Path) -> dict[str, str]:
    """The `[synonyms]` of a TOML event file, to keep with the event (already checked)."""
    if path.suffix.casefold() != ".toml":
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return {}
    table = data.get("synonyms")
    if not isinstance(table, dict):
        return {}
    return {clean_text(str(k)): clean_text(str(v)) for k, v in table.items()}


def _echo_report(report: ImportReport) -> None:
    for line in report.summary_lines():
        click.echo(line)


@click.command()
@click.argument("name")
@click.option(
    "--attendees",
    "attendees_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Registrations: our CSV/TOML, or an Eventbrite, Luma, Meetup or Google Forms export.",
)
@click.option("--rounds", type=click.IntRange(1, 500), help="Number of rounds (default 6).")
@click.option("--minutes", type=click.FloatRange(0.5, 240), help="Minutes per round (default 5).")
@click.option(
    "--table-size", type=click.IntRange(2, 4), help="2 for 1:1 meetings, 3 or 4 for small tables."
)
@click.option("--two-sided", is_flag=True, default=None, help="Tables always mix the two sides.")
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN", help=MAP_HELP)
@click.option(
    "--synonyms",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help=SYNONYMS_HELP,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the event file (default: <name-as-slug>.event here).",
)
def new(
    name: str,
    attendees_file: Path,
    rounds: int | None,
    minutes: float | None,
    table_size: int | None,
    two_sided: bool | None,
    maps: tuple[str, ...],
    synonyms: Path | None,
    output: Path | None,
) -> None:
    """Create an event file NAME from a registration export.

    Free-text answers are read into tags; the report shows what each answer became."""
    out = output or Path(f"{event_slug(name)}.event")
    check_output(out, reading=[attendees_file])
    spellings = _spellings(synonyms)
    settings, report = _read(attendees_file, _overrides(maps), spellings)
    report = _with_warnings(report, unknown_references(report.attendees))
    if not report.attendees:
        _echo_report(report)
        raise Failure(f"{attendees_file}: no usable attendee rows; nothing was created")
    changes: dict[str, object] = {"name": name}
    for key, value in (
        ("rounds", rounds),
        ("minutes", minutes),
        ("table_size", table_size),
        ("two_sided", two_sided),
    ):
        if value is not None:
            changes[key] = value
    try:
        settings = attrs.evolve(settings or EventSettings(name=name), **changes)
    except ValueError as e:
        raise Failure(str(e)) from None
    _check_rounds(settings, len(report.attendees), given=rounds is not None)
    try:
        EventStore.create(
            out,
            Event(settings, report.attendees),
            source=str(attendees_file),
            synonyms={**_toml_synonyms(attendees_file), **spellings},
            answers=[str(note) for note in report.answers],
            reread=answers_reader(out),
        ).close()
    except (StoreError, ImportFailed) as e:
        raise Failure(str(e)) from None
    _echo_report(report)
    click.echo(
        f"Created {out}: {len(report.attendees)} attendees, {settings.rounds} rounds of "
        f"{settings.minutes:g} min, tables of {settings.table_size}."
    )
    click.echo(f"Next: eventrunner plan {out}   then   eventrunner run {out}")


def retag_lines(before: Sequence[Attendee], after: Sequence[Attendee]) -> list[str]:
    """One line per attendee whose tags changed: `Ana: interests a, b -> a, c`."""
    old = {a.id: a for a in before}
    lines = []
    for person in after:
        was = old.get(person.id)
        if was is None:
            continue
        for field in ("interests", "offers", "seeks"):
            then, now = getattr(was, field), getattr(person, field)
            if then != now:
                lines.append(
                    f"  {person.name}: {field} {', '.join(then) or '(none)'} -> "
                    f"{', '.join(now) or '(none)'}"
                )
    return lines


@click.command(name="import")
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN", help=MAP_HELP)
@click.option(
    "--synonyms",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help=SYNONYMS_HELP
    + " Without FILE: change the event's synonyms and read every stored answer again.",
)
def import_(event: Path, file: Path | None, maps: tuple[str, ...], synonyms: Path | None) -> None:
    """Add or update attendees of EVENT from FILE (a refused file changes nothing).

    The event's own synonyms (kept from `new` and earlier imports) apply, then --synonyms.
    Every answer of the event, earlier imports and walk-ins included, is then read again, so
    a phrase two people wrote in different imports becomes a shared topic.

    `eventrunner import EVENT --synonyms FILE` (no attendees file) changes the event's
    synonyms: every stored answer is read again with them at once, so the next plan and
    the cards use the new tags (played rounds stay as they were)."""
    given = _spellings(synonyms)
    if file is None:
        if maps:
            raise Failure("--map applies to an attendees FILE; give the FILE to import")
        if synonyms is None:
            raise Failure(
                "give an attendees FILE to import, or --synonyms FILE to change the event's "
                "synonyms (see eventrunner import --help)"
            )
        _change_synonyms(event, given)
        return
    with open_event(event, readonly=True) as store:
        kept, _ = store.interest_reading()
    spellings = {**kept, **_toml_synonyms(file), **given}
    _, report = _read(file, _overrides(maps), spellings)
    if not report.attendees:
        _echo_report(report)
        raise Failure(f"{file}: no usable attendee rows; the event was not changed")
    with open_event(event) as store:
        before = store.attendees()
        report = _with_warnings(
            report,
            [
                *unknown_references(report.attendees, known=before),
                *renamed(before, report.attendees),
            ],
        )
        _echo_report(report)
        try:
            result = store.upsert_attendees(
                report.attendees,
                source=str(file),
                synonyms=spellings,
                answers=[str(note) for note in report.answers],
                reread=answers_reader(event),
            )
            after = store.attendees()
        except (StoreError, ImportFailed) as e:
            raise Failure(str(e)) from None
    click.echo(f"{len(result.added)} added, {len(result.updated)} updated in {event}.")
    # Attendees of earlier imports (and this one's) who now share a topic across imports.
    earlier = [a for a in after if a.id in set(result.retagged)]
    if earlier:
        click.echo(
            f"Answers of the whole event read again: tags of {len(earlier)} "
            f"attendee{'s' if len(earlier) != 1 else ''} changed (topics shared across "
            "imports):"
        )
        merged = {a.id: a for a in before} | {a.id: a for a in report.attendees}
        for line in retag_lines([merged[a.id] for a in earlier if a.id in merged], earlier):
            click.echo(line)


def _change_synonyms(event: Path, given: Mapping[str, str]) -> None:
    """Store the event's new synonyms and read every stored answer again, in one go."""
    with open_event(event) as store:
        before = store.attendees()
        try:
            changed = store.reread_answers(
                answers_reader(event), reason="event synonyms changed", synonyms=given
            )
            after = store.attendees()
            kept, _ = store.interest_reading()
        except (StoreError, ImportFailed) as e:
            raise Failure(str(e)) from None
    click.echo(
        f"Event synonyms ({len(kept)}): "
        + ", ".join(f"{k} -> {v}" for k, v in sorted(kept.items()))
    )
    if not any(a.answers for a in before):
        click.echo(
            f"No typed answers are stored in {event} (imported by an older eventrunner): "
            "tags are unchanged; import the attendees file again to apply the synonyms."
        )
        return
    click.echo(
        f"Every stored answer read again: tags of {len(changed)} "
        f"attendee{'s' if len(changed) != 1 else ''} changed; the next plan and the cards "
        "use them."
    )
    for line in retag_lines(before, after):
        click.echo(line)


@click.command()
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
def info(event: Path) -> None:
    """Summarize EVENT: settings, who is coming, interests, warnings, plan."""
    with open_event(event, readonly=True) as store:
        for line in event_summary(store):
            # The event name and attendee text may carry escapes from an old file.
            click.echo(clean_text(line))


@click.command()
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--attendees",
    "attendees_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write all attendees as our native CSV (formula-safe).",
)
@click.option(
    "--vcf",
    "vcf_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one .vcf per attendee with the contacts they may keep.",
)
@click.option(
    "--mail-merge",
    "mail_merge_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write one row per attendee: email, name, follow-up summary, contacts.",
)
@click.option(
    "--plan",
    "plan_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the stored plan as JSON, in the `plan --json` shape (nothing is re-solved).",
)
def export(
    event: Path,
    attendees_out: Path | None,
    vcf_dir: Path | None,
    mail_merge_out: Path | None,
    plan_out: Path | None,
) -> None:
    """Export attendees, follow-up contacts (.vcf), a mail-merge CSV or the plan from EVENT."""
    from eventrunner.contacts import exporting
    from eventrunner.contacts.followup import followups

    outputs = (attendees_out, vcf_dir, mail_merge_out, plan_out)
    if all(out is None for out in outputs):
        raise Failure("say what to export: --attendees, --vcf, --mail-merge or --plan (see --help)")
    for out in (attendees_out, mail_merge_out, plan_out):
        if out is not None:
            check_output(out, reading=[event])
    with open_event(event, readonly=True) as store:
        whole = store.event()
        played, wishes = store.played_rounds(), store.followups()
        stored = store.current_plan()
    if plan_out is not None:
        from eventrunner.cli.plan_cmd import plan_json, write_json

        if stored is None:
            raise Failure(f"{event} has no plan yet; make one with `eventrunner plan {event}`")
        write_json(plan_out, plan_json(stored))
        click.echo(f"Wrote the stored plan ({len(stored.rounds)} rounds) to {plan_out}.")
    if attendees_out is not None:
        exporting.write_attendees_csv(whole.attendees, attendees_out)
        click.echo(f"Wrote {len(whole.attendees)} attendees to {attendees_out}.")
    if vcf_dir is not None or mail_merge_out is not None:
        if not played:
            click.echo("Note: no round is recorded as played yet, so nobody has met anyone.")
        packs = followups(whole, played, wishes)
        if vcf_dir is not None:
            files, cards = exporting.write_vcf_dir(whole, packs, vcf_dir)
            click.echo(f"Wrote {files} .vcf files with {cards} contacts to {vcf_dir}.")
        if mail_merge_out is not None:
            rows = exporting.write_mail_merge(whole, packs, mail_merge_out)
            click.echo(f"Wrote {rows} mail-merge rows to {mail_merge_out}.")
