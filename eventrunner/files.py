"""Files we write beside the event: safe output paths, the user's umask, stale temporaries.

Every output (PDF, CSV, JSON, PNG, SVG, a new event file) is written to a temporary file
beside its place and moved there complete. `mkstemp` makes that temporary 0600, so the
finished file would be private whatever the user's umask says: `follow_umask` gives it the
mode an ordinary `open()` would have. `refuse_overwrite` keeps every command from writing
its output over an event file or over the file it is reading. `stale_temporaries` finds
what an interrupted write left behind, without touching one another process still writes.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

#: How an event file starts: the SQLite header, then (at byte 68) our application id.
_SQLITE_MAGIC: Final = b"SQLite format 3\x00"
_APPLICATION_ID: Final = b"EVRN"  # 0x4556524E, big-endian, as store.schema sets it
#: A temporary older than this whose writer cannot be asked (no flock) is taken as stale.
STALE_AFTER_SECONDS: Final = 3600.0


class OutputRefused(Exception):
    """An output path that would destroy data: `str(e)` is one line for the organizer."""


def current_umask() -> int:
    """The process umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it (briefly)
    os.umask(mask)
    return mask


def follow_umask(fd: int) -> None:
    """Give a file made by `mkstemp` (0600) the mode `open()` would: 0666 minus the umask."""
    with contextlib.suppress(OSError, AttributeError):  # no fchmod on some systems
        os.fchmod(fd, 0o666 & ~current_umask())


def is_event_file(path: Path) -> bool:
    """True when `path` is an eventrunner event file (by its header, without opening it)."""
    try:
        with Path(path).open("rb") as f:
            head = f.read(72)
    except OSError:
        return False
    return head.startswith(_SQLITE_MAGIC) and head[68:72] == _APPLICATION_ID


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(os.path.abspath(a)) == Path(os.path.abspath(b))


def refuse_overwrite(out: Path, *, reading: Iterable[Path] = ()) -> None:
    """Raise OutputRefused if writing `out` would replace an event file or an input.

    Also refuses the -wal/-shm/-journal companions of an event file: replacing one loses
    the event's latest actions.
    """
    out = Path(out)
    for source in reading:
        if _same_file(out, Path(source)):
            raise OutputRefused(f"{out}: is the file being read; choose another output file name")
    if is_event_file(out):
        raise OutputRefused(
            f"{out}: is an event file and would be overwritten; choose another output file name"
        )
    match = re.fullmatch(r"(.+)-(wal|shm|journal)", out.name)
    if match and is_event_file(out.with_name(match.group(1))):
        raise OutputRefused(
            f"{out}: belongs to the event file {match.group(1)}; choose another output file name"
        )


def check_output_folder(out: Path) -> None:
    """Raise OutputRefused (one line) if the folder of `out` is missing or not writable."""
    folder = Path(out).parent if str(Path(out).parent) else Path(".")
    if not folder.is_dir():
        raise OutputRefused(f"{out}: folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK):
        raise OutputRefused(
            f"{out}: folder {folder} is read-only; write somewhere else or make it writable"
        )


def hold_lock(fd: int) -> None:
    """Mark a temporary as being written (an advisory flock that dies with the process)."""
    with contextlib.suppress(OSError, ImportError):
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _abandoned(path: Path, now: float) -> bool:
    """True when no process holds the temporary's lock (or, without flock, it is old)."""
    try:
        import fcntl
    except ImportError:
        return now - path.stat().st_mtime > STALE_AFTER_SECONDS
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # its writer is alive and busy
    finally:
        os.close(fd)  # also releases our lock
    return True


def stale_temporaries(folder: Path, name: str) -> Iterator[Path]:
    """The temporaries (`.NAME.*.tmp` and their -wal/-shm/-journal) of `name` in `folder`
    that nobody is writing any more: an interrupted `new` or export left them."""
    now = time.time()
    pattern = re.compile(re.escape(f".{name}.") + r"[^/]*\.tmp")
    with contextlib.suppress(OSError):
        for entry in Path(folder).iterdir():
            if pattern.fullmatch(entry.name) and _abandoned(entry, now):
                yield entry
                for suffix in ("-wal", "-shm", "-journal"):
                    companion = entry.with_name(entry.name + suffix)
                    if companion.exists():
                        yield companion
        # Companions whose main temporary is already gone.
        for entry in Path(folder).iterdir():
            base = re.fullmatch(r"(.+\.tmp)-(wal|shm|journal)", entry.name)
            if base and pattern.fullmatch(base.group(1)) and not (folder / base.group(1)).exists():
                yield entry


def remove_stale_temporaries(folder: Path, name: str) -> int:
    """Delete what `stale_temporaries` finds; returns how many files went."""
    removed = 0
    for path in list(stale_temporaries(folder, name)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
    return removed
