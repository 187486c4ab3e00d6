"""One page of each kind compared, as an image and with a tolerance, with a stored snapshot.

A layout change shows up here. After an intended change, look at the new pages and refresh
the snapshots with `UPDATE_PRINT_SNAPSHOTS=1 pytest tests/printing/test_print_snapshots.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import numpy as np
import pytest
from PIL import Image
from printkit import context, render

from eventrunner.model import Plan
from eventrunner.printing import PrintContext, render_to_file

SNAPSHOTS = Path(__file__).parent / "snapshots"
DPI = 40
#: Mean difference (0-255) tolerated: anti-aliasing and font hinting differ a little between
#: machines; a moved block or a changed size moves far more than this.
MEAN_TOLERANCE = 2.5
#: Share of pixels allowed to differ strongly (by more than a quarter of the grey range).
PIXEL_TOLERANCE = 0.01


def _snapshot_context() -> PrintContext:
    ctx = context(11, rounds=4, played=2)
    assert ctx.plan is not None
    rnd = ctx.plan.rounds[2]
    tables = list(rnd.tables)
    a, b = tables[0], tables[1]
    tables[0] = attrs.evolve(a, attendees=(a.attendees[0], b.attendees[1]))
    tables[1] = attrs.evolve(b, attendees=(b.attendees[0], a.attendees[1]))
    rounds = list(ctx.plan.rounds)
    rounds[2] = attrs.evolve(rnd, tables=tuple(tables))
    return attrs.evolve(ctx, plan=Plan(tuple(rounds)), previous_plan=ctx.plan)


CASES: dict[str, tuple[str, str | None, dict[str, bool], int]] = {
    "badges": ("badges", "avery-5395", {}, 0),
    "badges-back": ("badges", "avery-5395", {"double_sided": True}, 1),
    "alignment": ("alignment", "avery-l7418", {}, 0),
    "maps": ("maps", None, {}, 0),
    "lookup": ("lookup", None, {}, 0),
    "cards": ("cards", "cards-a4", {}, 0),
    "cards-fold": ("cards", "cards-a4", {"fold": True}, 0),
    "followups": ("followups", "a4-cut", {}, 0),
    "slips": ("slips", "a4-cut", {}, 0),
}
"""Snapshot name -> (kind, layout, options, page compared)."""


@pytest.mark.parametrize("name", sorted(CASES))
def test_first_page_matches_its_snapshot(name: str, tmp_path: Path) -> None:
    kind, layout, options, number = CASES[name]
    out = tmp_path / f"{name}.pdf"
    render_to_file(
        kind, _snapshot_context(), out, layout=layout or "a4-cut", warn=lambda _: None, **options
    )
    page = render(out, number, DPI)
    path = SNAPSHOTS / f"{name}.png"
    if os.environ.get("UPDATE_PRINT_SNAPSHOTS") or not path.exists():
        if not os.environ.get("UPDATE_PRINT_SNAPSHOTS"):
            pytest.fail(f"no snapshot {path.name}; create it with UPDATE_PRINT_SNAPSHOTS=1")
        SNAPSHOTS.mkdir(exist_ok=True)
        page.save(path, optimize=True)
        return
    stored = Image.open(path).convert("L")
    assert stored.size == page.size, f"{name}: the page size changed"
    diff = np.abs(np.asarray(page, dtype=np.int16) - np.asarray(stored, dtype=np.int16))
    assert diff.mean() <= MEAN_TOLERANCE, f"{name}: page differs, mean {diff.mean():.2f}"
    assert (diff > 64).mean() <= PIXEL_TOLERANCE, f"{name}: {(diff > 64).mean():.1%} changed"
