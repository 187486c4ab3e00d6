"""The core never imports textual: checked in a fresh interpreter (as harlequin does)."""

from __future__ import annotations

import subprocess
import sys

#: The core: every module of these (packages are walked, so a new module is checked too).
CORE = [
    "eventrunner.model",
    "eventrunner.interests",
    "eventrunner.textsafe",
    "eventrunner.resources",
    "eventrunner.files",
    "eventrunner.generate",
    "eventrunner.importing",
    "eventrunner.store",
    "eventrunner.contacts",
    "eventrunner.scheduling",
]


def test_core_does_not_import_textual() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"for name in {CORE!r}:\n"
        "    module = importlib.import_module(name)\n"
        "    for sub in pkgutil.walk_packages(getattr(module, '__path__', []), name + '.'):\n"
        "        importlib.import_module(sub.name)\n"
        "assert 'eventrunner.scheduling.tables.search' in sys.modules\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""


def test_cli_help_does_not_import_textual() -> None:
    code = "import sys\nfrom eventrunner.cli import cli\nprint('textual' in sys.modules)\n"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
