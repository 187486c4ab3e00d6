"""QR drawing: every code we make reads back, like a phone would, in every rendering."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from eventrunner.contacts import badge_payload, mecard, vcard
from eventrunner.contacts.qr import (
    Matrix,
    dark_runs,
    matrix,
    png_bytes,
    rectangles,
    to_svg,
    to_terminal,
    version_of,
    write_png,
)
from eventrunner.model import Attendee, Consent

NAMES = [
    "Zoë Ångström-Nuñez",
    "Αλέξανδρος Παπαδόπουλος",
    "Дмитрий Иванов",
    "山田 太郎",
    "김민준",
    "ﾊﾝｶｸ ｶﾀｶﾅ",
    "Sam 🎉 Lee",
    "👩‍👩‍👧 Family",
    'Martin; Claire, Jr. \\ "Q"',
    "Line\nBreak",
]


def image_of(m: Matrix, scale: int = 4) -> Image.Image:
    img = Image.new("L", (len(m), len(m)), 255)
    img.putdata([0 if dark else 255 for row in m for dark in row])
    return img.resize((len(m) * scale, len(m) * scale), Image.Resampling.NEAREST)


def decode(img: Image.Image) -> zxingcpp.Barcode:
    found = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    return found[0]


def assert_reads_back(img: Image.Image, payload: str) -> None:
    code = decode(img)
    # The bytes are what we encoded; the text is how a phone shows them (UTF-8 guessed).
    assert code.bytes == payload.encode("utf-8")
    assert code.text == payload


def from_terminal(text: str, *, invert: bool) -> Matrix:
    top = {"█": True, "▀": True, "▄": False, " ": False}
    bottom = {"█": True, "▀": False, "▄": True, " ": False}
    rows: list[tuple[bool, ...]] = []
    for line in text.split("\n"):
        # A block is drawn for a light module, or for a dark one when inverted.
        rows.append(tuple(top[ch] == invert for ch in line))
        rows.append(tuple(bottom[ch] == invert for ch in line))
    return tuple(rows)


def people() -> list[Attendee]:
    everything = Consent.from_text("all")
    return [
        Attendee(id=f"p{i}", name=name, email=f"p{i}@example.org", company="Ωmega Ltd",
                 title="Лидер", linkedin=f"p{i}", consent=everything)
        for i, name in enumerate(NAMES)
    ]  # fmt: skip


@pytest.mark.parametrize("person", people(), ids=lambda p: p.id)
def test_every_payload_decodes_to_exactly_itself(person: Attendee) -> None:
    for payload in (
        badge_payload(person),
        vcard(person, note="You share: 🎉, ski"),
        mecard(person),
    ):
        assert_reads_back(image_of(matrix(payload.text)), payload.text)


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_error_correction_levels(level: str) -> None:
    text = "MECARD:N:Иванов,Дмитрий;;"
    code = decode(image_of(matrix(text, error_correction=level)))
    assert code.text == text
    assert code.ec_level == level


def test_matrix_shape_and_quiet_zone() -> None:
    m = matrix("hello", border=4)
    assert len(m) == 21 + 8 and all(len(row) == len(m) for row in m)
    assert version_of(m) == 1
    edge = [*m[:4], *m[-4:], *(row[:4] for row in m), *(row[-4:] for row in m)]
    assert not any(any(row) for row in edge)
    assert len(matrix("hello", border=0)) == 21
    assert version_of(matrix("x" * 150)) == 8


def test_matrix_refuses_what_cannot_be_a_code() -> None:
    with pytest.raises(ValueError, match="error correction"):
        matrix("x", error_correction="Z")
    with pytest.raises(ValueError, match="do not fit"):
        matrix("x" * 3000)


def test_no_pillow_is_needed_to_draw() -> None:
    code = (
        "import sys\n"
        "sys.modules['PIL'] = None  # as if Pillow were not installed\n"
        "from eventrunner.contacts import qr\n"
        "m = qr.matrix('BEGIN:VCARD')\n"
        "assert qr.to_svg(m) and qr.png_bytes(m) and qr.to_terminal(m) and qr.dark_runs(m)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=7, max_size=7), min_size=1, max_size=7))
def test_dark_runs_cover_exactly_the_dark_modules(rows: list[list[bool]]) -> None:
    m = tuple(tuple(r) for r in rows)
    rebuilt = [[False] * 7 for _ in rows]
    for r, c, n in dark_runs(m):
        assert n >= 1
        for k in range(n):
            assert not rebuilt[r][c + k]  # runs never overlap
            rebuilt[r][c + k] = True
    assert tuple(tuple(r) for r in rebuilt) == m
    # Runs are maximal: no two runs touch on a row.
    ends = {(r, c + n) for r, c, n in dark_runs(m)}
    assert not any((r, c) in ends for r, c, _ in dark_runs(m))


def test_rectangles_place_runs_in_the_callers_unit() -> None:
    m = ((False, True, True), (True, False, False))
    assert rectangles(m, x=10, y=20, module=0.5) == [(10.5, 20, 1.0, 0.5), (10, 20.5, 0.5, 0.5)]


def test_svg_draws_the_matrix() -> None:
    m = matrix("Zoë 🎉")
    svg = to_svg(m, module_mm=0.5)
    root = ET.fromstring(svg)
    assert root.get("width") == f"{len(m) * 0.5:g}mm"
    assert root.get("viewBox") == f"0 0 {len(m)} {len(m)}"
    path = root.find("{http://www.w3.org/2000/svg}path")
    assert path is not None
    rebuilt = [[False] * len(m) for _ in m]
    for c, r, n in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path.get("d", "")):
        for k in range(int(n)):
            rebuilt[int(r)][int(c) + k] = True
    assert tuple(map(tuple, rebuilt)) == m
    free = ET.fromstring(to_svg("Zoë 🎉"))
    assert free.get("width") == str(len(m) * 8)  # 8 px a module when no size is asked


def test_png_file_decodes(tmp_path: Path) -> None:
    text = badge_payload(people()[3]).text
    target = tmp_path / "code.png"
    write_png(target, text, scale=3)
    with Image.open(target) as img:
        assert img.size == (len(matrix(text)) * 3,) * 2
        assert_reads_back(img.convert("L"), text)
    assert target.read_bytes() == png_bytes(text, scale=3)
    assert [p.name for p in tmp_path.iterdir()] == ["code.png"]  # no temporary file left


def test_png_pixels_are_the_modules() -> None:
    import io

    m = matrix("pixels")
    with Image.open(io.BytesIO(png_bytes(m, scale=2))) as img:
        grey = img.convert("L")
        for r, row in enumerate(m):
            for c, dark in enumerate(row):
                assert grey.getpixel((2 * c + 1, 2 * r + 1)) == (0 if dark else 255)


@pytest.mark.parametrize("invert", [False, True])
@pytest.mark.parametrize("name", ["Sam 🎉 Lee", "山田 太郎", "Дмитрий"])
def test_terminal_rendering_parses_back_and_decodes(invert: bool, name: str) -> None:
    text = mecard(Attendee(id="t", name=name, company="Co")).text
    m = matrix(text)
    shown = to_terminal(text, invert=invert)
    lines = shown.split("\n")
    assert len(lines) == (len(m) + 1) // 2
    assert all(len(line) == len(m) for line in lines)
    assert set(shown) <= set("█▀▄ \n")
    parsed = from_terminal(shown, invert=invert)
    assert parsed[: len(m)] == m
    assert all(not any(row) for row in parsed[len(m) :])  # the padding row is light
    assert_reads_back(image_of(parsed[: len(m)]), text)


def test_terminal_default_draws_the_quiet_zone_for_dark_backgrounds() -> None:
    lines = to_terminal("x").split("\n")
    assert lines[0] == "█" * len(lines[0])  # light quiet zone drawn as blocks
    assert to_terminal("x", invert=True).split("\n")[0] == " " * len(lines[0])
