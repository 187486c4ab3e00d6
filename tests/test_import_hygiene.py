"""The core never imports textual: checked in a fresh interpreter (as harlequin does)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "eventrunner.model",
    "eventrunner.interests",
    "eventrunner.scheduling",
    "eventrunner.store",
    "eventrunner.importing",
    "eventrunner.contacts",
    "eventrunner.contacts.qr",
    "eventrunner.contacts.followup",
    "eventrunner.generate",
    "eventrunner.contacts.exporting",
]


def test_core_does_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
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
