"""Browser tests need Chromium (Debian: `apt-get install chromium`); without it they skip."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))

from browserkit import chromium


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if chromium() is None:
        skip = pytest.mark.skip(reason="no Chromium on this machine (apt-get install chromium)")
        for item in items:
            if "tests/browser" in str(item.fspath):
                item.add_marker(skip)
