"""The console's Print action: PDFs written in the background, the result told in a toast.

Drawing badges or cards takes seconds; on the UI thread it would freeze the countdown. So a
worker thread has `print_process` run `printing.print_pdf` in a child process, on its own
read-only connection to the event file (WAL lets it read while the console writes, and the
console's connection is never held by a print), and posts the result back as a message. A
`PrintError` is a one-line notification, never a crash. A base class of `ConsoleApp`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.message import Message
from textual.worker import get_current_worker

from eventrunner.store import EventStore
from eventrunner.tui import print_process
from eventrunner.tui.screens.print_modal import PrintModal, PrintRequest
from eventrunner.tui.text import clean

if TYPE_CHECKING:
    from eventrunner.printing import PrintReport

#: Warnings shown one by one; the rest are counted (a font gap can name many attendees).
SHOWN_WARNINGS = 3


class PrintDone(Message, bubble=False):
    """A PDF was written."""

    def __init__(self, report: PrintReport) -> None:
        super().__init__()
        self.report = report


class PrintFailed(Message, bubble=False):
    """Printing refused: `text` is one line for the organizer."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__()
        self.kind = kind
        self.text = text


class PrintJobs(App[None]):
    """The Print action (the base of `ConsoleApp`, which owns the store)."""

    store: EventStore

    def action_print(self) -> None:
        """Ask what to print and where, then print it in the background."""

        def chosen(request: PrintRequest | None) -> None:
            if request is not None:
                self.start_print(request)

        self.push_screen(PrintModal(self.store.path), chosen)

    def start_print(self, request: PrintRequest) -> None:
        """Print `request` in a worker thread; a toast says when the file is written."""
        self.notify(f"Printing {request.kind} to {request.out} …", markup=False, timeout=3)
        self._print_worker(request, self.store.path)

    @work(thread=True, exit_on_error=False, group="print")
    def _print_worker(self, request: PrintRequest, event_path: Path) -> None:
        worker = get_current_worker()
        kind = request.kind
        try:
            report = print_process.run(
                kind,
                event_path,
                request.out,
                cancelled=lambda: worker.is_cancelled,
                double_sided=request.double_sided,
                fold=request.fold,
            )
        except print_process.PrintRefused as error:
            self.post_message(PrintFailed(kind, str(error)))
        except print_process.PrintCrashed as error:
            lines = str(error).strip().splitlines() or ["unknown error"]
            self.post_message(PrintFailed(kind, f"printing failed: {lines[-1]}"))
        else:
            self.post_message(PrintDone(report))

    def on_print_done(self, message: PrintDone) -> None:
        report = message.report
        pages = f"{report.pages} page{'' if report.pages == 1 else 's'}"
        self.notify(f"Wrote {report.path}: {pages}", title="Printed", markup=False, timeout=8)
        for line in report.warnings[:SHOWN_WARNINGS]:
            self.notify(clean(line), severity="warning", markup=False, timeout=12)
        more = len(report.warnings) - SHOWN_WARNINGS
        if more > 0:
            self.notify(f"… and {more} more warnings.", severity="warning", markup=False)

    def on_print_failed(self, message: PrintFailed) -> None:
        self.notify(
            f"Could not print {message.kind}: {clean(message.text)}",
            title="Not printed",
            severity="error",
            markup=False,
            timeout=12,
        )
