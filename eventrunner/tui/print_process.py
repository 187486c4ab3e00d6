"""A print in a child process, driven from the console's print worker thread.

Drawing badges or cards is pure Python for about a second. In a thread of the console it
would take turns with the UI thread for the interpreter lock, and a keypress then waits up to
1.5 s (measured on the 150-person sample: cards, 38 pages). So, as for the solver, the worker
thread starts the print in a fresh process, which opens the event file read-only (WAL lets
it read while the console writes) and sends back the report: the console's thread stays free.

No textual here: the child imports only the core and `printing`.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventrunner.tui.lifeline import background_child

if TYPE_CHECKING:
    from eventrunner.printing import PrintReport

#: Seconds between looks at the queue (and at the worker's cancel flag).
POLL = 0.05


class PrintRefused(Exception):
    """Printing said no (a PrintError or StoreError): `str(e)` is one line for the organizer."""


class PrintCrashed(Exception):
    """The print process failed unexpectedly; `str(e)` holds its traceback."""


def _child(
    kind: str,
    event_path: Path,
    out_path: Path,
    options: dict[str, bool],
    out: multiprocessing.Queue[Any],
    parent: int,
) -> None:
    background_child(parent)  # dies with the console, quiet, niced
    from eventrunner.printing import PrintError, print_pdf
    from eventrunner.store import EventStore, StoreError

    try:
        with EventStore.open(event_path, readonly=True) as store:
            # warn= ignores: the report carries the same warnings back to the console.
            report = print_pdf(kind, store, out_path, warn=lambda _: None, **options)
    except (PrintError, StoreError) as error:
        out.put(("refused", str(error)))
    except Exception:  # any bug: tell the console instead of dying silently
        out.put(("crashed", traceback.format_exc()))
    else:
        out.put(("done", report))


def run(
    kind: str,
    event_path: Path,
    out_path: Path,
    *,
    cancelled: Callable[[], bool],
    double_sided: bool = False,
    fold: bool = False,
) -> PrintReport:
    """Print `kind` of the event file at `event_path` to `out_path` in a child process
    (`double_sided` badges, `fold` cards: as `eventrunner print` has them).

    Returns the report; raises PrintRefused with the one-line reason, or PrintCrashed (also
    when `cancelled()` turns True: the console is closing, the PDF is not written).
    """
    # spawn, not fork: the console has threads, and a forked copy of them is unsafe.
    context = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[Any] = context.Queue()
    child = context.Process(
        target=_child,
        args=(
            kind,
            event_path,
            out_path,
            {"double_sided": double_sided, "fold": fold},
            out,
            os.getpid(),
        ),
        daemon=True,
        name="eventrunner-print",
    )
    child.start()
    stopped = False
    try:
        while True:
            if cancelled():
                stopped = True
                raise PrintCrashed("printing was stopped")
            try:
                status, value = out.get(timeout=POLL)
            except queue.Empty:
                if not child.is_alive() and out.empty():
                    raise PrintCrashed(f"the print stopped (exit code {child.exitcode})") from None
                continue
            if status == "done":
                return value  # type: ignore[no-any-return]
            if status == "refused":
                raise PrintRefused(value)
            raise PrintCrashed(value)
    finally:
        child.join(0 if stopped else 5)
        if child.is_alive():
            child.kill()
            child.join()
