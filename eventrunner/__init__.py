"""eventrunner: the organizer's console for a live speed-networking event."""

__version__ = "0.1.0"
