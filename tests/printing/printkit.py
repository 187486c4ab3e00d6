"""Helpers for the printing tests: awkward events, a hand-made plan, reading PDFs back.

The plan is a round robin (circle method) so these tests do not depend on the solver; the
store-backed tests in test_print_pdf.py use the real scheduler.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

from eventrunner.interests import table_affinity, table_shared
from eventrunner.model import (
    Attendee,
    Consent,
    Event,
    EventSettings,
    FollowUpWish,
    Plan,
    Round,
    Table,
)
from eventrunner.printing.context import PrintContext

LONG_NAME = "Maximiliana Wilhelmina Konstantinopoulou-Vanderbildtsmithsonn"  # 60+ characters

NAMES = [
    ("zoe", "Zoë Ångström-Łukasiewicz", "Nørd Labs", "CTO"),
    ("eleni", "Ελένη Παπαδοπούλου", "Ακμή Α.Ε.", "Μηχανικός"),
    ("dmitri", "Дмитрий Шостакович", "Яндекс", "Инженер"),
    ("taro", "山田太郎", "株式会社サンプル", "エンジニア"),
    ("li", "李小龍", "北京数据", "产品经理"),
    ("minjun", "김민준", "삼성", "디자이너"),
    ("long", LONG_NAME, "The Extraordinarily Long Company Name Holdings", "Head of Everything"),
    ("markup", "Bob [/] **x** <b>y</b>", "[@click=app.quit]Evil", "<i>Boss</i>"),
    ("nguyen", "Nguyễn Thị Ánh", "Sài Gòn Tech", "Founder"),
    ("ana", "Ana Silva", "Acme", "Data Scientist"),
    ("ben", "Ben Okafor", "Globex", "Sales Lead"),
]
INTERESTS = ["hockey", "machine learning", "marketing", "python", "design", "startups", "sales"]


def people(count: int | None = None) -> list[Attendee]:
    """The awkward attendees first, then plain ones up to `count`."""
    result = []
    rows = list(NAMES)
    n = len(rows) if count is None else count
    for i in range(len(rows), n):
        rows.append((f"p{i:04d}", f"Person {i:04d} Example", f"Company {i % 37}", "Engineer"))
    for i, (ident, name, company, title) in enumerate(rows[:n]):
        tags = [INTERESTS[(i + k * (1 + i % 3)) % len(INTERESTS)] for k in range(3)]
        share = ("all", "email;linkedin", "none", "")[i % 4]
        result.append(
            Attendee(
                id=ident,
                name=name,
                email=f"{ident}@example.org",
                phone="+1 555 0100" if i % 2 else "",
                company=company,
                title=title,
                interests=tuple(tags),
                linkedin=f"https://www.linkedin.com/in/{ident}",
                consent=Consent.from_text(share),
            )
        )
    return result


def round_robin(attendees: Sequence[Attendee], rounds: int, size: int = 2) -> Plan:
    """Tables by the circle method (pairs), or consecutive groups for tables of 3-4."""
    ids = [a.id for a in attendees]
    by_id = {a.id: a for a in attendees}
    if len(ids) % 2:
        ids.append("")  # the bye
    result = []
    order = list(ids)
    for number in range(1, rounds + 1):
        half = len(order) // 2
        pairs = list(zip(order[:half], reversed(order[half:]), strict=True))
        seated = [p for p in pairs if "" not in p]
        byes = tuple(x for p in pairs if "" in p for x in p if x)
        groups: list[tuple[str, ...]] = []
        if size == 2:
            groups = [tuple(p) for p in seated]
        else:
            flat = [x for p in seated for x in p] + list(byes)
            byes = ()
            groups = [tuple(flat[i : i + size]) for i in range(0, len(flat), size)]
            if len(groups) > 1 and len(groups[-1]) < 2:  # nobody sits alone: join the last table
                groups[-2:] = [groups[-2] + groups[-1]]
        tables = tuple(
            Table(
                n,
                g,
                table_affinity([by_id[x] for x in g]),
                tuple(table_shared([by_id[x] for x in g])),
            )
            for n, g in enumerate(groups, start=1)
        )
        result.append(Round(number, tables, byes))
        order = [order[0], order[-1], *order[1:-1]]
    return Plan(tuple(result))


def context(
    count: int | None = None,
    rounds: int = 4,
    size: int = 2,
    played: int = 0,
    name: str = "Spring Mixer · Chicago",
) -> PrintContext:
    """A full snapshot: event, plan, played rounds and a few wishes."""
    attendees = people(count)
    plan = round_robin(attendees, rounds, size)
    wishes = []
    for rnd in plan.rounds[:played]:
        for table in rnd.tables[::2]:
            a, b = table.attendees[:2]
            wishes += [FollowUpWish(a, b), FollowUpWish(b, a)]
        wishes.append(FollowUpWish(rnd.tables[1].attendees[0], rnd.tables[1].attendees[1]))
    settings = EventSettings(name=name, rounds=rounds, table_size=size)
    return PrintContext(
        event=Event(settings, tuple(attendees)),
        plan=plan,
        played_through=played,
        played_rounds=plan.rounds[:played],
        wishes=tuple(wishes),
    )


def squash(text: str) -> str:
    """Text with all whitespace gone, so a name wrapped over lines still matches."""
    return "".join(text.replace("\ufffe", "-").replace("\x02", "-").split())


def render(path: Path, page: int = 0, dpi: int = 200) -> Image.Image:
    """One page as a greyscale image."""
    doc = pdfium.PdfDocument(str(path))
    try:
        image: Image.Image = doc[page].render(scale=dpi / 72).to_pil().convert("L")
        return image
    finally:
        doc.close()


def page_count(path: Path) -> int:
    """Pages in a PDF (opening it also proves it is a valid PDF)."""
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def decode_page(path: Path, page: int, dpi: int = 300) -> list[zxingcpp.Barcode]:
    """Every QR code a camera-like decoder finds on a page."""
    image = render(path, page, dpi)
    return list(zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


def page_texts(path: Path) -> list[str]:
    """The text of every page, as the PDF's own text layer gives it."""
    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def squares(path: Path, side_mm: float) -> int:
    """Drawn squares of that side (tick boxes) on every page, read from the page objects."""
    doc = pdfium.PdfDocument(str(path))
    count = 0
    try:
        for page in doc:
            for obj in page.get_objects():
                if obj.type != pdfium.raw.FPDF_PAGEOBJ_PATH:
                    continue
                left, bottom, right, top = (v * 25.4 / 72 for v in obj.get_bounds())
                w, h = right - left, top - bottom
                # Bounds include the stroke (a tick box is outlined, never filled).
                if abs(w - h) < 0.05 and side_mm - 0.01 <= w <= side_mm + 0.6:
                    count += 1
    finally:
        doc.close()
    return count


def unhyphenated(text: str) -> str:
    """Squashed text without hyphens, so a name hyphenated over two lines still matches."""
    return squash(text).replace("-", "")


def sized_chars(path: Path) -> list[list[tuple[str, float, tuple[float, float, float, float]]]]:
    """Every printed character of every page with its font size (pt) and box (mm from the
    bottom-left corner), as a PDF reader sees them (spaces the reader invents are left out)."""
    doc = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for page in doc:
            text = page.get_textpage()
            chars = []
            for i in range(text.count_chars()):
                ch = text.get_text_range(i, 1)
                if not ch.strip():
                    continue
                size = float(pdfium.raw.FPDFText_GetFontSize(text.raw, i))
                box = tuple(v * 25.4 / 72 for v in text.get_charbox(i))
                chars.append((ch, size, box))
            pages.append(chars)
    finally:
        doc.close()
    return pages
