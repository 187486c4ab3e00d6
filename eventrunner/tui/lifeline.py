"""Child processes die with their parent: the solver, the print and the projector child.

A child left behind after its console was killed keeps a core busy (the solver runs to its
time limit), writes a PDF nobody asked for any more, or spins serving a browser that left.
So every child calls `die_with_parent` first: on Linux the kernel sends it SIGKILL when the
parent dies (PR_SET_PDEATHSIG, through ctypes); everywhere, and also when the parent is not
the direct parent (a shell in between, as `serve` starts the projector), a daemon thread
looks at the parent twice a second and ends the child when it is gone.

No textual here: the children import only the core.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from typing import Final

#: prctl option: the signal the kernel sends this process when its parent dies.
_PR_SET_PDEATHSIG: Final = 1
#: Seconds between looks at the parent (the fallback, and for a parent further up).
WATCH_SECONDS: Final = 0.5


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def _parent_death_signal() -> bool:
    """Ask the kernel for SIGKILL when the parent dies; False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int, direct: bool) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        gone = (direct and os.getppid() != parent) or not _alive(parent)
        if gone:
            os._exit(1)  # nothing of ours is worth finishing: the one who asked is gone


def die_with_parent(parent: int) -> None:
    """End this process when process `parent` ends (call it first thing in a child)."""
    direct = os.getppid() == parent
    if direct:
        _parent_death_signal()
    # The parent may have died before the signal was asked for: look once now.
    if (direct and os.getppid() != parent) or not _alive(parent):
        os._exit(1)
    with contextlib.suppress(RuntimeError):
        threading.Thread(target=_watch, args=(parent, direct), daemon=True, name="lifeline").start()


def background_child(parent: int) -> None:
    """What every console child does first: die with `parent`, keep quiet, yield the CPU.

    The child shares the console's terminal (anything it printed would tear the screen), and
    the organizer's keys must come before its work on a small laptop.
    """
    die_with_parent(parent)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.nice(10)
