"""The event's look on paper: its name, date and venue, logo, brand colour, table zones, sides.

Every printed kind takes these from here so a badge, a card, a wall map and a pack look like
one event. Table zones get colours from the Okabe-Ito palette (told apart with every common
colour-vision deficiency) and always travel with the table number, so colour is a help from
afar and never the only sign.
"""

from __future__ import annotations

import functools
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import ResourceAccessPolicy

from eventrunner.model import EventSettings
from eventrunner.printing.fonts import clean_text
from eventrunner.printing.pdfkit import GREY, PT, draw_fitted, draw_text, fit_text, rule

Color = tuple[int, int, int]

INK: Color = (20, 20, 20)
#: Okabe & Ito (2008), "Color Universal Design": distinguishable by people with protanopia,
#: deuteranopia and tritanopia, and each dark enough to carry white numbers.
ZONES: tuple[tuple[str, Color], ...] = (
    ("blue", (0, 114, 178)),
    ("orange", (213, 94, 0)),
    ("green", (0, 158, 115)),
    ("purple", (204, 121, 167)),
    ("sky", (86, 180, 233)),
    ("yellow", (230, 159, 0)),
)
ZONE_SIZE = 5
"""Consecutive tables per zone: tables 1-5 blue, 6-10 orange, ..."""


def zone(table: int) -> tuple[str, Color]:
    """The zone colour (name, RGB) of a table number."""
    return ZONES[((max(1, table) - 1) // ZONE_SIZE) % len(ZONES)]


def on_color(color: Color) -> Color:
    """Black or white, whichever reads better on `color` (WCAG relative luminance)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(color[0]) + 0.7152 * channel(color[1]) + 0.0722 * channel(color[2])
    return (0, 0, 0) if lum > 0.25 else (255, 255, 255)


def brand(settings: EventSettings) -> Color:
    """The event's colour, or the ink when none is set."""
    value = settings.brand_color
    if not value:
        return INK
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def event_line(settings: EventSettings) -> str:
    """The event name with its date and venue, as one line: "Spring Mixer · 3 Dec · Hub"."""
    parts = (settings.name, settings.date, settings.venue)
    return " · ".join(clean_text(p) for p in parts if clean_text(p))


@functools.cache
def logo_ok(path: str) -> bool:
    """Whether the logo file is there to print (a missing one is warned about once)."""
    return bool(path) and Path(path).is_file()


def draw_logo(
    pdf: FPDF, settings: EventSettings, x: float, y: float, h: float, w: float = 0.0
) -> float:
    """The logo, `h` mm tall (inside a w x h box when `w` is given), its left edge at x;
    returns its width (0 when there is none)."""
    if not logo_ok(settings.logo):
        return 0.0
    try:
        # Local files only: an SVG that points at the network must not make a print go online.
        info = pdf.image(
            settings.logo,
            x=x,
            y=y,
            w=w,
            h=h,
            keep_aspect_ratio=bool(w),
            resource_access_policy=ResourceAccessPolicy.LOCAL_FILES,
        )
    except Exception:  # a broken file: print without it (logo_warnings says so)
        return 0.0
    return float(info.rendered_width) if info is not None else h


def logo_warnings(settings: EventSettings) -> list[str]:
    """One line when the event names a logo that cannot be printed."""
    if settings.logo and not logo_ok(settings.logo):
        return [f"the logo {settings.logo} is not found; printing without it"]
    return []


def side_label(side: str) -> str:
    """The ribbon text of a side ("mentor" -> "MENTOR")."""
    return clean_text(side).upper()


def event_header(
    pdf: FPDF, settings: EventSettings, title: str, x: float, y: float, w: float
) -> float:
    """A page's head: the logo, the event's line (name, date, venue) in its colour, a bold
    title and a rule in the brand colour; returns the y to continue from."""
    logo_w = draw_logo(pdf, settings, x + w - 40.0, y, 12.0)
    text_w = w - (logo_w + 3.0 if logo_w else 0.0)
    color = brand(settings) if settings.brand_color else GREY
    y = draw_text(pdf, event_line(settings), x, y, text_w, 10, color=color)
    fitted = fit_text(
        pdf, title, text_w, 22 * PT * 2.6, max_size=22, min_size=14, max_lines=2, style="B"
    )
    y = draw_fitted(pdf, fitted, x, y, text_w, style="B")
    rule(pdf, x, y + 1.0, w, brand(settings))
    return y + 7.0
