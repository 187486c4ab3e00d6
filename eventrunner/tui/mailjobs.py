"""The console's "Send follow-ups" action: the mail modal over the open event file.

A base class of `ConsoleApp`, as `printjobs` is for printing; the modal does the asking, the
sending runs in its worker thread and child process (`mail_process`).
"""

from __future__ import annotations

from textual.app import App

from eventrunner.store import EventStore
from eventrunner.tui.screens.mail_modal import MailModal


class MailJobs(App[None]):
    """The Send follow-ups action (the base of `ConsoleApp`, which owns the store)."""

    store: EventStore

    def action_send_followups(self) -> None:
        """Ask for the server and sender, then send every follow-up not sent yet."""
        if not self.store.played_through():
            self.notify(
                "No round has been played yet: there is nothing to follow up.",
                severity="warning",
                markup=False,
            )
            return
        self.push_screen(MailModal(self.store), lambda _: self.refresh_bindings())
