"""Layouts: the shipped label sheets have the published geometry, and they print where they say.

The expected numbers are typed here from the sheets' specifications (inches or mm), not read
back from the layout files or from a PDF we wrote.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from printkit import context, render

from eventrunner.printing import PrintError, render_to_file, resolve_layout
from eventrunner.printing.layout import (
    Layout,
    available_layouts,
    default_layout_name,
    locale_paper,
)

IN = 25.4
# name: (page w, page h, columns, rows, item w, item h, left, top, pitch x, pitch y) in mm
PUBLISHED = {
    "avery-5392": (8.5 * IN, 11 * IN, 2, 3, 4 * IN, 3 * IN, 0.25 * IN, 1 * IN, 4 * IN, 3 * IN),
    "avery-5395": (
        8.5 * IN,
        11 * IN,
        2,
        4,
        3.375 * IN,
        7 / 3 * IN,
        0.6875 * IN,
        7 / 12 * IN,
        3.75 * IN,
        2.5 * IN,
    ),
    "avery-l7418": (210, 297, 2, 4, 86, 55, 14, 21.5, 96, 66.5),
    "avery-l4785": (210, 297, 2, 5, 80, 50, 18, 13, 95, 55),  # Avery's published template
    "a4-cut": (210, 297, 2, 4, 95, 70, 10, 8.5, 95, 70),
    "letter-cut": (8.5 * IN, 11 * IN, 2, 3, 4 * IN, 3 * IN, 0.25 * IN, 1 * IN, 4 * IN, 3 * IN),
}
TOLERANCE = 0.5  # mm


def expected_boxes(name: str) -> list[tuple[float, float, float, float]]:
    _, _, cols, rows, w, h, left, top, dx, dy = PUBLISHED[name]
    return [(left + c * dx, top + r * dy, w, h) for r in range(rows) for c in range(cols)]


def test_every_issue_layout_ships() -> None:
    assert set(PUBLISHED) <= set(available_layouts())


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_layout_boxes_match_the_published_sheet(name: str) -> None:
    layout = resolve_layout(name)
    page_w, page_h, cols, rows, *_ = PUBLISHED[name]
    assert (layout.columns, layout.rows) == (cols, rows)
    assert layout.page_w == pytest.approx(page_w, abs=TOLERANCE)
    assert layout.page_h == pytest.approx(page_h, abs=TOLERANCE)
    boxes = layout.boxes()
    assert len(boxes) == cols * rows
    for box, (x, y, w, h) in zip(boxes, expected_boxes(name), strict=True):
        assert abs(box.x - x) <= TOLERANCE and abs(box.y - y) <= TOLERANCE
        assert abs(box.w - w) <= TOLERANCE and abs(box.h - h) <= TOLERANCE
        assert box.x + box.w <= layout.page_w + 0.01 and box.y + box.h <= layout.page_h + 0.01


def _edge(profile: np.ndarray, start_mm: float, dpi: int) -> float | None:
    """Where (in mm) the dark line lies within a strip of pixels starting at start_mm."""
    dark = np.flatnonzero(profile < 128)
    if dark.size == 0:
        return None
    return start_mm + float(dark.mean()) * 25.4 / dpi


@pytest.mark.parametrize("name", ["avery-5392", "avery-5395", "avery-l7418", "avery-l4785"])
def test_alignment_page_outlines_sit_on_the_published_grid(name: str, tmp_path: Path) -> None:
    out = tmp_path / "align.pdf"
    render_to_file("alignment", context(4), out, layout=name)
    dpi = 300
    image = np.asarray(render(out, 0, dpi))
    px = dpi / 25.4
    for x, y, w, h in expected_boxes(name):
        mid_x, mid_y = x + w / 2, y + h / 2
        for edge, horizontal in ((x, True), (x + w, True), (y, False), (y + h, False)):
            lo = edge - 1.5
            a = round(lo * px)
            b = round((edge + 1.5) * px)
            strip = image[round(mid_y * px), a:b] if horizontal else image[a:b, round(mid_x * px)]
            found = _edge(strip, a / px, dpi)
            assert found is not None, f"{name}: no outline near {edge:.1f} mm"
            assert abs(found - edge) <= TOLERANCE, f"{name}: outline at {found:.2f}, not {edge:.2f}"


def test_locale_decides_the_paper() -> None:
    assert locale_paper({"LANG": "en_US.UTF-8"}) == "letter"
    assert locale_paper({"LANG": "fr_CA.UTF-8"}) == "letter"
    assert locale_paper({"LANG": "de_DE.UTF-8"}) == "a4"
    assert locale_paper({"LANG": "en_GB.UTF-8", "LC_PAPER": "en_US.UTF-8"}) == "letter"
    assert locale_paper({"LC_ALL": "de_DE.UTF-8", "LC_PAPER": "en_US.UTF-8"}) == "a4"
    assert locale_paper({"LANG": "en_US.UTF-8", "PAPERSIZE": "a4"}) == "a4"
    assert locale_paper({"LANG": "C.UTF-8"}) == "a4"
    assert default_layout_name("badges", "letter") == "letter-cut"
    assert default_layout_name("cards", "a4") == "cards-a4"


def test_default_layout_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_PAPER", "PAPERSIZE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert resolve_layout(None).name == "letter-cut"
    assert resolve_layout(None, "cards").name == "cards-letter"
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    assert resolve_layout(None).name == "a4-cut"


def test_a_layout_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'name = "mine"\nunit = "mm"\npage = [100, 150]\ngrid = [1, 2]\nitem = [90, 70]\n'
        "margin = [5, 5]\npitch = [90, 72]\ncorner_radius = 2\n",
        encoding="utf-8",
    )
    layout = resolve_layout(str(path))
    assert isinstance(layout, Layout)
    assert [(b.x, b.y) for b in layout.boxes()] == [(5.0, 5.0), (5.0, 77.0)]
    assert layout.corner_radius == 2.0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('paper = "a4"\ngrid = [2]\nitem = [80, 50]\nmargin = [0, 0]\n', "grid"),
        ('paper = "a3x"\ngrid = [2, 2]\nitem = [80, 50]\nmargin = [0, 0]\n', "paper"),
        (
            'paper = "a4"\ngrid = [2, 2]\nitem = [80, 50]\nmargin = [0, 0]\npitch = [70, 50]\n',
            "pitch",
        ),
        ('paper = "a4"\ngrid = [3, 2]\nitem = [80, 50]\nmargin = [0, 0]\n', "grid"),
        ('paper = "a4"\nunit = "cm"\ngrid = [1, 1]\nitem = [8, 5]\nmargin = [0, 0]\n', "unit"),
    ],
)
def test_a_bad_layout_names_file_and_field(tmp_path: Path, body: str, field: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PrintError) as info:
        resolve_layout(str(path))
    message = str(info.value)
    assert "\n" not in message and str(path) in message and f"'{field}'" in message


def test_an_unknown_layout_lists_the_known_ones() -> None:
    with pytest.raises(PrintError, match="avery-5392"):
        resolve_layout("avery-9999")
