"""Sending every attendee their follow-up, exactly once, even through crashes.

For each attendee who took part and has an address (and did not ask for no email), in
registration order: claim the message in the event file (its Message-ID is fixed then),
build it, hand it to the server, record the answer. A rerun skips what was sent; a message
claimed but not settled (in flight at a kill) goes again with the same Message-ID. Refused
recipients are recorded as failed and retried by the next run; a server, login or TLS
failure stops the run with one line. `--dry-run` writes .eml files and records nothing; a
test send (`test_to`) goes to the organizer and records nothing either.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import attrs

from eventrunner.contacts.followup import FollowUp, followups
from eventrunner.mailing.compose import AddressError, Sender, compose, recipient
from eventrunner.mailing.template import MailTemplate, TemplateError
from eventrunner.mailing.transport import MailError, RecipientError, ServerSpec, Transport
from eventrunner.model import Attendee, Presence
from eventrunner.printing import PrintContext, PrintError, render_to_file
from eventrunner.store import EventStore, StoreError
from eventrunner.textsafe import clean_text

Progress = Callable[[int, int, str], None]
"""progress(done, total, name of the attendee being sent to)."""


@attrs.frozen
class MailJob:
    """What to send, from whom, how fast."""

    sender: Sender
    """From (and Reply-To)."""
    template: MailTemplate
    """The words."""
    subject: str = ""
    """Subject line; empty: the template's."""
    only: str | None = None
    """Send only this attendee's message (an id)."""
    per_minute: int = 60
    """At most this many messages a minute."""
    test_to: Address | None = None
    """Send one attendee's message to this address instead, recorded nowhere."""


@attrs.frozen
class Outcome:
    """What happened to one attendee's follow-up mail in this run."""

    attendee: str
    """Their id."""
    name: str
    """Their name, clean."""
    status: str
    """`sent`, `written` (dry run), `failed` or `skipped`."""
    detail: str = ""
    """Why it failed or was skipped; the file, for a dry run."""


