"""The solver in a child process, driven from the console's worker thread.

Parts of the solver are pure Python: run in a thread of the console they would hold the
interpreter lock for seconds and every keypress would wait (measured: 2 s per key). So the
worker thread starts the solver in a fresh process, relays its progress, forwards a cancel
and brings back the plan: the console's own thread stays free.

No textual here: the child imports only the core.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from eventrunner.model import Attendee, EventSettings, Plan
from eventrunner.tui.lifeline import background_child

if TYPE_CHECKING:
    from multiprocessing.synchronize import Event as EventType

    from eventrunner.scheduling import Progress

#: Seconds between looks at the queue (and at the worker's cancel flag).
POLL = 0.05


class SolverRefused(Exception):
    """The solver said no (its PlanningError): `str(e)` is one line for the organizer."""


class SolverCrashed(Exception):
    """The solver process failed unexpectedly; `str(e)` holds its traceback."""


def _child(
    job: tuple[
        Sequence[Attendee], EventSettings, Plan | None, int, float, int | None, frozenset[int], bool
    ],
    out: multiprocessing.Queue[tuple[str, Any]],
    stop: EventType,
    parent: int,
) -> None:
    background_child(parent)  # dies with the console, quiet, niced
    from eventrunner.scheduling import PlanningError, plan, replan

    group, settings, previous, frozen, time_limit, max_tables, banned, keep = job

    def progress(p: Progress) -> None:
        out.put(("progress", p))

    try:
        if previous is None:
            result = plan(
                group, settings, time_limit=time_limit, progress=progress, cancel=stop.is_set,
                banned=banned,
            )  # fmt: skip
        else:
            result = replan(
                group, settings, previous, frozen, time_limit=time_limit,
                progress=progress, cancel=stop.is_set, max_tables=max_tables,
                banned=banned, keep=keep,
            )  # fmt: skip
    except PlanningError as error:
        out.put(("refused", str(error)))
    except Exception:  # any bug: tell the console instead of dying silently
        out.put(("crashed", traceback.format_exc()))
    else:
        out.put(("done", result))


def prepare() -> None:
    """Start multiprocessing's helper process now, while stderr is still the terminal.

    Once Textual runs it replaces sys.stderr with an object without a file descriptor, and
    the helper (started on first use) would then fail with "bad value(s) in fds_to_keep".
    """
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()


def solve(
    group: Sequence[Attendee],
    settings: EventSettings,
    previous: Plan | None,
    frozen: int,
    time_limit: float,
    *,
    cancelled: Callable[[], bool],
    progress: Callable[[Progress], None] | None = None,
    max_tables: int | None = None,
    banned: frozenset[int] = frozenset(),
    keep: bool = True,
) -> Plan:
    """Plan from scratch (no `previous`) or re-plan after `frozen` rounds, in a child process.

    Returns the plan (the best so far once `cancelled()` turns True); raises SolverRefused
    with the solver's one-line reason, or SolverCrashed. `max_tables` limits the tables of
    the re-planned rounds (a table is unusable); it needs a `previous` plan. `banned` table
    numbers are not used; without `keep` a re-plan ignores the announced meetings (the best
    plan of the remaining rounds, offered as the other side of the trade).
    """
    if max_tables is not None and previous is None:
        raise ValueError("a table limit needs a previous plan to re-plan")
    # spawn, not fork: the console has threads, and a forked copy of them is unsafe.
    context = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[tuple[str, Any]] = context.Queue()
    stop = context.Event()
    child = context.Process(
        target=_child,
        args=(
            (tuple(group), settings, previous, frozen, time_limit, max_tables, banned, keep),
            out,
            stop,
            os.getpid(),
        ),
        daemon=True,
        name="eventrunner-solver",
    )
    child.start()
    try:
        while True:
            if cancelled():
                stop.set()
            try:
                kind, value = out.get(timeout=POLL)
            except queue.Empty:
                if not child.is_alive() and out.empty():
                    raise SolverCrashed(
                        f"the solver stopped (exit code {child.exitcode})"
                    ) from None
                continue
            if kind == "progress":
                if progress is not None:
                    progress(value)
            elif kind == "done":
                assert isinstance(value, Plan)
                return value
            elif kind == "refused":
                raise SolverRefused(value)
            else:
                raise SolverCrashed(value)
    finally:
        stop.set()
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join()
