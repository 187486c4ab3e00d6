"""The door page through aiohttp's test client: keys, actions stored, privacy, stations."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from eventrunner.door import make_app
from eventrunner.model import Presence
from eventrunner.store import EventStore

Station = tuple[TestClient, str, EventStore]


def presence(path: Path, name: str) -> Presence:
    with EventStore.open(path, readonly=True) as s:
        return next(a.presence for a in s.attendees() if a.name == name)


async def test_nothing_is_served_without_a_valid_key(station: Station) -> None:
    client, key, _ = station
    page = await client.get(f"/s/{key}/")
    assert page.status == 200
    html = await page.text()
    assert "fonts.googleapis" not in html and f"/s/{key}/fonts/roboto-mono.ttf" in html
    assert (await client.get(f"/s/{key}/fonts/roboto-mono.ttf")).status == 200
    for path in ("/", "/s/", "/s/nope/", "/s/nope/api/search?q=a", "/static/x", "/s//api/state"):
        reply = await client.get(path)
        assert reply.status in (403, 429), path
        assert "Zo" not in await reply.text()


async def test_wrong_keys_are_rate_limited(station: Station) -> None:
    client, key, _ = station
    for _ in range(3):
        assert (await client.get("/s/guess/api/state")).status == 403
    blocked = await client.get("/s/guess/api/state")
    assert blocked.status == 429 and "Retry-After" in blocked.headers
    # The same address waits even with the right key, until the minute is over.
    assert (await client.get(f"/s/{key}/api/state")).status == 429


async def test_revoked_key_stops_at_the_next_request(station: Station) -> None:
    client, key, store = station
    assert (await client.get(f"/s/{key}/api/state")).status == 200
    store.revoke_door_key(key)
    assert (await client.get(f"/s/{key}/api/state")).status == 403


async def test_search_shows_names_and_tables_only(station: Station, door_event: Path) -> None:
    client, key, store = station
    reply = await client.get(f"/s/{key}/api/search", params={"q": "zoe lef"})
    data = await reply.json()
    assert [p["name"] for p in data["people"]] == ["Zoë Lefèvre"]
    shown = str(data)
    for person in store.attendees():
        for secret in (person.email, person.phone, person.id):
            if secret and len(secret) > 3:
                assert secret not in shown
    assert set(data["people"][0]) == {"handle", "name", "table", "present", "left", "at"}
    assert data["people"][0]["table"].isdigit() and data["round"] == 1
    # Searching an email finds nobody: a station cannot probe contact fields.
    someone = next(a for a in store.attendees() if a.email)
    probe = await client.get(f"/s/{key}/api/search", params={"q": someone.email})
    assert (await probe.json())["people"] == []


async def test_check_in_undo_and_walk_in_are_stored(station: Station, door_event: Path) -> None:
    client, key, _ = station
    found = await (await client.get(f"/s/{key}/api/search", params={"q": "zoe lef"})).json()
    handle = found["people"][0]["handle"]
    first = await (await client.post(f"/s/{key}/api/checkin", json={"handle": handle})).json()
    assert first["already"] is False and first["person"]["present"] is True
    assert presence(door_event, "Zoë Lefèvre") is Presence.PRESENT
    again = await (await client.post(f"/s/{key}/api/checkin", json={"handle": handle})).json()
    assert again["already"] is True and again["person"]["at"] == first["person"]["at"]
    await client.post(f"/s/{key}/api/undo", json={"handle": handle})
    assert presence(door_event, "Zoë Lefèvre") is Presence.REGISTERED
    added = await (await client.post(f"/s/{key}/api/walkin", json={"name": "Walk In"})).json()
    assert added["added"] is True
    assert presence(door_event, "Walk In") is Presence.PRESENT
    twin = await (await client.post(f"/s/{key}/api/walkin", json={"name": "Walk In"})).json()
    assert twin["added"] is True
    with EventStore.open(door_event, readonly=True) as s:
        assert sorted(a.id for a in s.attendees() if a.name == "Walk In") == [
            "walk-in",
            "walk-in-2",
        ]


async def test_scanned_tickets_check_in_and_say_so_twice(
    station: Station, door_event: Path
) -> None:
    client, key, store = station
    who = store.find_ticket("T-3")[0]
    scan = await (await client.post(f"/s/{key}/api/scan", json={"code": " t-3 "})).json()
    assert scan["person"]["name"] == who.name and scan["already"] is False
    assert presence(door_event, who.name) is Presence.PRESENT
    again = await (await client.post(f"/s/{key}/api/scan", json={"code": "T-3"})).json()
    assert again["already"] is True
    unknown = await (await client.post(f"/s/{key}/api/scan", json={"code": "ZZZ"})).json()
    assert unknown == {"unknown": True, "code": "ZZZ"}
    bad = await client.post(f"/s/{key}/api/scan", json={"code": ""})
    assert bad.status == 400


async def test_several_stations_at_once_lose_nothing(door_event: Path) -> None:
    """Three stations, each its own server and connection (as separate devices would be
    served by one `door`, plus the console's own connection), check in everyone at once."""
    stores = [EventStore.open(door_event) for _ in range(3)]
    key = stores[0].add_door_key().key
    clients = [TestClient(TestServer(make_app(s))) for s in stores]
    for c in clients:
        await c.start_server()
    console = EventStore.open(door_event)
    try:
        everyone = [a for a in console.attendees()]
        codes = [a.tickets[0] for a in everyone]

        async def scan(i: int, code: str) -> int:
            reply = await clients[i % 3].post(f"/s/{key}/api/scan", json={"code": code})
            return reply.status

        async def console_side() -> None:
            for a in everyone[::4]:
                await asyncio.to_thread(console.check_in, a.id)

        results = await asyncio.gather(
            *(scan(i, c) for i, c in enumerate(codes)),
            *(scan(i + 1, c) for i, c in enumerate(codes)),
            console_side(),
        )
        assert all(r == 200 for r in results if r is not None)
        assert all(a.presence is Presence.PRESENT for a in console.attendees())
        presence_rows = [e for e in console.journal() if e.action == "presence"]
        assert len(presence_rows) == len(everyone)  # each arrival once, whoever was first
    finally:
        for c in clients:
            await c.close()
        for s in [*stores, console]:
            s.close()
