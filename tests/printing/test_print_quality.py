"""What makes print readable, read back from the PDFs: floors, word breaks, order, scripts.

Every test renders a real document and reads it like a reader would: the text layer with
font sizes and positions (pypdfium2), the codes with a camera-like decoder (zxing-cpp).
"""

from __future__ import annotations

import os
import stat
import warnings
from pathlib import Path

import attrs
import pytest
from printkit import (
    LONG_NAME,
    context,
    decode_page,
    page_texts,
    people,
    round_robin,
    sized_chars,
    squash,
)

from eventrunner.contacts import followup
from eventrunner.model import Attendee, Consent, Event, EventSettings
from eventrunner.printing import PrintContext, render_to_file, resolve_layout
from eventrunner.printing.cards import itinerary, table_questions
from eventrunner.printing.fonts import clean_text
from eventrunner.printing.metrics import LINE, extent
from eventrunner.printing.pdfkit import EDGE, new_document, quiet_libraries
from eventrunner.printing.scripts import direction
from eventrunner.printing.textfit import fit_text

BADGE_LAYOUTS = ["avery-5392", "avery-5395", "avery-l7418", "avery-l4785", "a4-cut", "letter-cut"]
LONG_COMPANY = "The Extraordinarily Long Company Name Holdings International Limited"
LONG_TITLE = "Senior Principal Staff Product Management Lead, Platform Reliability"


def _render(kind: str, ctx: PrintContext, tmp_path: Path, **kw: object) -> tuple[Path, list[str]]:
    out = tmp_path / f"{kind}.pdf"
    found: list[str] = []
    render_to_file(kind, ctx, out, warn=found.append, **kw)  # type: ignore[arg-type]
    return out, found


HYPHENS = ("-", "\ufffe", "\x02")


def sizes_of(pages: list[list[tuple[str, float, tuple[float, ...]]]], text: str) -> list[float]:
    """The font sizes of the letters of `text` where it first appears (hyphens, which a line
    break may add or turn into U+FFFE, left out); [] when it is nowhere."""
    wanted = "".join(ch for ch in squash(text) if ch not in HYPHENS)
    for page in pages:
        letters = [(ch, size) for ch, size, _ in page if ch not in HYPHENS]
        at = "".join(ch for ch, _ in letters).find(wanted)
        if at >= 0:
            return [size for _, size in letters[at : at + len(wanted)]]
    return []


def _smallest(path: Path) -> float:
    return min(size for page in sized_chars(path) for _, size, _ in page)


@pytest.mark.parametrize("layout", BADGE_LAYOUTS)
def test_badge_text_keeps_its_floors_on_every_layout(layout: str, tmp_path: Path) -> None:
    ctx = context(11)
    attendees = [
        attrs.evolve(a, company=LONG_COMPANY, title=LONG_TITLE) if i % 2 else a
        for i, a in enumerate(ctx.event.attendees)
    ]
    ctx = attrs.evolve(ctx, event=Event(ctx.event.settings, tuple(attendees)))
    out, found = _render("badges", ctx, tmp_path, layout=layout)
    pages = sized_chars(out)
    assert min(size for page in pages for _, size, _ in page) >= 7.0 - 1e-6
    for person in attendees:
        name = squash(clean_text(person.name))
        shortened = any(
            repr(clean_text(person.name)) in line and "name does not fit" in line for line in found
        )
        if shortened:
            continue
        sizes = sizes_of(pages, name)
        assert sizes, f"{person.name} is not on any badge"
        assert min(sizes) >= 14.0 - 1e-6, person.name
    # A name that cannot fit at 14 pt is shortened with a warning that names whose it is.
    absurd = " ".join([LONG_NAME] * 3)
    one = PrintContext(Event(EventSettings("X"), (Attendee(id="x", name=absurd),)))
    _, found = _render("badges", one, tmp_path, layout=layout)
    assert any(repr(absurd) in line and "14 pt" in line for line in found)


def test_company_and_title_wrap_before_they_shrink(tmp_path: Path) -> None:
    pdf, _ = new_document(210, 297, [])
    fitted = fit_text(pdf, LONG_TITLE, 62, 12, max_size=8.5, min_size=7, max_lines=2)
    assert len(fitted.lines) == 2 and fitted.size >= 8.0 and not fitted.cut


