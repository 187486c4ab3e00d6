"""The one exception printing raises for the organizer, kept apart to avoid import cycles."""

from __future__ import annotations


class PrintError(Exception):
    """Something the organizer must fix before printing; the message is one line."""