@attrs.frozen
class MailSummary:
    """Everything a run did, for the closing summary."""

    outcomes: tuple[Outcome, ...]
    """One per attendee considered."""
    stopped: str = ""
    """Why the run stopped early (a server error, a cancel); empty when it ran through."""

    def of(self, status: str) -> tuple[Outcome, ...]:
        """The outcomes with this status."""
        return tuple(o for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        """Every message this run tried was accepted (or written) and nothing stopped it."""
        return not self.stopped and not self.of("failed")


def recipients(
    store: EventStore, ctx: PrintContext, only: str | None
) -> tuple[list[tuple[Attendee, FollowUp]], list[Outcome]]:
    """Who gets a message now, with their follow-up; and who does not, with the reason."""
    if not ctx.played_rounds:
        raise MailError(
            f"{store.path}: no round has been played yet, so there is nothing to follow up; "
            "record the rounds with `eventrunner play EVENT --through N` first"
        )
    packs = followups(ctx.event, ctx.played_rounds, ctx.wishes)
    log = store.mail_log()
    send: list[tuple[Attendee, FollowUp]] = []
    skipped: list[Outcome] = []
    for person in ctx.event.attendees:
        if only is not None and person.id != only:
            continue
        pack = packs[person.id]
        took_part = bool(pack.met) or person.presence in (Presence.PRESENT, Presence.LEFT)
        name = clean_text(person.name)
        record = log.get(person.id)
        reason = ""
        if not took_part:
            reason = "did not take part"
        elif not person.consent.mail:
            reason = "asked not to be emailed"
        elif not person.email.strip():
            reason = "no email address"
        elif record is not None and record.status == "sent":
            reason = f"already sent ({record.updated_at[:16].replace('T', ' ')} UTC)"
        if reason:
            skipped.append(Outcome(person.id, name, "skipped", reason))
        else:
            send.append((person, pack))
    return send, skipped


def deliver(
    store: EventStore,
    job: MailJob,
    spec: ServerSpec | None,
    *,
    dry_run: Path | None = None,
    progress: Progress = lambda done, total, name: None,
    cancelled: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
) -> MailSummary:
    """Send (or, with `dry_run`, write) every pending follow-up mail; see the module text."""
    ctx = PrintContext.from_store(store)
    send, outcomes = recipients(store, ctx, job.only)
    if job.test_to is not None:
        send = send[:1]
    total = len(send)
    progress(0, total, "")
    if dry_run is not None:
        dry_run.mkdir(parents=True, exist_ok=True)
    transport = Transport(spec) if spec is not None and dry_run is None else None
    if transport is not None and send:
        transport.connect()  # a wrong server or password fails before anything is claimed
    gap = 60.0 / job.per_minute if job.per_minute > 0 else 0.0
    last = -gap
    stopped = ""
    domain = job.sender.address.domain or None
    try:
        for done, (person, pack) in enumerate(send):
            name = clean_text(person.name)
            if cancelled():
                stopped = "stopped by the organizer"
                break
            progress(done, total, name)

            def throttle() -> None:
                # Called between building a message and sending it: building (the PDF
                # page takes most of a second) counts towards the gap.
                nonlocal last
                wait = last + gap - time.monotonic()
                if wait > 0:
                    sleep(wait)
                last = time.monotonic()

            try:
                outcome = _one(
                    store, ctx, job, person, pack, transport, dry_run, done, domain, throttle
                )
            except MailError as exc:
                outcomes.append(Outcome(person.id, name, "failed", str(exc)))
                stopped = str(exc)
                break
            outcomes.append(outcome)
        else:
            progress(total, total, "")
    finally:
        if transport is not None:
            transport.close()
    order = {a.id: i for i, a in enumerate(ctx.event.attendees)}
    return MailSummary(tuple(sorted(outcomes, key=lambda o: order[o.attendee])), stopped)


def _one(
    store: EventStore,
    ctx: PrintContext,
    job: MailJob,
    person: Attendee,
    pack: FollowUp,
    transport: Transport | None,
    dry_run: Path | None,
    index: int,
    domain: str | None,
    throttle: Callable[[], None],
) -> Outcome:
    """One attendee's message, claimed and settled around the send (unless dry or a test)."""
    name = clean_text(person.name)
    record_it = dry_run is None and job.test_to is None
    message_id = make_msgid(idstring="followup", domain=domain)
    if record_it:
        try:
            address = recipient(person).addr_spec
        except AddressError as exc:
            return Outcome(person.id, name, "failed", str(exc))
        claimed = store.claim_mail(person.id, address, message_id)
        if claimed is None:  # another run sent it meanwhile
            return Outcome(person.id, name, "skipped", "already sent")
        message_id = claimed.message_id
    try:
        msg = _message(ctx, job, pack, message_id)
    except (AddressError, TemplateError, PrintError) as exc:
        if record_it:
            store.settle_mail(person.id, message_id, str(exc))
        return Outcome(person.id, name, "failed", str(exc))
    if dry_run is not None:
        out = dry_run / f"{index + 1:03d}-{_stem(person)}.eml"
        _write_atomically(out, msg.as_bytes(policy=policy.SMTP))
        return Outcome(person.id, name, "written", str(out))
    assert transport is not None
    to = job.test_to.addr_spec if job.test_to is not None else recipient(person).addr_spec
    throttle()
    try:
        transport.send(msg, job.sender.address.addr_spec, to)
    except RecipientError as exc:
        if record_it:
            store.settle_mail(person.id, message_id, str(exc))
        return Outcome(person.id, name, "failed", str(exc))
    except MailError as exc:
        if record_it:  # its fate is unknown: the next run sends it again, same Message-ID
            store.settle_mail(person.id, message_id, f"not confirmed: {exc}")
        raise
    if record_it:
        try:
            store.settle_mail(person.id, message_id, None)
        except StoreError as exc:
            # Accepted but not recorded: the next run resends it with the same Message-ID.
            return Outcome(person.id, name, "sent", f"sent, but not recorded ({exc})")
    return Outcome(person.id, name, "sent", to)


def _message(ctx: PrintContext, job: MailJob, pack: FollowUp, message_id: str) -> EmailMessage:
    subject = job.subject
    if job.test_to is not None:
        subject = "[test] " + (subject or job.template.render("subject", _subject_values(ctx)))
    return compose(
        pack,
        ctx.event,
        template=job.template,
        sender=job.sender,
        message_id=message_id,
        pdf=_pdf(ctx, pack.attendee),
        subject=subject,
        to=job.test_to,
    )


def _subject_values(ctx: PrintContext) -> dict[str, object]:
    from eventrunner.mailing.template import SAMPLE

    return {**SAMPLE, "event": clean_text(ctx.event.settings.name)}


def _pdf(ctx: PrintContext, attendee: str) -> bytes:
    """The attendee's follow-up page, as printed by `eventrunner print EVENT followups`."""
    with tempfile.TemporaryDirectory(prefix="eventrunner-mail-") as folder:
        out = Path(folder) / "pack.pdf"
        render_to_file("followups", ctx, out, only=[attendee], warn=lambda _: None)
        return out.read_bytes()


_SLUG = re.compile(r"[^\w]+")


def _stem(person: Attendee) -> str:
    return _SLUG.sub("-", clean_text(person.name).casefold()).strip("-")[:40] or "attendee"


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def outcomes_line(outcomes: Sequence[Outcome]) -> str:
    """`12 sent, 1 failed, 3 skipped` for a summary."""
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    order = ("sent", "written", "failed", "skipped")
    return ", ".join(f"{counts[s]} {s}" for s in order if s in counts) or "nothing to send"
