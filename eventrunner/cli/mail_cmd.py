"""`eventrunner mail`: every attendee's follow-up by email, exactly once.

The command line face of `mailing`: it gathers the server, sender and template, reads the
password from EVENTRUNNER_SMTP_PASSWORD or a prompt (never from the command line), shows a
progress bar, and ends with a summary. Settings used (never the password) are remembered in
the event file, so the next run, or the console, needs only the password. Exit 0 when every
message this run tried was accepted.
"""

from __future__ import annotations

import os
import signal
import sys
import unicodedata
from pathlib import Path
from types import FrameType
from typing import Any

import attrs
import click

from eventrunner.cli.common import Failure, open_event
from eventrunner.model import Attendee
from eventrunner.store import EventStore, MailServer, StoreError
from eventrunner.textsafe import clean_text

#: Where the SMTP password comes from when it is not typed at the prompt.
PASSWORD_VARIABLE = "EVENTRUNNER_SMTP_PASSWORD"


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", clean_text(text).casefold())
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())


def find_attendee(store: EventStore, key: str) -> Attendee:
    """By id or email, else by a name that only one attendee has."""
    person = store.attendee(key)
    if person is not None:
        return person
    named = [a for a in store.attendees() if _fold(a.name) == _fold(key)]
    if len(named) == 1:
        return named[0]
    if named:
        raise Failure(f"{len(named)} attendees are called {key!r}; give an id or email instead")
    raise Failure(f"{store.path}: no attendee {key!r} (id, email or name; see eventrunner info)")


def password_for(user: str) -> str:
    """The SMTP password: the environment first, then a hidden prompt on a terminal."""
    if not user:
        return ""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise Failure(
            f"--user {user} needs a password: set {PASSWORD_VARIABLE} "
            "(a password is never read from the command line)"
        )
    return str(click.prompt(f"SMTP password for {user}", hide_input=True))


@click.command()
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--smtp", "server", metavar="HOST[:PORT]", help="The SMTP server (remembered).")
@click.option("--starttls", "security", flag_value="starttls", help="Require STARTTLS.")
@click.option("--ssl", "security", flag_value="ssl", help="Implicit TLS (usually port 465).")
@click.option("--user", default=None, help="Login name; the password comes from the prompt.")
@click.option("--from", "sender", metavar="ADDRESS", help="From, e.g. 'Ana <ana@example.org>'.")
@click.option("--reply-to", metavar="ADDRESS", help="Where replies go.")
@click.option("--subject", metavar="TEXT", help="Subject line instead of the template's.")
@click.option("--note", metavar="TEXT", help="Your words to everyone instead of the template's.")
@click.option(
    "--template", type=click.Path(dir_okay=False, path_type=Path), help="Your mail template."
)
@click.option("--only", "only", metavar="WHO", help="Send only WHO's follow-up (id, email, name).")
@click.option("--test-to", metavar="ADDRESS", help="Send one follow-up to ADDRESS, as a test.")
@click.option(
    "--dry-run",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Write one .eml per attendee to DIR; send nothing.",
)
@click.option("--per-minute", type=click.IntRange(1, 10_000), help="Throttle (default 60).")
@click.option(
    "--cafile",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Trust this certificate too (a self-run server).",
)
@click.option(
    "--save-template",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the default template to FILE to edit, and stop.",
)
def mail(event: Path, **options: Any) -> None:
    """Email each attendee of EVENT their follow-up, exactly once.

    Each message has a plain-text and an HTML body (whom they met and what they share,
    matches, people to meet next, your note), their follow-up PDF page and a contacts.vcf of
    the contacts they may keep. Running it again sends only what was not sent; failures are
    listed and retried on the next run. The password comes from EVENTRUNNER_SMTP_PASSWORD or
    a prompt, never from the command line.

    \b
    A test to yourself first, then everyone:
      eventrunner mail EV --smtp smtp.example.org --user me --from me@example.org \\
                          --only "Ana Lima" --test-to me@example.org
      eventrunner mail EV
    """

    if options["save_template"] is not None:
        _save_template(options["save_template"], event)
        return
    with open_event(event) as store:
        remembered = store.mail_server()
        job, server = _job(store, remembered, options)
        spec = None
        if options["dry_run"] is None:
            spec = _spec(server, options["cafile"])
        else:
            _check_folder(options["dry_run"], event)
        if spec is not None:
            _remember(store, server)  # before sending: a run killed midway is resumed as is
        summary = _run(store, job, spec, options["dry_run"])
    _report(summary, dry_run=options["dry_run"], test=job.test_to is not None)
    if not summary.ok:
        sys.exit(1)