def test_lines_break_between_words_and_hyphenate_only_a_word_too_long(tmp_path: Path) -> None:
    pdf, _ = new_document(210, 297, [])
    words = "hiking attacker product management"
    fitted = fit_text(pdf, words, 30, 40, max_size=9, min_size=9, max_lines=4)
    assert all(line.split() and set(line.split()) <= set(words.split()) for line in fitted.lines)
    long_word = "Vanderbildtsmithsonnkonstantinopoulou"
    fitted = fit_text(pdf, long_word, 25, 40, max_size=9, min_size=9, max_lines=4)
    assert not fitted.cut and "".join(line.rstrip("-") for line in fitted.lines) == long_word
    assert all(line.endswith("-") for line in fitted.lines[:-1])


def test_find_your_table_follows_the_collation_algorithm(tmp_path: Path) -> None:
    names = ["Zoe Adams", "Łukasz Nowak", "Øystein Berg", "Anna Kowalska", "Émile Zola", "Olga B"]
    attendees = tuple(Attendee(id=f"a{i}", name=n, interests=("x",)) for i, n in enumerate(names))
    ctx = PrintContext(Event(EventSettings("Order"), attendees), plan=round_robin(attendees, 1))
    out, _ = _render("lookup", ctx, tmp_path)
    text = page_texts(out)[0]
    order = sorted(names, key=lambda n: text.index(n))
    expected = ["Anna Kowalska", "Émile Zola", "Łukasz Nowak", "Olga B", "Øystein Berg"]
    assert order == [*expected, "Zoe Adams"]


def test_a_continued_find_your_table_page_has_no_empty_column_header(tmp_path: Path) -> None:
    # Enough rows for a full first page (two columns) and a few on the second.
    ctx = context(62, rounds=1)
    out, _ = _render("lookup", ctx, tmp_path)
    texts = page_texts(out)
    assert len(texts) == 2
    # A column header ("Name ... Table") only above a column that has rows.
    assert squash(texts[0]).count("NameTable") == 2
    assert squash(texts[1]).count("NameTable") == 1
    assert "(continued)" in texts[1]


def test_wall_maps_are_readable_from_across_the_room(tmp_path: Path) -> None:
    ctx = context(120, rounds=1)
    out, found = _render("maps", ctx, tmp_path)
    pages = sized_chars(out)
    assert len(pages) >= 2
    assert ctx.plan is not None
    numbers = {str(t.number) for t in ctx.plan.rounds[0].tables}
    for page in pages:
        big = [size for ch, size, _ in page if ch.isdigit() and size > 40]
        assert big and min(big) >= 60.0 - 1e-6  # table numbers
    shortened = " ".join(found)
    for person in ctx.event.attendees:
        name = clean_text(person.name)
        if repr(name) in shortened:
            name = name.split()[0]
        sizes = sizes_of(pages, name)
        assert sizes and min(sizes) >= 24.0 - 1e-6, name
    # The same grid on every page: the first table number of each page sits in one place.
    firsts = [next(box for _, size, box in page if size >= 60) for page in pages]
    assert all(abs(f[3] - firsts[0][3]) < 1.0 for f in firsts)
    assert numbers  # every table printed somewhere
    text = squash("".join(page_texts(out)))
    assert all(n in text for n in numbers)


