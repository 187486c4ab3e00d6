"""The door page's web server: a station key in every address, one transaction per tap.

Routes (all under `/s/{key}/`, nothing at all without a valid key):
`GET /` the page, `GET fonts/{name}`, `GET api/state`, `GET api/search?q=`,
`POST api/checkin`, `POST api/undo`, `POST api/scan`, `POST api/walkin`.
Store calls run in a worker thread (the event file may wait for the console's write lock);
every change is one EventStore action, so several stations and the console lose nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from eventrunner.door.access import KeyGuard
from eventrunner.door.fonts import font_face_css, serve_font
from eventrunner.door.people import Handles, card, search, shown_round, tables_of
from eventrunner.importing.text import slugify
from eventrunner.model import Attendee, Presence
from eventrunner.store import EventStore, StoreError
from eventrunner.textsafe import clean_text

_PAGE = (Path(__file__).parent / "page.html").read_text(encoding="utf-8")
STORE: web.AppKey[EventStore] = web.AppKey("store", EventStore)
GUARD: web.AppKey[KeyGuard] = web.AppKey("guard", KeyGuard)
HANDLES: web.AppKey[Handles] = web.AppKey("handles", Handles)
_MAX_NAME = 200

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def require_key(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Nothing is served without a station key that is not revoked; guessing is braked."""
    client = request.remote or "?"
    guard = request.app[GUARD]
    wait = guard.blocked(client)
    if wait:
        raise web.HTTPTooManyRequests(
            text=f"Too many wrong station keys; wait {wait:.0f} s, then use the link the "
            "organizer's console shows.",
            headers={"Retry-After": str(int(wait) + 1)},
        )
    key = request.match_info.get("key", "")
    store = request.app[STORE]
    if not key or not await asyncio.to_thread(store.key_opens, key):
        guard.wrong(client)
        raise web.HTTPForbidden(
            text="This door station has no valid key (it may have been revoked). Open the "
            "link or scan the QR code the organizer's console shows."
        )
    response: web.StreamResponse = await handler(request)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


async def page(request: web.Request) -> web.Response:
    prefix = f"/s/{request.match_info['key']}/"
    html = _PAGE.replace("{{font_css}}", font_face_css(prefix + "fonts/"))
    return web.Response(text=html, content_type="text/html")


def _overview(store: EventStore) -> dict[str, Any]:
    event = store.event()
    plan = store.current_plan()
    rounds = len(plan.rounds) if plan else event.settings.rounds
    here = sum(a.presence is Presence.PRESENT for a in event.attendees)
    return {
        "event": clean_text(event.settings.name),
        "here": here,
        "registered": len(event.attendees),
        "round": shown_round(store.timer(), rounds) if plan else 0,
    }


async def state(request: web.Request) -> web.Response:
    store = request.app[STORE]
    return web.json_response(await asyncio.to_thread(_overview, store))


def _search(store: EventStore, handles: Handles, query: str) -> dict[str, Any]:
    people = store.attendees()
    plan = store.current_plan()
    rounds = len(plan.rounds) if plan else 0
    round_number = shown_round(store.timer(), rounds)
    seats = tables_of(plan, round_number)
    found = search(people, query)
    return {
        "round": round_number,
        "people": [
            card(
                a,
                handles,
                seats,
                store.checked_in_at(a.id) if a.presence is Presence.PRESENT else "",
            )
            for a in found
        ],
    }


async def find(request: web.Request) -> web.Response:
    query = request.query.get("q", "")[:100]
    store, handles = request.app[STORE], request.app[HANDLES]
    return web.json_response(await asyncio.to_thread(_search, store, handles, query))


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="send JSON") from None
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text="send a JSON object")
    return data


def _answer(store: EventStore, handles: Handles, person: Attendee, **extra: Any) -> dict[str, Any]:
    plan = store.current_plan()
    round_number = shown_round(store.timer(), len(plan.rounds) if plan else 0)
    seats = tables_of(plan, round_number)
    at = store.checked_in_at(person.id) if person.presence is Presence.PRESENT else ""
    return {"person": card(person, handles, seats, at), "round": round_number, **extra}


