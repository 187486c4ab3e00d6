"""Render one page of every printed document to PNG in docs/print/, to look at.

    python docs/make_print_renders.py

Uses the awkward test event of tests/printing (long names, Greek, Cyrillic, CJK, markup)
plus Arabic, Hebrew, Devanagari and Thai names and an emoji sequence, on a two-sided
evening with a date, a venue and a brand colour.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "printing"))

import pypdfium2 as pdfium  # noqa: E402
from printkit import people, round_robin  # noqa: E402

from eventrunner.model import Attendee, Consent, Event, EventSettings, FollowUpWish  # noqa: E402
from eventrunner.printing import PrintContext, render_to_file  # noqa: E402

EXTRA = [
    ("omar", "محمد عبد الرحمن", "شركة الجزيرة", "مدير المنتج"),
    ("noa", "נועה כהן", "Wix", "מעצבת"),
    ("ananya", "अनन्या शर्मा", "इन्फोसिस", "इंजीनियर"),
    ("somchai", "สมชาย ใจดี", "ไทยเทค", "วิศวกร"),
    ("priya", "Priya 👩‍💻 Nair", "Freshworks", "Staff Engineer, Platform Reliability"),
]


LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    '<rect width="40" height="40" rx="8" fill="#0B5FA5"/>'
    '<circle cx="20" cy="20" r="9" fill="#ffffff"/>'
    '<rect x="48" y="12" width="68" height="16" rx="4" fill="#D55E00"/></svg>'
)


def showcase(count: int = 40, rounds: int = 6, logo: str = "") -> PrintContext:
    """The demo event: awkward names, two sides, six rounds, two played."""
    base = people(count - len(EXTRA))
    extra = [
        Attendee(
            id=ident,
            name=name,
            email=f"{ident}@example.org",
            company=company,
            title=title,
            interests=("design", "python", "startups"),
            consent=Consent.from_text("all"),
        )
        for ident, name, company, title in EXTRA
    ]
    attendees = [
        attrs.evolve(a, side="mentor" if i % 2 else "mentee")
        for i, a in enumerate([*base[:6], *extra, *base[6:]])
    ]
    plan = round_robin(attendees, rounds)
    wishes = []
    for rnd in plan.rounds[:2]:
        for table in rnd.tables[::2]:
            a, b = table.attendees[:2]
            wishes += [FollowUpWish(a, b), FollowUpWish(b, a)]
    settings = EventSettings(
        name="Spring Mixer",
        rounds=rounds,
        two_sided=True,
        date="Thu 3 Dec 2026, 19:00",
        venue="Hub Chicago",
        brand_color="#0B5FA5",
        organizer="Dana Reyes · dana@springmixer.example · +1 312 555 0100",
        next_date="Thu 4 Feb 2027",
        logo=logo,
    )
    return PrintContext(
        event=Event(settings, tuple(attendees)),
        plan=plan,
        played_through=2,
        played_rounds=plan.rounds[:2],
        wishes=tuple(wishes),
    )


DOCUMENTS: dict[str, tuple[str, str | None, dict[str, bool], str]] = {
    # name: (kind, layout, options, a text the page shown must carry; "" for the first page)
    "badges": ("badges", "avery-5395", {}, ""),
    "badges-scripts": ("badges", "avery-l4785", {}, "محمد"),
    "badges-back": ("badges", "avery-5395", {"double_sided": True}, "Round 6"),
    "alignment": ("alignment", "avery-l4785", {}, ""),
    "maps": ("maps", None, {}, ""),
    "lookup": ("lookup", None, {}, ""),
    "cards": ("cards", "cards-a4", {}, ""),
    "cards-labels": ("cards", "avery-5392", {}, ""),
    "cards-fold": ("cards", "cards-a4", {"fold": True}, ""),
    "followups": ("followups", None, {}, ""),
}


def main() -> None:
    out_dir = ROOT / "docs" / "print"
    out_dir.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        logo = Path(tmp) / "logo.svg"
        logo.write_text(LOGO, encoding="utf-8")
        ctx = showcase(logo=str(logo))
        for name, (kind, layout, options, carries) in DOCUMENTS.items():
            pdf = Path(tmp) / f"{name}.pdf"
            report = render_to_file(kind, ctx, pdf, layout=layout, warn=lambda _: None, **options)
            doc = pdfium.PdfDocument(str(pdf))
            number = next(
                (
                    i
                    for i in range(len(doc))
                    if not carries or carries in doc[i].get_textpage().get_text_range()
                ),
                0,
            )
            image = doc[number].render(scale=110 / 72).to_pil()
            image.save(out_dir / f"{name}.png", optimize=True)
            doc.close()
            print(f"{name}: page {number + 1} of {report.pages}, {len(report.warnings)} warnings")
            for line in report.warnings:
                print("   ", line)


if __name__ == "__main__":
    main()