def _job(store: EventStore, remembered: MailServer, options: dict[str, Any]) -> Any:
    from eventrunner import mailing

    sender_text = options["sender"] or remembered.sender
    if not sender_text:
        raise Failure("--from is needed: the address the follow-ups come from")
    try:
        sender = mailing.Sender.parse(sender_text, options["reply_to"] or remembered.reply_to)
        test_to = mailing.Sender.parse(options["test_to"]).address if options["test_to"] else None
    except mailing.AddressError as exc:
        raise Failure(str(exc)) from None
    try:
        template = (
            mailing.load_template(options["template"])
            if options["template"] is not None
            else mailing.default_template()
        )
    except mailing.TemplateError as exc:
        raise Failure(str(exc)) from None
    if options["note"] is not None:
        template = attrs.evolve(template, note=clean_text(options["note"]).strip())
    only = find_attendee(store, options["only"]).id if options["only"] else None
    server = MailServer(
        host=remembered.host,
        port=remembered.port,
        security=remembered.security,
        user=remembered.user if options["user"] is None else options["user"],
        sender=sender_text,
        reply_to=options["reply_to"] or remembered.reply_to,
        subject=options["subject"] or remembered.subject,
        per_minute=options["per_minute"] or remembered.per_minute,
    )
    if options["server"]:
        try:
            parsed = mailing.ServerSpec.parse(options["server"])
        except mailing.MailError as exc:
            raise Failure(str(exc)) from None
        server = attrs.evolve(server, host=parsed.host, port=parsed.port, security="auto")
    if options["security"]:
        server = attrs.evolve(server, security=options["security"])
    job = mailing.MailJob(
        sender=sender,
        template=template,
        subject=server.subject,
        only=only,
        per_minute=server.per_minute,
        test_to=test_to,
    )
    return job, server


def _spec(server: MailServer, cafile: Path | None) -> Any:
    from eventrunner import mailing

    if not server.host:
        raise Failure("--smtp HOST[:PORT] is needed (or --dry-run DIR to write the messages)")
    return mailing.ServerSpec(
        host=server.host,
        port=server.port,
        security=server.security,
        user=server.user,
        password=password_for(server.user),
        cafile=cafile,
    )


def _check_folder(folder: Path, event: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise Failure(f"--dry-run {folder}: is a file; give a folder for the .eml files")
    if folder.resolve() == event.resolve():
        raise Failure(f"--dry-run {folder}: that is the event file; give a folder")


def _save_template(out: Path, event: Path) -> None:
    from eventrunner import mailing

    if out.resolve() == event.resolve() or out.suffix == ".event":
        raise Failure(f"{out}: that is an event file; give a new file name such as mail.toml")
    if out.exists():
        raise Failure(f"{out}: already exists; choose another name or remove it first")
    out.write_text(mailing.default_template_text(), encoding="utf-8")
    click.echo(f"Wrote {out}: edit it, then send with --template {out}.")


def _run(store: EventStore, job: Any, spec: Any, dry_run: Path | None) -> Any:
    from eventrunner import mailing

    stop = {"asked": False}

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop["asked"]:
            raise KeyboardInterrupt
        stop["asked"] = True
        click.echo("\nStopping after this message (press ctrl+c again to stop now).", err=True)

    bar: dict[str, Any] = {}

    def progress(done: int, total: int, name: str) -> None:
        if "bar" not in bar and total:
            label = "Writing" if dry_run is not None else "Sending"
            bar["bar"] = click.progressbar(
                length=total, label=label, show_pos=True, show_eta=True, file=sys.stderr
            )
            bar["bar"].__enter__()
            bar["at"] = 0
        if "bar" in bar:
            bar["bar"].update(done - bar["at"])
            bar["at"] = done

    previous = signal.signal(signal.SIGINT, on_signal)
    try:
        return mailing.deliver(
            store,
            job,
            spec,
            dry_run=dry_run,
            progress=progress,
            cancelled=lambda: stop["asked"],
        )
    except (mailing.MailError, StoreError) as exc:
        raise Failure(str(exc)) from None
    finally:
        signal.signal(signal.SIGINT, previous)
        if "bar" in bar:
            bar["bar"].__exit__(None, None, None)


def _remember(store: EventStore, server: MailServer) -> None:
    try:
        store.set_mail_server(server)
    except StoreError as exc:
        click.echo(f"Note: the server settings were not remembered ({exc})", err=True)


def _report(summary: Any, *, dry_run: Path | None, test: bool) -> None:
    from eventrunner import mailing

    sent, written = summary.of("sent"), summary.of("written")
    failed, skipped = summary.of("failed"), summary.of("skipped")
    if dry_run is not None:
        click.echo(f"Wrote {len(written)} messages to {dry_run}/ (nothing was sent).")
    elif test:
        for o in sent:
            click.echo(f"Test sent: {o.name}'s follow-up to {o.detail} (not recorded as sent).")
    for o in failed:
        click.echo(f"  failed: {o.name}: {o.detail}", err=True)
    reasons: dict[str, int] = {}
    for o in skipped:
        key = "already sent" if o.detail.startswith("already sent") else o.detail
        reasons[key] = reasons.get(key, 0) + 1
    skipped_text = "; ".join(f"{n} {why}" for why, n in reasons.items())
    click.echo(
        f"Follow-up mail: {mailing.outcomes_line(summary.outcomes)}"
        + (f" ({skipped_text})" if skipped_text else "")
        + "."
    )
    if failed and not summary.stopped:
        click.echo("Run the same command again to retry the failed ones.", err=True)
    if summary.stopped:
        click.echo(f"eventrunner: stopped: {summary.stopped}", err=True)
