"""Send follow-ups: the server and sender, then a progress bar while every attendee's mail goes.

The same flow as `eventrunner mail`: the settings come from the event file (what was used
last, never a password), the password field is never stored, and the sending itself runs in
a worker thread that drives a child process (`mail_process`), so the console keeps
answering. Escape while sending stops after the message in hand; a second run sends only
what is missing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from eventrunner.store import EventStore, MailServer
from eventrunner.tui import mail_process
from eventrunner.tui.mail_process import MailRequest
from eventrunner.tui.text import clean

if TYPE_CHECKING:
    from eventrunner.mailing import MailSummary

SECURITY = (
    ("STARTTLS when the server offers it", "auto"),
    ("STARTTLS, required", "starttls"),
    ("SSL/TLS (usually port 465)", "ssl"),
)
#: The CLI's password variable, also honoured here so a test setup needs no typing.
PASSWORD_VARIABLE = "EVENTRUNNER_SMTP_PASSWORD"


def pending(store: EventStore) -> tuple[int, int, int]:
    """(still to send, already sent, asked for no email), among attendees with an address."""
    log = store.mail_log()
    to_send = sent = no_mail = 0
    for person in store.attendees():
        if not person.email:
            continue
        if not person.consent.mail:
            no_mail += 1
        elif person.id in log and log[person.id].status == "sent":
            sent += 1
        else:
            to_send += 1
    return to_send, sent, no_mail


def summary_words(summary: MailSummary) -> str:
    """The closing line, as the command line says it."""
    from eventrunner.mailing import outcomes_line

    lines = [f"Follow-up mail: {outcomes_line(summary.outcomes)}."]
    lines += [f"failed: {clean(o.name)}: {clean(o.detail)}" for o in summary.of("failed")[:5]]
    if summary.stopped:
        lines.append(f"Stopped: {clean(summary.stopped)}")
    elif summary.of("failed"):
        lines.append("Send again to retry the failed ones.")
    return "\n".join(lines)


class MailProgress(Message, bubble=False):
    """The child sent a progress report."""

    def __init__(self, done: int, total: int, name: str) -> None:
        super().__init__()
        self.done, self.total, self.name = done, total, name


class MailFinished(Message, bubble=False):
    """The run ended: `text` says how, `ok` whether everything went."""

    def __init__(self, text: str, ok: bool) -> None:
        super().__init__()
        self.text, self.ok = text, ok


class MailModal(ModalScreen[None]):
    """Fill in the server once (remembered), Send (ctrl+s), watch the bar; Esc stops."""

    DEFAULT_CSS = """
    MailModal { align: center middle; }
    MailModal > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    MailModal #mail-title { text-style: bold; }
    MailModal Grid { grid-size: 2; grid-columns: 16 1fr; grid-rows: 1; height: auto;
                     grid-gutter: 0 1; margin: 1 0 0 0; }
    MailModal Grid Label { color: $text-muted; }
    MailModal Input { background: $boost; }
    MailModal #mail-status { height: auto; margin-top: 1; }
    MailModal #mail-error { color: $error; text-style: bold; height: auto; }
    MailModal ProgressBar { margin-top: 1; }
    MailModal #mail-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    MailModal Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close / stop"),
        Binding("ctrl+s", "send", "Send", tooltip="Send every follow-up not sent yet"),
    ]

    def __init__(self, store: EventStore) -> None:
        super().__init__()
        self.store = store
        self.server: MailServer = store.mail_server()
        self.sending = False
        self.stop_asked = False

    def compose(self) -> ComposeResult:
        s = self.server
        host = f"{s.host}:{s.port}" if s.host and s.port else s.host
        password = os.environ.get(PASSWORD_VARIABLE, "")
        with Vertical():
            yield Static(
                Content("Send follow-ups by email — ctrl+s sends, Esc closes"), id="mail-title"
            )
            with Grid():
                yield Label("Server")
                yield Input(host, placeholder="smtp.example.org:587", id="mail-host", compact=True)
                yield Label("Security")
                yield Select(
                    SECURITY, value=s.security, allow_blank=False, id="mail-security", compact=True
                )
                yield Label("Login")
                yield Input(
                    s.user, placeholder="empty: a relay without login", id="mail-user", compact=True
                )
                yield Label("Password")
                yield Input(
                    password,
                    password=True,
                    placeholder="never stored",
                    id="mail-password",
                    compact=True,
                )
                yield Label("From")
                yield Input(
                    s.sender, placeholder="Team <team@example.org>", id="mail-from", compact=True
                )
                yield Label("Reply-To")
                yield Input(s.reply_to, id="mail-reply-to", compact=True)
                yield Label("Subject")
                yield Input(
                    s.subject, placeholder="Your follow-up from …", id="mail-subject", compact=True
                )
                yield Label("Test to")
                yield Input(
                    placeholder="only one message, to this address", id="mail-test-to", compact=True
                )
                yield Label("Dry run into")
                yield Input(
                    placeholder="a folder: write .eml files, send nothing",
                    id="mail-dry-run",
                    compact=True,
                )
            yield Static(id="mail-status")
            yield Static(id="mail-error")
            yield ProgressBar(id="mail-progress", show_eta=True)
            with Horizontal(id="mail-buttons"):
                yield Button(Content("Send (ctrl+s)"), id="send", variant="primary")
                yield Button(Content("Close (Esc)"), id="close")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        to_send, sent, no_mail = pending(self.store)
        words = f"{to_send} to send · {sent} already sent · {no_mail} asked for no email"
        self.query_one("#mail-status", Static).update(Content(words))
        first = "#mail-host" if not self.server.host else "#mail-password"
        self.query_one(first, Input).focus()

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def request(self) -> MailRequest:
        """What the form says; ValueError names the field that is wrong."""
        from eventrunner.mailing import AddressError, MailError, Sender, ServerSpec

        dry = self._value("mail-dry-run")
        dry_run = None
        if dry:
            dry_run = Path(dry).expanduser()
            if not dry_run.is_absolute():
                dry_run = self.store.path.parent / dry_run
            if dry_run.exists() and not dry_run.is_dir():
                raise ValueError(f"Dry run into: {dry_run} is a file; give a folder")
        host, port = "", 0
        if dry_run is None or self._value("mail-host"):
            try:
                spec = ServerSpec.parse(self._value("mail-host"))
            except MailError as exc:
                raise ValueError(f"Server: {exc}") from None
            host, port = spec.host, spec.port
        try:
            Sender.parse(self._value("mail-from"), self._value("mail-reply-to"))
            if self._value("mail-test-to"):
                Sender.parse(self._value("mail-test-to"))
        except AddressError as exc:
            raise ValueError(str(exc)) from None
        security = self.query_one("#mail-security", Select).value
        return MailRequest(
            host=host,
            port=port,
            security=str(security),
            user=self._value("mail-user"),
            password=self.query_one("#mail-password", Input).value,
            sender=self._value("mail-from"),
            reply_to=self._value("mail-reply-to"),
            subject=self._value("mail-subject"),
            per_minute=self.server.per_minute,
            dry_run=dry_run,
            test_to=self._value("mail-test-to"),
        )

    def action_send(self) -> None:
        if self.sending:
            return
        error = self.query_one("#mail-error", Static)
        try:
            request = self.request()
        except ValueError as exc:
            error.update(Content(str(exc)))
            return
        error.update("")
        if request.dry_run is None:
            remembered = MailServer(
                host=request.host,
                port=request.port,
                security=request.security,
                user=request.user,
                sender=request.sender,
                reply_to=request.reply_to,
                subject=request.subject,
                per_minute=request.per_minute,
            )
            self.store.set_mail_server(remembered)  # never the password
        self.sending, self.stop_asked = True, False
        self.query_one(Grid).disabled = True
        self.query_one("#send", Button).disabled = True
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        verb = "Writing" if request.dry_run is not None else "Sending"
        self.query_one("#mail-status", Static).update(Content(f"{verb} … (Esc stops)"))
        self._send(request)

    @work(thread=True, exclusive=True, exit_on_error=False, group="mail")
    def _send(self, request: MailRequest) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int, name: str) -> None:
            self.post_message(MailProgress(done, total, name))

        try:
            summary = mail_process.run(
                self.store.path,
                request,
                progress=progress,
                stop_requested=lambda: self.stop_asked,
                cancelled=lambda: worker.is_cancelled,
            )
        except mail_process.MailRefused as exc:
            self.post_message(MailFinished(f"Not sent: {exc}", ok=False))
        except mail_process.MailCrashed as exc:
            last = (str(exc).strip().splitlines() or ["unknown error"])[-1]
            self.post_message(MailFinished(f"Sending failed: {last}", ok=False))
        else:
            self.post_message(MailFinished(summary_words(summary), ok=summary.ok))

    def on_mail_progress(self, message: MailProgress) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(1, message.total), progress=message.done)
        if message.name:
            status = f"{message.done + 1} of {message.total}: {clean(message.name)} (Esc stops)"
            self.query_one("#mail-status", Static).update(Content(status))

    def on_mail_finished(self, message: MailFinished) -> None:
        self.sending = False
        self.query_one("#mail-status", Static).update(Content(message.text))
        self.query_one(Grid).disabled = False
        self.query_one("#send", Button).disabled = False
        first = message.text.splitlines()[0]
        self.app.notify(
            first,
            title="Follow-up mail",
            severity="information" if message.ok else "warning",
            markup=False,
            timeout=10,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            self.action_send()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_cancel(self) -> None:
        if self.sending:
            self.stop_asked = True
            self.query_one("#mail-status", Static).update(
                Content("Stopping after the message in hand …")
            )
            return
        self.dismiss(None)