def test_cards_hold_a_six_round_evening_on_one_readable_card(tmp_path: Path) -> None:
    ctx = context(24, rounds=6)
    for layout in ("cards-a4", "cards-letter", "avery-5392"):
        out, found = _render("cards", ctx, tmp_path, layout=layout)
        sheet = resolve_layout(layout)
        report_pages = len(sized_chars(out))
        assert report_pages == -(-24 // sheet.per_page), layout  # one card per attendee
        assert _smallest(out) >= 7.0 - 1e-6
        assert not [line for line in found if "cards" in line and "takes" in line]


def test_no_icebreaker_twice_on_a_card() -> None:
    ctx = context(16, rounds=8)
    assert ctx.plan is not None
    questions = table_questions(ctx, ctx.plan)
    for person in ctx.event.attendees:
        asked = [s.question for s in itinerary(ctx, person, questions) if s.question]
        assert len(asked) == len(set(asked)), person.name
    # ...and everyone at a table reads the same one.
    for rnd in ctx.plan.rounds:
        for table in rnd.tables:
            seen = {
                stop.question
                for a in table.attendees
                for stop in itinerary(ctx, ctx.people[a], questions)
                if stop.round == rnd.number
            }
            assert len(seen) == 1


def test_mixed_scripts_get_their_direction_weight_and_room(tmp_path: Path) -> None:
    assert direction("محمد عبد الرحمن، Acme") == "rtl"
    assert direction("Table 3 · محمد") == "ltr"
    arabic = [
        Attendee(id="omar", name="محمد عبد الرحمن", interests=("x",)),
        Attendee(id="li", name="李小龍 Li", interests=("x",)),
        Attendee(id="ana", name="Ana 👩‍💻 Silva", interests=("x",)),
    ]
    ctx = PrintContext(Event(EventSettings("Scripts"), tuple(arabic)))
    out, found = _render("badges", ctx, tmp_path, layout="avery-5395")
    pdf, _ = new_document(210, 297, [("x", "محمد ي")])
    assert extent(pdf, "محمد يجيء").line > LINE  # dots below the line get room
    assert extent(pdf, "Ana Silva").line == pytest.approx(LINE)
    # The emoji sequence is left out whole (never a woman and a computer), with a warning.
    assert any("👩\u200d💻" in line and "'Ana Silva'" in line for line in found)
    text = page_texts(out)[0]
    assert "Ana Silva" in text and "💻" not in text and "👩" not in text
    # The CJK name has no bold face: the whole line is emboldened (fill and stroke, 2 Tr).
    raw = out.read_bytes()
    import zlib

    streams = []
    for chunk in raw.split(b"stream\n")[1:]:
        try:
            streams.append(zlib.decompress(chunk.split(b"\nendstream")[0]))
        except zlib.error:
            continue
    assert any(b"2 Tr" in s for s in streams)


def test_cut_marks_stay_inside_the_printable_area(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    for layout in ("a4-cut", "letter-cut", "cards-a4", "cards-letter"):
        out, _ = _render("alignment", context(4), tmp_path, layout=layout)
        sheet = resolve_layout(layout)
        doc = pdfium.PdfDocument(str(out))
        for obj in doc[0].get_objects():
            if obj.type != pdfium.raw.FPDF_PAGEOBJ_PATH:
                continue
            left, bottom, right, top = (v * 25.4 / 72 for v in obj.get_bounds())
            assert left >= EDGE - 0.2 and bottom >= EDGE - 0.2, layout
            assert right <= sheet.page_w - EDGE + 0.2 and top <= sheet.page_h - EDGE + 0.2
        doc.close()


def test_the_alignment_page_carries_a_ruler_and_an_instruction(tmp_path: Path) -> None:
    out, _ = _render("alignment", context(4), tmp_path, layout="avery-l4785")
    text = page_texts(out)[0]
    assert "ruler must measure 100 mm" in text and "10 cm" in text
    chars = sized_chars(out)[0]
    flat = "".join(ch for ch, _, _ in chars)
    at = flat.find("012345678910cm")
    assert at >= 0
    zero, ten = chars[at][2], chars[at + 10][2]  # the "0" and the "1" of "10 cm"
    assert 95 < ten[0] - zero[0] < 102  # the labels 0 ... 10 stand 100 mm apart


def test_pdfs_get_the_users_normal_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out, _ = _render("alignment", context(4), tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_library_warnings_become_our_own_lines() -> None:
    with quiet_libraries() as lines:
        warnings.warn("fpdf: something\nwith a second line", UserWarning, stacklevel=1)
        import logging

        logging.getLogger("fontTools").warning("glyph table odd")
    assert sorted(lines) == [
        "the PDF library reported: fpdf: something with a second line",
        "the PDF library reported: glyph table odd",
    ]


def test_follow_up_codes_are_big_enough_and_a_long_vcard_is_split(tmp_path: Path) -> None:
    base = people(6)
    long = attrs.evolve(
        base[1],
        name="Alexandra-Kristina Montgomery-Featherstonehaugh",
        company=LONG_COMPANY,
        title=LONG_TITLE,
        phone="+44 20 7946 0958",
        website="https://www.example.org/people/alexandra-kristina/portfolio/2026",
        twitter="alexandra_kristina_mf",
        consent=Consent.from_text("all"),
    )
    attendees = (base[0], long, *base[2:])
    attendees = tuple(attrs.evolve(a, consent=Consent.from_text("all")) for a in attendees)
    plan = round_robin(attendees, 3)
    from eventrunner.model import FollowUpWish

    wishes = tuple(
        w
        for t in plan.rounds[0].tables
        for w in (
            FollowUpWish(t.attendees[0], t.attendees[1]),
            FollowUpWish(t.attendees[1], t.attendees[0]),
        )
    )
    ctx = PrintContext(
        Event(
            EventSettings("Packs", organizer="Dana · dana@example.org", next_date="4 Feb"),
            attendees,
        ),
        plan=plan,
        played_through=3,
        played_rounds=plan.rounds,
        wishes=wishes,
    )
    out, _ = _render("followups", ctx, tmp_path)
    texts = page_texts(out)
    assert all(
        "Dana · dana@example.org" in t
        for t in texts
        if "your follow-up" in t and "(continued)" not in t
    )
    decoded = [code for page in range(len(texts)) for code in decode_page(out, page, 250)]
    assert decoded
    for code in decoded:
        corners = code.position
        side_px = abs(corners.top_right.x - corners.top_left.x)
        modules = 17 + 4 * int(code.version) if hasattr(code, "version") else None
        if modules:
            assert side_px / 250 * 25.4 / modules >= 0.4 - 0.02
    # Whoever may keep the long card gets it in two codes that together carry every field.
    packs = followup.followups(ctx.event, ctx.played_rounds, ctx.wishes)
    receivers = [p for p, f in packs.items() if long.id in f.contacts]
    assert receivers
    texts_all = "\n".join(c.text for c in decoded)
    assert "Montgomery-Featherstonehaugh" in texts_all
    assert "alexandra_kristina_mf" in texts_all and "TEL:" in texts_all


def test_event_identity_and_sides_come_from_the_event_toml(tmp_path: Path) -> None:
    from PIL import Image

    from eventrunner.importing import read_event_toml

    Image.new("RGB", (60, 30), (11, 95, 165)).save(tmp_path / "logo.png")
    toml = tmp_path / "event.toml"
    toml.write_text(
        '[event]\nname = "Mentor Night"\ndate = "Thu 3 Dec 2026"\nvenue = "Hub"\n'
        'logo = "logo.png"\nbrand_color = "#0B5FA5"\norganizer = "Dana"\nnext_date = "4 Feb"\n'
        'two_sided = true\n\n[[attendee]]\nname = "Ana Silva"\nside = "mentor"\n'
        'interests = "python"\n\n[[attendee]]\nname = "Ben Okafor"\nside = "mentee"\n'
        'interests = "python"\n',
        encoding="utf-8",
    )
    settings, report = read_event_toml(toml)
    assert settings is not None
    assert settings.date == "Thu 3 Dec 2026" and settings.venue == "Hub"
    assert settings.brand_color == "#0B5FA5" and Path(settings.logo).is_file()
    assert settings.organizer == "Dana" and settings.next_date == "4 Feb"
    attendees = tuple(report.attendees)
    ctx = PrintContext(Event(settings, attendees), plan=round_robin(attendees, 1))
    for kind, layout in (("badges", "avery-5395"), ("cards", "cards-a4"), ("maps", None)):
        out, _ = _render(kind, ctx, tmp_path, layout=layout)
        text = page_texts(out)[0]
        assert squash("Mentor Night · Thu 3 Dec 2026 · Hub") in squash(text), kind
        if kind != "maps":
            assert "MENTOR" in text and "MENTEE" in text, kind
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(out))
        images = [o for o in doc[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
        doc.close()
        assert images, f"{kind}: no logo"
    bad = tmp_path / "bad.toml"
    bad.write_text('[event]\nname = "X"\nbrand_color = "blue"\n', encoding="utf-8")
    with pytest.raises(Exception, match="brand_color"):
        read_event_toml(bad)


def _where(page: list[tuple[str, float, tuple[float, ...]]], text: str) -> float | None:
    """The left edge (mm) of the first appearance of `text` on a page."""
    flat = "".join(ch for ch, _, _ in page)
    at = flat.find(squash(text))
    return None if at < 0 else page[at][2][0]


def test_double_sided_badges_put_each_back_behind_its_front(tmp_path: Path) -> None:
    ctx = context(11, rounds=3)
    out, _ = _render("badges", ctx, tmp_path, layout="avery-5395", double_sided=True)
    pages = sized_chars(out)
    texts = page_texts(out)
    assert len(pages) == 4  # two sheets, each followed by its back
    half = resolve_layout("avery-5395").page_w / 2
    checked = 0
    for front, back in ((0, 1), (2, 3)):
        assert "Round 1 ·" in texts[back] and "Round 3 ·" in texts[back]
        for person in ctx.event.attendees:
            word = clean_text(person.name).split()[0]
            x_front, x_back = _where(pages[front], word), _where(pages[back], word)
            if x_front is None:
                continue
            assert x_back is not None, f"{word}: no back"
            # Flipped on the long edge: a badge on the left has its back on the right.
            assert (x_front < half) != (x_back < half), word
            checked += 1
    assert checked >= 8


def test_fold_over_cards_have_a_cover_and_the_evening_inside(tmp_path: Path) -> None:
    ctx = context(8, rounds=4)
    out, _ = _render("cards", ctx, tmp_path, layout="cards-a4", fold=True)
    text = page_texts(out)[0]
    assert "Round 1 · Table" in text
    for person in sorted(ctx.event.attendees, key=lambda p: p.name)[:1]:
        assert text.count(clean_text(person.name).split()[0]) >= 1
