"""What every `eventrunner` subcommand shares: opening event files and one-line errors.

Errors reach the organizer as one line on stderr and a non-zero exit, never a traceback
(set EVENTRUNNER_DEBUG=1 to see one while developing).
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import click

from eventrunner.files import OutputRefused, check_output_folder, refuse_overwrite
from eventrunner.store import EventStore, StoreError

F = TypeVar("F", bound=Callable[..., object])

_SLUG_DROP = re.compile(r"[^\w]+")


class Failure(click.ClickException):
    """A one-line error for the organizer; exits with status 1 (2 for usage errors)."""

    def format_message(self) -> str:
        return self.message

    def show(self, file: object = None) -> None:
        click.echo(f"eventrunner: {self.format_message()}", err=True)


def event_slug(name: str) -> str:
    """The file name stem for an event name: 'Founders Mixer' -> 'founders-mixer'."""
    slug = _SLUG_DROP.sub("-", name.casefold()).strip("-")
    return slug or "event"


@contextmanager
def open_event(path: str | Path, *, readonly: bool = False) -> Iterator[EventStore]:
    """Open an event file for a command, turning refusals into one-line failures."""
    try:
        store = EventStore.open(Path(path), readonly=readonly)
    except StoreError as e:
        raise Failure(str(e)) from None
    try:
        yield store
    finally:
        store.close()


def check_output(out: Path, *, reading: Iterable[Path] = ()) -> None:
    """Refuse (one line) an output over an event file or an input, or into a missing or
    read-only folder: checked before any work, so nothing is computed for nothing."""
    try:
        refuse_overwrite(out, reading=reading)
        check_output_folder(out)
    except OutputRefused as e:
        raise Failure(str(e)) from None


def run_guarded(main: Callable[[], object]) -> None:
    """Run the click group; any unexpected error becomes one line, not a traceback."""
    try:
        main()
    except KeyboardInterrupt:
        click.echo("eventrunner: interrupted", err=True)
        sys.exit(130)
    except Exception as e:
        if os.environ.get("EVENTRUNNER_DEBUG"):
            traceback.print_exc()
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        click.echo(
            f"eventrunner: unexpected error: {first} (set EVENTRUNNER_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(1)
