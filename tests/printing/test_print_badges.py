"""Badges read back like a phone and a person would: codes decode to the consented payload,
each badge's text and ink stay inside its label, names never overflow."""

from __future__ import annotations

from pathlib import Path

import attrs
import numpy as np
import pypdfium2 as pdfium
import pytest
from printkit import LONG_NAME, context, decode_page, page_count, render, squash

from eventrunner import contacts
from eventrunner.model import Attendee, Event
from eventrunner.printing import PrintContext, render_to_file, resolve_layout
from eventrunner.printing.context import sort_key
from eventrunner.printing.layout import Box

PT_PER_MM = 72 / 25.4
LAYOUTS = ["avery-5392", "avery-5395", "avery-l7418", "avery-l4785", "a4-cut", "letter-cut"]


def _print(ctx: PrintContext, tmp_path: Path, layout: str) -> Path:
    out = tmp_path / f"badges-{layout}.pdf"
    render_to_file("badges", ctx, out, layout=layout, warn=lambda _: None)
    return out


def _box_text(path: Path, page: int, box: Box, page_h: float) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        text = (
            doc[page]
            .get_textpage()
            .get_text_bounded(
                left=box.x * PT_PER_MM,
                right=(box.x + box.w) * PT_PER_MM,
                top=(page_h - box.y) * PT_PER_MM,
                bottom=(page_h - box.y - box.h) * PT_PER_MM,
            )
        )
        return str(text)
    finally:
        doc.close()


def _slots(ctx: PrintContext, per_page: int) -> list[tuple[int, int, Attendee]]:
    people = sorted(ctx.event.attendees, key=lambda p: sort_key(p.name))
    return [(i // per_page, i % per_page, p) for i, p in enumerate(people)]


@pytest.mark.parametrize("layout", ["avery-5395", "avery-l4785", "letter-cut"])
def test_every_code_decodes_to_its_owners_consented_payload(
    small: PrintContext, tmp_path: Path, layout: str
) -> None:
    out = _print(small, tmp_path, layout)
    sheet = resolve_layout(layout)
    px = 300 / 25.4
    expected = {
        p.id: contacts.badge_payload(p).text
        for p in small.event.attendees
        if len(contacts.shared_fields(p)) > 1
    }
    found: dict[str, str] = {}
    for page, slot, person in _slots(small, sheet.per_page):
        box = sheet.boxes()[slot]
        for code in decode_page(out, page):
            pos = code.position
            cx = (pos.top_left.x + pos.bottom_right.x) / 2 / px
            cy = (pos.top_left.y + pos.bottom_right.y) / 2 / px
            if box.x < cx < box.x + box.w and box.y < cy < box.y + box.h:
                assert person.id not in found, "two codes on one badge"
                found[person.id] = code.text
    assert found == expected
    # Nothing a person did not share is in their code.
    for person in small.event.attendees:
        if person.id in found and "email" not in person.consent.fields:
            assert person.email not in found[person.id]


@pytest.mark.parametrize("layout", ["avery-5392", "avery-l4785"])
def test_codes_are_25_to_30_mm_with_their_quiet_zone(
    small: PrintContext, tmp_path: Path, layout: str
) -> None:
    out = _print(small, tmp_path, layout)
    dpi = 300
    px = dpi / 25.4
    image = np.asarray(render(out, 0, dpi))
    codes = decode_page(out, 0, dpi)
    assert codes
    for code in codes:
        pos = code.position
        left, top = pos.top_left.x, pos.top_left.y
        right, bottom = pos.bottom_right.x, pos.bottom_right.y
        side_mm = (right - left) / px
        assert 24.0 <= side_mm <= 30.5, f"code is {side_mm:.1f} mm"
        module = _module_px(image, left, top)
        quiet, margin = int(module * 4) - 1, 3
        region = image[top - quiet : bottom + quiet + 1, left - quiet : right + quiet + 1].copy()
        region[
            quiet - margin : quiet + (bottom - top) + margin + 1,
            quiet - margin : quiet + (right - left) + margin + 1,
        ] = 255
        assert region.min() > 200, "something is drawn in the quiet zone"


def _module_px(image: np.ndarray, left: int, top: int) -> float:
    """Width of one module: the finder pattern's dark outer ring is one module thick."""
    row = image[top + 2, left + 1 :]
    run = 0
    for value in row:
        if value >= 128:
            break
        run += 1
    # The finder's first row is 7 modules dark.
    return run / 7


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_badge_text_and_ink_stay_on_its_label(
    small: PrintContext, tmp_path: Path, layout: str
) -> None:
    out = _print(small, tmp_path, layout)
    sheet = resolve_layout(layout)
    first = small.plan.rounds[0] if small.plan else None
    for page, slot, person in _slots(small, sheet.per_page):
        box = sheet.boxes()[slot]
        text = squash(_box_text(out, page, box, sheet.page_h))
        assert squash(person.name) in text
        table = first.table_of(person.id) if first else None
        if table is not None:
            assert f"Table{table.number}" in text
    dpi = 100
    px = dpi / 25.4
    for page in range(page_count(out)):
        ink = np.asarray(render(out, page, dpi)) < 160
        allowed = np.zeros_like(ink)
        for box in sheet.boxes():
            allowed[
                int((box.y - 0.5) * px) : int((box.y + box.h + 0.5) * px) + 1,
                int((box.x - 0.5) * px) : int((box.x + box.w + 0.5) * px) + 1,
            ] = True
        if sheet.cut_marks:  # the marks live in the margins outside the grid
            ys, xs = np.nonzero(allowed)
            allowed[:, : xs.min()] = allowed[:, xs.max() :] = True
            allowed[: ys.min(), :] = allowed[ys.max() :, :] = True
        assert not (ink & ~allowed).any(), f"ink outside the labels on page {page + 1}"


def test_a_name_too_long_for_any_badge_is_cut_and_reported(tmp_path: Path) -> None:
    huge = Attendee(id="huge", name=" ".join([LONG_NAME] * 5), company="Acme")
    ctx = PrintContext(Event(context(3).event.settings, (huge,)))
    seen: list[str] = []
    out = tmp_path / "b.pdf"
    report = render_to_file("badges", ctx, out, layout="avery-l4785", warn=seen.append)
    assert any("huge" in w and "shortened" in w for w in report.warnings)
    sheet = resolve_layout("avery-l4785")
    text = _box_text(out, 0, sheet.boxes()[0], sheet.page_h)
    assert "…" in text and "Maximiliana" in text


def test_only_and_skip_print_one_badge_on_a_used_sheet(small: PrintContext, tmp_path: Path) -> None:
    out = tmp_path / "one.pdf"
    report = render_to_file("badges", small, out, layout="avery-5395", only=["ana"], skip=3)
    assert (report.items, report.pages) == (1, 1)
    sheet = resolve_layout("avery-5395")
    assert "Ana" in _box_text(out, 0, sheet.boxes()[3], sheet.page_h)
    assert _box_text(out, 0, sheet.boxes()[0], sheet.page_h).strip() == ""


def test_no_table_without_a_plan(small: PrintContext, tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    render_to_file("badges", attrs.evolve(small, plan=None), out, layout="a4-cut")
    from printkit import page_texts

    assert "Table" not in "".join(page_texts(out))
