"""Pilot tests of the Print action: choose a kind and a file, the PDF is written in a worker
thread, the console says where and how many pages; a refusal is a notification, never a crash."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from textual.widgets import Input
from tuikit import FakeClock, notes, screen_text

from eventrunner import printing
from eventrunner.store import EventStore
from eventrunner.tui import make_app, print_process
from eventrunner.tui.app import ConsoleApp
from eventrunner.tui.screens.print_modal import KINDS, PrintModal, default_path


def journal_length(path: Path) -> int:
    with EventStore.open(path, readonly=True) as s:
        return len(s.journal())


def pdf_pages(path: Path) -> int:
    document = pypdfium2.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def pdf_text(path: Path) -> list[str]:
    """The text of every page."""
    document = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


async def printed(pilot: object, app: ConsoleApp) -> None:
    """Wait for the print worker and the toast it leads to."""
    await app.workers.wait_for_complete()
    await pilot.pause(0.2)  # type: ignore[attr-defined]  # the message, then the toast


def test_the_modal_offers_every_kind_printing_knows() -> None:
    assert [kind for kind, _ in KINDS] == list(printing.KINDS)


async def test_print_maps_next_to_the_event_file(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    before = journal_length(path)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, PrintModal)
        field = app.screen.query_one("#print-path", Input)
        assert field.value == default_path(path, "badges").name == "small-badges.pdf"
        await pilot.press("down")  # maps: the suggested file follows the kind
        assert field.value == "small-maps.pdf"
        await pilot.press("enter")
        await printed(pilot, app)
        assert not isinstance(app.screen, PrintModal)
        out = path.with_name("small-maps.pdf")
        pages = pdf_pages(out)
        assert pages == 4  # one map per round
        assert f"Wrote {out}: {pages} pages" in notes(app)
    assert journal_length(path) == before  # printing reads the event file, never writes it


async def test_a_typed_name_goes_next_to_the_event_file(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p", "down", "down", "tab")  # lookup; focus on the file name
        field = app.screen.query_one("#print-path", Input)
        assert app.focused is field
        field.value = "door list.pdf"
        await pilot.press("up")  # back to maps: a typed name stays
        assert field.value == "door list.pdf"
        await pilot.press("enter")
        await printed(pilot, app)
        out = path.with_name("door list.pdf")
        assert pdf_pages(out) == 4  # the maps, one per round
        assert f"Wrote {out}: 4 pages" in notes(app)
        assert not path.with_name("small-maps.pdf").exists()


async def test_a_missing_folder_is_refused_in_the_modal(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p", "tab")
        app.screen.query_one("#print-path", Input).value = str(path.parent / "nope" / "b.pdf")
        await pilot.press("enter")
        assert isinstance(app.screen, PrintModal)
        assert "nope does not" in screen_text(app)
        assert "exist; create it first" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, PrintModal)
        await printed(pilot, app)
    assert not list(path.parent.glob("*.pdf"))


async def test_print_error_is_a_notification_not_a_crash(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event(plan=False)
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p", "down", "enter")  # maps, without a plan
        await printed(pilot, app)
        assert "Could not print maps: there is no plan yet" in notes(app)
        assert app.is_running
        assert not path.with_name("small-maps.pdf").exists()
        await pilot.press("f3")  # the console carries on
        assert "Registered 12" in screen_text(app)


async def test_the_console_answers_keys_while_a_print_runs(
    small_event: Callable[..., Path], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The print waits until the test has seen a key handled: it cannot run on the UI thread.
    release = threading.Event()
    real = print_process.run
    seen_threads: list[str] = []

    def slow_print(*args: Any, **kwargs: Any) -> printing.PrintReport:
        seen_threads.append(threading.current_thread().name)
        assert release.wait(30), "the test never released the print"
        return real(*args, **kwargs)

    monkeypatch.setattr(print_process, "run", slow_print)
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p", "enter")  # badges
        await pilot.press("space")  # round 1 starts while the badges print
        with EventStore.open(path, readonly=True) as s:
            assert s.timer().phase == "meeting"
        assert not path.with_name("small-badges.pdf").exists()
        release.set()
        await printed(pilot, app)
        assert path.with_name("small-badges.pdf").exists()
        assert seen_threads and seen_threads[0] != threading.main_thread().name


async def test_print_warnings_are_shown(
    small_event: Callable[..., Path], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = print_process.run

    def warning_print(*args: Any, **kwargs: Any) -> printing.PrintReport:
        report = real(*args, **kwargs)
        warnings = tuple(f"no font has the glyphs of [b]Bob{i}[/b]" for i in range(5))
        return printing.PrintReport(report.path, report.pages, report.items, warnings)

    monkeypatch.setattr(print_process, "run", warning_print)
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p", "enter")
        await printed(pilot, app)
        shown = notes(app)
        assert "no font has the glyphs of [b]Bob0[/b]" in shown  # literally, not markup
        assert "[b]Bob2[/b]" in shown and "[b]Bob3[/b]" not in shown
        assert "… and 2 more warnings." in shown


async def test_palette_opens_print(small_event: Callable[..., Path], clock: FakeClock) -> None:
    app = make_app(small_event(), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "ctrl+p", *"print badges")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, PrintModal)


async def test_a_crashed_print_is_one_line(
    small_event: Callable[..., Path], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: Any, **kwargs: Any) -> printing.PrintReport:
        raise print_process.PrintCrashed(
            "Traceback (most recent call last):\n  ...\nValueError: boom"
        )

    monkeypatch.setattr(print_process, "run", crash)
    app = make_app(small_event(), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p", "enter")
        await printed(pilot, app)
        assert "Could not print badges: printing failed: ValueError: boom" in notes(app)
        assert "Traceback" not in notes(app)
        assert app.is_running


async def test_the_modal_offers_double_sided_badges_and_fold_over_cards(
    small_event: Callable[..., Path], clock: FakeClock
) -> None:
    path = small_event()
    app = make_app(path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p", "enter")  # badges, one side
        await printed(pilot, app)
        one_side = pdf_pages(path.with_name("small-badges.pdf"))
        await pilot.press("p")
        assert "Double-sided" in screen_text(app) and "Fold-over" not in screen_text(app)
        app.screen.query_one("#print-path", Input).value = "two sides.pdf"
        await pilot.press("tab", "tab", "space")  # kinds -> file name -> the option, ticked
        await pilot.press("ctrl+s")
        await printed(pilot, app)
        assert pdf_pages(path.with_name("two sides.pdf")) == 2 * one_side  # each sheet + back

        await pilot.press("p", *["down"] * 3)  # cards
        assert "Fold-over" in screen_text(app) and "Double-sided" not in screen_text(app)
        await pilot.press("enter")
        await printed(pilot, app)
        flat = pdf_text(path.with_name("small-cards.pdf"))
        await pilot.press("p", *["down"] * 3)
        app.screen.query_one("#print-path", Input).value = "folded.pdf"
        await pilot.press("tab", "tab", "space", "ctrl+s")
        await printed(pilot, app)
        with EventStore.open(path, readonly=True) as store:
            expected = printing.print_pdf(
                "cards", store, path.with_name("direct.pdf"), warn=lambda _: None, fold=True
            ).pages
        folded = pdf_text(path.with_name("folded.pdf"))
        assert len(folded) == expected
        assert folded == pdf_text(path.with_name("direct.pdf")) != flat
