"""Sending follow-ups in a child process, driven from the console's mail worker thread.

Building each message draws a PDF page (pure Python for most of a second); in a thread of
the console it would hold keys up, as printing did. So, as for printing and the solver, a
fresh process runs `mailing.deliver` on its own connection to the event file (the outbox
rows are its writes; WAL and the busy timeout let the console write meanwhile) and sends
progress back on a queue. A stop request lets the message in hand finish first. The child
dies with the console (`lifeline`); a message in flight then is sent again, with the same
Message-ID, by the next run.

No textual here: the child imports only the core, `printing` and `mailing`.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from eventrunner.mailing import MailSummary

#: Seconds between looks at the queue.
POLL = 0.05


@attrs.frozen
class MailRequest:
    """Everything the organizer filled in (the password only travels to the child)."""

    host: str
    port: int
    security: str
    user: str
    password: str = attrs.field(repr=False)
    sender: str
    reply_to: str = ""
    subject: str = ""
    per_minute: int = 60
    dry_run: Path | None = None
    test_to: str = ""


class MailRefused(Exception):
    """The run could not start or stopped (server, login, TLS, addresses): one line."""


class MailCrashed(Exception):
    """The mail process failed unexpectedly; `str(e)` holds its traceback."""


def _child(
    event_path: Path,
    request: MailRequest,
    out: multiprocessing.Queue[Any],
    stop: Any,
    parent: int,
) -> None:
    from eventrunner.tui.lifeline import background_child

    background_child(parent)
    from eventrunner import mailing
    from eventrunner.store import EventStore, StoreError

    try:
        sender = mailing.Sender.parse(request.sender, request.reply_to)
        test_to = mailing.Sender.parse(request.test_to).address if request.test_to else None
        job = mailing.MailJob(
            sender=sender,
            template=mailing.default_template(),
            subject=request.subject,
            per_minute=request.per_minute,
            test_to=test_to,
        )
        spec = None
        if request.dry_run is None:
            spec = mailing.ServerSpec(
                host=request.host,
                port=request.port,
                security=request.security,
                user=request.user,
                password=request.password,
            )
        with EventStore.open(event_path) as store:
            summary = mailing.deliver(
                store,
                job,
                spec,
                dry_run=request.dry_run,
                progress=lambda done, total, name: out.put(("progress", (done, total, name))),
                cancelled=stop.is_set,
            )
    except (mailing.MailError, mailing.AddressError, mailing.TemplateError, StoreError) as e:
        out.put(("refused", str(e)))
    except Exception:
        out.put(("crashed", traceback.format_exc()))
    else:
        out.put(("done", summary))


def run(
    event_path: Path,
    request: MailRequest,
    *,
    progress: Callable[[int, int, str], None],
    stop_requested: Callable[[], bool],
    cancelled: Callable[[], bool],
) -> MailSummary:
    """Send in a child process. `stop_requested`: finish the current message, then stop;
    `cancelled`: the console is closing, stop at once. Raises MailRefused or MailCrashed."""
    context = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[Any] = context.Queue()
    stop = context.Event()
    child = context.Process(
        target=_child,
        args=(event_path, request, out, stop, os.getpid()),
        daemon=True,
        name="eventrunner-mail",
    )
    child.start()
    try:
        while True:
            if cancelled():
                raise MailCrashed("sending was cancelled")
            if stop_requested():
                stop.set()
            try:
                status, value = out.get(timeout=POLL)
            except queue.Empty:
                if not child.is_alive() and out.empty():
                    raise MailCrashed(f"the mail process stopped (exit {child.exitcode})") from None
                continue
            if status == "progress":
                progress(*value)
            elif status == "done":
                return value  # type: ignore[no-any-return]
            elif status == "refused":
                raise MailRefused(value)
            else:
                raise MailCrashed(value)
    finally:
        child.join(5 if not cancelled() else 0)
        if child.is_alive():
            child.kill()
            child.join()
