"""Widgets shared by the console and the projector view."""
