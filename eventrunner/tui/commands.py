"""Command-palette commands (ctrl+p) for every action of the console."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.app import App

#: (title, help, mode to show first or None, action on that screen or None)
ACTIONS: tuple[tuple[str, str, str | None, str | None], ...] = (
    ("Start, pause or resume the round", "space on the console", "console", "start_pause"),
    ("Add a minute to the round", "+ on the console", "console", "add_minute"),
    ("End the round now", "e on the console (asks first)", "console", "end_round"),
    ("Next round: by itself or on space", "a on the console", "console", "toggle_auto"),
    ("Review the proposed re-plan", "r on the console", "console", "review_replan"),
    ("A table is unusable (broken): re-plan without it", "t on the console", "console", "tables"),
    ("Print badges, table maps, cards, packs…", "p on the console", None, "app.print"),
    ("Undo the last check-in, departure or follow-up", "ctrl+z", None, "app.undo"),
    ("Show the console", "F2", "console", None),
    ("Check-in: show the roster", "F3", "roster", None),
    ("Add a walk-in", "ctrl+n on the roster", "roster", "walk_in"),
    ("Edit the highlighted attendee", "ctrl+o on the roster", "roster", "edit"),
    ("Mark the highlighted attendee as left", "ctrl+l on the roster", "roster", "mark_left"),
    ("Show only who has not arrived", "ctrl+t on the roster", "roster", "toggle_filter"),
    (
        "Show the highlighted attendee's contact code",
        "ctrl+r on the roster",
        "roster",
        "contact_code",
    ),
    ("Check in everyone not yet arrived", "asks first", "roster", "check_in_all"),
    ("Door stations: links, keys, revoke", "ctrl+g on the roster", "roster", "door_keys"),
    ("Make or remake the plan", "m on the plan screen", "plan", "make_plan"),
    ("Stop the solver, keep its best plan", "c on the plan screen", "plan", "stop(True)"),
    ("Cancel planning", "Esc on the plan screen", "plan", "stop(False)"),
    ("Show an attendee's itinerary", "i on the plan screen", "plan", "itinerary"),
    ("Record follow-up wishes", "F5", "followups", None),
    (
        "Send follow-ups by email",
        "ctrl+s on the follow-ups screen",
        "followups",
        "app.send_followups",
    ),
    (
        "No email for the highlighted attendee",
        "ctrl+y on the follow-ups screen",
        "followups",
        "no_email",
    ),
    ("Help: every key", "? or F1", None, "app.help"),
)


async def perform(app: App[object], mode: str | None, action: str | None) -> None:
    """Show the screen an action belongs to, then run it there."""
    if mode is not None and app.current_mode != mode:
        await app.switch_mode(mode)
    if action is not None:
        await app.run_action(action, app.screen)


class ConsoleCommands(Provider):
    """Every console action, searchable by name."""

    async def discover(self) -> Hits:
        for title, help_text, mode, action in ACTIONS:
            yield DiscoveryHit(title, partial(perform, self.app, mode, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, mode, action in ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(perform, self.app, mode, action),
                    help=help_text,
                )
