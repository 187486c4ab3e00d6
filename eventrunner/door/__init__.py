"""`eventrunner door`: a check-in page for volunteers' phones and tablets at the door.

One small aiohttp server (aiohttp comes with textual-serve) over the event file, beside the
console: search by name, tap to check in or undo, add a walk-in, or scan a ticket into the
search box. Access needs a station key (`access`); the page shows names and tables only
(`people`); fonts are served by the laptop (`fonts`), nothing comes from the internet.
Not part of the core: it brings the store and the page together, like the console does.
"""

from __future__ import annotations

from eventrunner.door.app import make_app, station_url

__all__ = ["make_app", "station_url"]
