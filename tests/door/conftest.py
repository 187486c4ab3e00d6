"""Fixtures for the door page: an event file with tickets and a plan, and a test client."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import attrs
import pytest
from aiohttp.test_utils import TestClient, TestServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))
from tuikit import make_event, people

from eventrunner.door import make_app
from eventrunner.door.access import KeyGuard
from eventrunner.store import EventStore


@pytest.fixture
def door_event(tmp_path: Path) -> Path:
    """12 people, nobody in yet, each with a ticket `T-1`...; a plan of 4 rounds."""
    crowd = [attrs.evolve(a, tickets=(f"T-{i}",)) for i, a in enumerate(people(12), start=1)]
    return make_event(tmp_path, "door", attendees=crowd, present=0)


@pytest.fixture
async def station(door_event: Path) -> AsyncIterator[tuple[TestClient, str, EventStore]]:
    """(client, valid station key, the server's store)."""
    store = EventStore.open(door_event)
    key = store.add_door_key("station 1").key
    client = TestClient(TestServer(make_app(store, guard=KeyGuard(max_wrong=3))))
    await client.start_server()
    try:
        yield client, key, store
    finally:
        await client.close()
        store.close()
