"""Fixtures for the printing tests (helpers live in printkit.py)."""

from __future__ import annotations

import pytest
from printkit import context

from eventrunner.printing.context import PrintContext


@pytest.fixture
def small() -> PrintContext:
    """Eleven attendees with awkward names, four rounds, two played, some wishes."""
    return context(rounds=4, played=2)
