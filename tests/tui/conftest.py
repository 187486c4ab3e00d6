"""Fixtures for the console tests: an event file in tmp_path and a clock moved by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tuikit import FakeClock, make_event, people


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def small_event(tmp_path: Path) -> Callable[..., Path]:
    """An event of 12 generated people (tricky names first), 10 checked in, with a plan."""

    def build(n: int = 12, present: int | None = 10, **changes: object) -> Path:
        return make_event(tmp_path, "small", attendees=people(n), present=present, **changes)

    return build
