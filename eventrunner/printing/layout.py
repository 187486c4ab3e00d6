"""Sheet layouts: where the badges or cards sit on a printed page, read from TOML.

A layout file in `layouts/` gives the paper, the grid (columns x rows), the size of one
item, the margin from the page edge to the first item, the pitch from one item to the next,
the corner radius and whether to draw cut marks, in `mm`, `in` or `pt`. Everything here is in
millimetres. This module only does geometry; drawing is in `pdfkit`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import attrs

from eventrunner.printing.errors import PrintError
from eventrunner.resources import data_dir

Paper = Literal["a4", "letter"]

#: Paper sizes in millimetres (width, height), portrait.
PAPERS: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a5": (148.0, 210.0),
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
}
_UNITS = {"mm": 1.0, "in": 25.4, "pt": 25.4 / 72}
#: Territories whose locales print on US Letter (the rest of the world uses A4).
_LETTER_TERRITORIES = frozenset(
    ["US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA", "DO", "SV", "NI", "HN", "BZ"]
)
_SLACK = 0.05  # mm: rounding in inch-based files must not make a real sheet "not fit"


@attrs.frozen
class Box:
    """A rectangle on the page, in millimetres from the top-left corner."""

    x: float
    """Left edge."""
    y: float
    """Top edge."""
    w: float
    """Width."""
    h: float
    """Height."""


@attrs.frozen
class Layout:
    """A printable sheet geometry: a grid of equal items on one paper size."""

    name: str
    """Short name (`avery-5392`), used with `--layout`."""
    description: str
    """One line for people choosing a layout."""
    kind: str
    """What the sheet is meant for: `badges` or `cards`."""
    page_w: float
    """Page width in mm."""
    page_h: float
    """Page height in mm."""
    columns: int
    """Items across."""
    rows: int
    """Items down."""
    item_w: float
    """Width of one item in mm."""
    item_h: float
    """Height of one item in mm."""
    left: float
    """From the page's left edge to the first column, in mm."""
    top: float
    """From the page's top edge to the first row, in mm."""
    pitch_x: float
    """From one column's left edge to the next one's, in mm."""
    pitch_y: float
    """From one row's top edge to the next one's, in mm."""
    corner_radius: float = 0.0
    """Radius of the item corners in mm (die-cut labels are rounded)."""
    cut_marks: bool = False
    """Draw cut marks around the grid (plain paper that is cut by hand)."""

    @property
    def per_page(self) -> int:
        """Items on one sheet."""
        return self.columns * self.rows

    def boxes(self) -> list[Box]:
        """The item rectangles of one page, row by row, left to right."""
        return [
            Box(
                self.left + col * self.pitch_x,
                self.top + row * self.pitch_y,
                self.item_w,
                self.item_h,
            )
            for row in range(self.rows)
            for col in range(self.columns)
        ]

    @classmethod
    def from_toml(cls, path: Path) -> Layout:
        """Read and check a layout file; raises PrintError naming the file and the field."""
        try:
            with path.open("rb") as f:
                data = tomllib.load(f)
        except OSError as exc:
            raise PrintError(f"cannot read layout {path}: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise PrintError(f"{path}: not valid TOML ({exc}); fix the layout file") from exc
        return _from_mapping(data, path)


def _from_mapping(data: Mapping[str, object], path: Path) -> Layout:
    def fail(field: str, what: str) -> PrintError:
        return PrintError(f"{path}: field '{field}' {what}; fix the layout file")

    def pair(field: str, whole: bool = False) -> tuple[float, float]:
        value = data.get(field)
        kinds = (int,) if whole else (int, float)
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, kinds) and not isinstance(v, bool) for v in value)
        ):
            raise fail(field, "must be two " + ("whole numbers" if whole else "numbers"))
        return float(value[0]), float(value[1])

    unit = data.get("unit", "mm")
    if unit not in _UNITS:
        raise fail("unit", "must be mm, in or pt")
    scale = _UNITS[str(unit)]
    if "page" in data:
        page_w, page_h = (v * scale for v in pair("page"))
    else:
        paper = str(data.get("paper", "")).casefold()
        if paper not in PAPERS:
            raise fail("paper", "must be one of " + ", ".join(PAPERS) + " (or give page = [w, h])")
        page_w, page_h = PAPERS[paper]
    columns, rows = (int(v) for v in pair("grid", whole=True))
    item_w, item_h = (v * scale for v in pair("item"))
    left, top = (v * scale for v in pair("margin"))
    pitch_x, pitch_y = (v * scale for v in pair("pitch")) if "pitch" in data else (item_w, item_h)
    radius = data.get("corner_radius", 0.0)
    if not isinstance(radius, int | float) or isinstance(radius, bool) or radius < 0:
        raise fail("corner_radius", "must be a number of at least 0")
    cut_marks = data.get("cut_marks", False)
    if not isinstance(cut_marks, bool):
        raise fail("cut_marks", "must be true or false")
    if columns < 1 or rows < 1:
        raise fail("grid", "needs at least one column and one row")
    if item_w <= 0 or item_h <= 0:
        raise fail("item", "must be a positive width and height")
    if pitch_x < item_w - _SLACK or pitch_y < item_h - _SLACK:
        raise fail("pitch", "is smaller than the item, so items would overlap")
    if left < 0 or top < 0:
        raise fail("margin", "must not be negative")
    right = left + (columns - 1) * pitch_x + item_w
    bottom = top + (rows - 1) * pitch_y + item_h
    if right > page_w + _SLACK or bottom > page_h + _SLACK:
        raise fail(
            "grid",
            f"runs off the page ({right:.1f} x {bottom:.1f} mm on {page_w:.1f} x {page_h:.1f} mm)",
        )
    kind = str(data.get("kind", "badges"))
    return Layout(
        name=str(data.get("name", path.stem)),
        description=str(data.get("description", "")),
        kind=kind,
        page_w=page_w,
        page_h=page_h,
        columns=columns,
        rows=rows,
        item_w=item_w,
        item_h=item_h,
        left=left,
        top=top,
        pitch_x=pitch_x,
        pitch_y=pitch_y,
        corner_radius=float(radius) * scale,
        cut_marks=cut_marks,
    )


