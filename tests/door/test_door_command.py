"""`eventrunner door`: it listens on the address the organizer chose and says so, with the
stations' links, before anything else happens."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from browserkit import free_port, start_eventrunner, stop, wait_http

from eventrunner.store import EventStore


def test_door_says_where_it_listens_and_prints_the_station_links(door_event: Path) -> None:
    port = free_port()
    server = start_eventrunner("door", str(door_event), "--port", str(port), "--host",
                               "127.0.0.1", "--no-qr")  # fmt: skip
    try:
        wait_http(f"http://127.0.0.1:{port}/", server)
        assert server.stdout is not None
        said = [server.stdout.readline() for _ in range(3)]
    finally:
        stop(server)
    text = "".join(said)
    assert "listening on 127.0.0.1" in text and "--host" in text
    with EventStore.open(door_event, readonly=True) as store:
        keys = [k.key for k in store.door_keys() if k.revoked_at is None]
        assert store.door_address() == f"http://127.0.0.1:{port}"
    assert keys and any(f"http://127.0.0.1:{port}/s/{keys[0]}/" in line for line in said)
