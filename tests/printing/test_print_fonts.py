"""Every script prints, and a character no font has is reported, never silently boxed."""

from __future__ import annotations

from pathlib import Path

import attrs
import numpy as np
import pytest
from fpdf import FPDF
from printkit import context, page_texts, render, squash

from eventrunner.model import Attendee, Event, EventSettings
from eventrunner.printing import PrintContext, render_to_file
from eventrunner.printing.fonts import (
    BODY,
    body_face,
    bold_face,
    clean_text,
    install_fonts,
    missing_characters,
    needs_shaping,
    shaping_available,
)

SCRIPTS = {
    "latin": "Zoë Ångström Łukasz Nguyễn Thị Ánh Çağrı Øster",
    "greek": "Ελένη Παπαδοπούλου",
    "cyrillic": "Дмитрий Шостакович Їжак",
    "chinese": "李小龍 王秀英",
    "japanese": "山田太郎 ひらがな カタカナ",
    "korean": "김민준 이서연",
}
UNPRINTABLE = "\U00010380"  # Ugaritic A: no bundled or common system font has it


def _all_faces() -> list[object]:
    from eventrunner.printing.fonts import _candidates

    return list(_candidates())


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_every_script_has_a_font(script: str) -> None:
    assert missing_characters(SCRIPTS[script], _all_faces()) == []  # type: ignore[arg-type]


def test_body_font_has_a_bold_face() -> None:
    body = body_face()
    assert bold_face(body) != body


def test_clean_text_drops_controls_and_joiners() -> None:
    assert clean_text("Bob\x1b[31m \t\nSmith\u200b") == "Bob Smith"
    assert clean_text("👍🏽\ufe0f") == "👍🏽"
    assert clean_text("  a   b ") == "a b"


def test_latin_only_needs_no_fallback_font() -> None:
    pdf = FPDF()
    warnings = install_fonts(pdf, [("someone", "Zoë Ångström")])
    assert warnings == []
    assert set(pdf.fonts) == {BODY, BODY + "B"}


def test_cjk_brings_a_fallback_font() -> None:
    pdf = FPDF()
    assert install_fonts(pdf, [("someone", "山田太郎")]) == []
    assert len(pdf.fonts) == 3


def test_a_character_no_font_has_is_one_clear_warning() -> None:
    pdf = FPDF()
    warnings = install_fonts(pdf, [("attendee 'X' (id x)", f"Ana {UNPRINTABLE}")])
    assert len(warnings) == 1
    assert "attendee 'X' (id x)" in warnings[0] and "U+10380" in warnings[0]
    assert "\n" not in warnings[0]


def test_names_in_every_script_come_out_as_text_and_ink(tmp_path: Path) -> None:
    people = tuple(
        Attendee(id=script, name=name, interests=("hockey",), company="Acme")
        for script, name in SCRIPTS.items()
    )
    ctx = PrintContext(Event(EventSettings("Scripts"), people))
    out = tmp_path / "badges.pdf"
    report = render_to_file("badges", ctx, out, layout="avery-5395")
    assert report.warnings == ()
    text = squash(page_texts(out)[0])
    for name in SCRIPTS.values():
        assert squash(name) in text
    # The names are really drawn, not blank: every badge has ink in its name area.
    image = np.asarray(render(out, 0, 100))
    from eventrunner.printing.layout import resolve_layout

    px = 100 / 25.4
    for box in resolve_layout("avery-5395").boxes()[: len(people)]:
        area = image[
            round((box.y + 10) * px) : round((box.y + 25) * px),
            round((box.x + 4) * px) : round((box.x + box.w / 2) * px),
        ]
        assert (area < 100).sum() > 50


def test_an_unprintable_name_warns_in_the_report(tmp_path: Path) -> None:
    ctx = context(3, rounds=1)
    odd = Attendee(id="odd", name=f"Odd {UNPRINTABLE}")
    ctx = attrs.evolve(ctx, event=Event(ctx.event.settings, (*ctx.event.attendees, odd)))
    seen: list[str] = []
    report = render_to_file("lookup", ctx, tmp_path / "l.pdf", warn=seen.append)
    assert any("id odd" in w and "U+10380" in w for w in report.warnings)
    assert seen == list(report.warnings)


def test_scripts_that_need_shaping_are_detected() -> None:
    assert needs_shaping("يوسف عبد الله") and needs_shaping("שלום") and needs_shaping("नमस्ते")
    assert not needs_shaping("Zoë 李小龍 Дмитрий Ελένη 김민준")


def test_without_a_shaping_engine_arabic_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = context(3, rounds=1)
    arabic = Attendee(id="yusuf", name="يوسف عبد الله")
    ctx = attrs.evolve(ctx, event=Event(ctx.event.settings, (*ctx.event.attendees, arabic)))
    monkeypatch.setattr("eventrunner.printing.fonts.shaping_available", lambda: False)
    monkeypatch.setattr("eventrunner.printing.pdfkit.shaping_available", lambda: False)
    report = render_to_file("badges", ctx, tmp_path / "b.pdf", warn=lambda _: None)
    assert any("id yusuf" in w and "uharfbuzz" in w for w in report.warnings)


@pytest.mark.skipif(not shaping_available(), reason="uharfbuzz is not installed")
def test_with_a_shaping_engine_arabic_prints_joined(tmp_path: Path) -> None:
    pdf = FPDF()
    install_fonts(pdf, [("x", "يوسف")])
    # Joined (initial, medial, final) forms are narrower than the letters set apart.
    from eventrunner.printing.pdfkit import text_width

    apart = sum(text_width(pdf, ch, 20) for ch in "يوسف")
    assert text_width(pdf, "يوسف", 20) < apart * 0.95