def available_layouts() -> list[str]:
    """Names of the layouts shipped in layouts/."""
    return sorted(p.stem for p in data_dir("layouts").glob("*.toml"))


def locale_paper(environ: Mapping[str, str] | None = None) -> Paper:
    """The paper size this machine's settings ask for: `letter` or `a4`.

    `PAPERSIZE` (the libpaper convention) wins; then the territory of the locale
    (`LC_ALL`, `LC_PAPER`, `LANG`, in POSIX order); then /etc/papersize; else A4.
    """
    env = os.environ if environ is None else environ
    explicit = env.get("PAPERSIZE", "").strip().casefold()
    if explicit in ("a4", "letter"):
        return "letter" if explicit == "letter" else "a4"
    for var in ("LC_ALL", "LC_PAPER", "LANG"):
        value = env.get(var, "")
        if value:
            territory = value.split(".")[0].split("@")[0].partition("_")[2].upper()
            if territory:
                return "letter" if territory in _LETTER_TERRITORIES else "a4"
            break  # C or POSIX: the locale says nothing about paper
    if environ is None:
        try:
            system = Path("/etc/papersize").read_text(encoding="utf-8").strip().casefold()
        except OSError:
            system = ""
        if system == "letter":
            return "letter"
    return "a4"


def default_layout_name(kind: str = "badges", paper: Paper | None = None) -> str:
    """The layout used when none is named: plain cut sheets on the locale's paper."""
    size = locale_paper() if paper is None else paper
    if kind == "cards":
        return f"cards-{size}"
    return f"{size}-cut"


def resolve_layout(name_or_path: str | None, kind: str = "badges") -> Layout:
    """A layout by name (`avery-5392`), by path (`my-sheet.toml`), or the locale's default."""
    if name_or_path is None or not name_or_path.strip():
        name_or_path = default_layout_name(kind)
    text = name_or_path.strip()
    if text.endswith(".toml") or "/" in text or os.sep in text:
        path = Path(text).expanduser()
        if not path.is_file():
            raise PrintError(f"layout file {path} does not exist; give a path to a .toml file")
        return Layout.from_toml(path)
    path = data_dir("layouts") / f"{text.casefold()}.toml"
    if not path.is_file():
        raise PrintError(
            f"unknown layout '{text}'; use one of {', '.join(available_layouts())} "
            "or a path to a .toml file"
        )
    return Layout.from_toml(path)
