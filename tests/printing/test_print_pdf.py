"""`print_pdf` on a real event file: a sample event, planned, played, re-planned, printed.

Also what a print run promises whatever is printed: one valid PDF even for 1000 attendees,
and a failure midway leaves the file that was there before untouched, with no temp file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from printkit import context, page_count, page_texts, squash

from eventrunner import scheduling
from eventrunner.importing import read_event_toml
from eventrunner.model import Event
from eventrunner.printing import KINDS, PrintError, PrintReport, print_pdf, render_to_file
from eventrunner.resources import data_dir
from eventrunner.store import EventStore


@pytest.fixture(scope="module")
def event_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """hr-tweetup: planned, two rounds played, wishes recorded, then re-planned without one."""
    settings, report = read_event_toml(data_dir("sample_events") / "hr-tweetup.toml")
    assert settings is not None
    path = tmp_path_factory.mktemp("event") / "tweetup.event"
    people = report.attendees
    with EventStore.create(path, Event(settings, people)) as store:
        first = scheduling.plan(people, settings, time_limit=1.0)
        store.save_plan(first, reason="first plan")
        store.mark_played(2)
        for rnd in store.played_rounds():
            for table in rnd.tables[:3]:
                a, b = table.attendees[:2]
                store.add_followup(a, b)
                store.add_followup(b, a)
        gone = people[0].id
        later = scheduling.replan(
            [p for p in people if p.id != gone], settings, first, 2, time_limit=1.0
        )
        store.save_plan(later, reason=f"re-plan: {gone} left")
    yield path


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "alignment"])
def test_every_kind_prints_from_the_event_file(event_file: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    with EventStore.open(event_file, readonly=True) as store:
        report = print_pdf(kind, store, out, warn=lambda _: None)
        names = {p.id: p.name for p in store.attendees()}
        plan = store.current_plan()
    assert isinstance(report, PrintReport)
    assert report.path == out and report.pages == page_count(out) and report.items > 0
    text = squash("\n".join(page_texts(out)))
    assert plan is not None
    if kind in ("badges", "cards", "lookup"):
        seated = {a for t in plan.rounds[-1].tables for a in t.attendees}
        for ident in seated:
            assert squash(names[ident]) in text


def test_unknown_kind_and_missing_folder_are_one_line_errors(
    event_file: Path, tmp_path: Path
) -> None:
    with EventStore.open(event_file, readonly=True) as store:
        with pytest.raises(PrintError, match="choose one of"):
            print_pdf("posters", store, tmp_path / "x.pdf")
        with pytest.raises(PrintError, match="does not exist") as info:
            print_pdf("lookup", store, tmp_path / "nowhere" / "x.pdf")
    assert "\n" not in str(info.value)


def test_a_thousand_attendees_make_one_valid_pdf(tmp_path: Path) -> None:
    ctx = context(1000, rounds=2)
    out = tmp_path / "lookup.pdf"
    report = render_to_file("lookup", ctx, out, warn=lambda _: None)
    assert page_count(out) == report.pages >= 2 * 9
    text = squash("\n".join(page_texts(out)))
    assert all(squash(p.name) in text for p in ctx.event.attendees[11:])


def test_a_failure_midway_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "badges.pdf"
    out.write_bytes(b"%PDF-1.4 the good old print\n")
    from eventrunner.printing import badges

    calls = 0
    original = badges.draw_badge

    def failing(*args: object, **kwargs: object) -> list[str]:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise RuntimeError("printer on fire")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(badges, "draw_badge", failing)
    with pytest.raises(RuntimeError):
        render_to_file("badges", context(20), out, layout="a4-cut")
    assert out.read_bytes() == b"%PDF-1.4 the good old print\n"
    assert [p.name for p in tmp_path.iterdir()] == ["badges.pdf"]


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "lookup.pdf"
    out.write_bytes(b"old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("eventrunner.printing.pdfkit.os.fsync", full_disk)
    with pytest.raises(PrintError, match="No space left"):
        render_to_file("lookup", context(12), out)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["lookup.pdf"]