def _check_in(store: EventStore, handles: Handles, handle: str) -> dict[str, Any]:
    person = handles.find(handle, store.attendees())
    if person is None:
        raise web.HTTPNotFound(text="nobody with that handle; search again")
    outcome = store.check_in(person.id)
    return _answer(store, handles, outcome.attendee, already=outcome.already)


def _undo(store: EventStore, handles: Handles, handle: str) -> dict[str, Any]:
    person = handles.find(handle, store.attendees())
    if person is None:
        raise web.HTTPNotFound(text="nobody with that handle; search again")
    if person.presence is Presence.PRESENT:
        store.set_presence(person.id, Presence.REGISTERED)
    return _answer(store, handles, store.attendee(person.id) or person)


def _scan(store: EventStore, handles: Handles, code: str) -> dict[str, Any]:
    found = store.find_ticket(code)
    if not found:
        return {"unknown": True, "code": clean_text(code)[:80]}
    if len(found) > 1:
        return {"shared": len(found), "code": clean_text(code)[:80]}
    outcome = store.check_in(found[0].id)
    return _answer(store, handles, outcome.attendee, already=outcome.already)


def _walk_in(store: EventStore, handles: Handles, name: str) -> dict[str, Any]:
    name = " ".join(clean_text(name).split())
    if not name or len(name) > _MAX_NAME:
        raise web.HTTPBadRequest(text="give the walk-in's name (up to 200 characters)")
    base = slugify(name)
    for attempt in range(5):
        # Another station may take the same id between our read and our write: try the next.
        taken = {a.id for a in store.attendees()}
        new_id, n = base, 2 + attempt
        while new_id in taken:
            new_id, n = f"{base}-{n}", n + 1
        try:
            store.add_attendee(Attendee(id=new_id, name=name, presence=Presence.PRESENT))
        except StoreError:
            if new_id not in {a.id for a in store.attendees()}:
                raise
            continue
        added = store.attendee(new_id)
        assert added is not None
        return _answer(store, handles, added, added=True)
    raise StoreError("could not give the walk-in an id; try again")


def _action(work: Callable[[EventStore, Handles, str], dict[str, Any]], field: str) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        data = await _body(request)
        value = data.get(field)
        if not isinstance(value, str) or not value.strip():
            raise web.HTTPBadRequest(text=f"give {field!r} as text")
        store, handles = request.app[STORE], request.app[HANDLES]
        try:
            result = await asyncio.to_thread(work, store, handles, value)
        except StoreError as error:
            return web.json_response({"error": str(error)}, status=409)
        return web.json_response(result)

    return handle


def make_app(store: EventStore, *, guard: KeyGuard | None = None) -> web.Application:
    """The door page over an open event file (tests give their own guard and store)."""
    app = web.Application(middlewares=[require_key], client_max_size=64 * 1024)
    app[STORE] = store
    app[GUARD] = guard or KeyGuard()
    app[HANDLES] = Handles()
    routes = [
        web.get("/s/{key}/", page),
        web.get("/s/{key}/fonts/{name}", serve_font),
        web.get("/s/{key}/api/state", state),
        web.get("/s/{key}/api/search", find),
        web.post("/s/{key}/api/checkin", _action(_check_in, "handle")),
        web.post("/s/{key}/api/undo", _action(_undo, "handle")),
        web.post("/s/{key}/api/scan", _action(_scan, "code")),
        web.post("/s/{key}/api/walkin", _action(_walk_in, "name")),
    ]
    app.add_routes(routes)
    return app


def station_url(base: str, key: str) -> str:
    """The address a station opens (the QR code holds exactly this)."""
    return f"{base.rstrip('/')}/s/{key}/"


__all__ = ["make_app", "station_url"]
