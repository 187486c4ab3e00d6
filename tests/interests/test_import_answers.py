"""Free-text registration answers through the importer: what each answer became, event
topics, event synonyms (`[synonyms]`, `--synonyms FILE`), and the organizer's view."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eventrunner.cli import cli
from eventrunner.importing import ImportFailed, read_attendees, read_event_toml
from eventrunner.store import EventStore

FORM = (
    "Name,Email Address,What are your interests?,What are you looking for?,What can you offer?\n"
    'Ana,ana@example.org,"Into hiking and ML, also a big fan of Gwent",'
    '"looking for investors for our seed round",\n'
    'Ben,ben@example.org,"Wandern, Deep Learning und Gwent",,"angel investor, happy to mentor"\n'
    'Cy,cy@example.org,"computer vision; knitting circles",'
    '"a mentor",\n'
    'Di,di@example.org,"hockey; marketing",,\n'
)


def write(tmp_path: Path, text: str, name: str = "form.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def by_name(report):  # type: ignore[no-untyped-def]
    return {a.name: a for a in report.attendees}


def test_answers_become_tags_topics_and_complements(tmp_path: Path) -> None:
    report = read_attendees(write(tmp_path, FORM))
    people = by_name(report)
    assert {"hiking", "machine learning", "gwent"} <= set(people["Ana"].interests)
    assert {"hiking", "machine learning", "gwent"} <= set(people["Ben"].interests)
    assert "gwent" not in people["Cy"].interests  # topics come only from shared phrases
    assert "funding" in people["Ana"].seeks
    assert {"funding", "mentoring"} <= set(people["Ben"].offers)
    assert "mentoring" in people["Cy"].seeks
    assert people["Di"].interests == ("hockey", "marketing")  # clean tags as before
    assert ("gwent", 2) in report.topics


def test_the_report_says_what_each_answer_became(tmp_path: Path) -> None:
    report = read_attendees(write(tmp_path, FORM))
    lines = "\n".join(report.summary_lines())
    assert "Free-text answers read" in lines
    assert "'Into hiking and ML, also a big fan of Gwent' -> hiking, machine learning" in lines
    assert "matched nothing: gwent" in lines
    assert "Event topics (shared by 2+ attendees, not in the vocabulary): gwent (2)" in lines
    assert "(Di)" not in lines  # a clean tag list is no free text to check


def test_a_typo_is_shown_with_what_it_was_read_as(tmp_path: Path) -> None:
    path = write(tmp_path, "name,interests\nEd,I like photograpy and sailing\n")
    lines = "\n".join(read_attendees(path).summary_lines())
    assert "read 'photograpy' as photography" in lines


def test_event_synonyms_in_the_toml_and_given_apart(tmp_path: Path) -> None:
    write(tmp_path, FORM)
    toml = write(
        tmp_path,
        '[event]\nname = "Meetup"\nattendees = "form.csv"\n\n'
        '[synonyms]\n"gwent" = "card games"\n"knitting circles" = "crafts"\n',
        "event.toml",
    )
    _, report = read_event_toml(toml)
    people = by_name(report)
    assert "card games" in people["Ana"].interests and "gwent" not in people["Ana"].interests
    assert "crafts" in people["Cy"].interests
    assert not report.warnings
    _, report = read_event_toml(toml, spellings={"gwent": "board games"})
    assert "board games" in by_name(report)["Ana"].interests  # the option wins


def test_bad_synonyms_are_one_clear_line(tmp_path: Path) -> None:
    write(tmp_path, FORM)
    toml = write(
        tmp_path, '[event]\nname = "M"\nattendees = "form.csv"\n[synonyms]\n"x" = 3\n', "e.toml"
    )
    with pytest.raises(ImportFailed, match=r'e\.toml: \[synonyms\] .x.: write "spelling" = "tag"'):
        read_event_toml(toml)


def test_new_and_import_show_answers_and_take_synonyms(tmp_path: Path) -> None:
    form = write(tmp_path, FORM)
    synonyms = write(tmp_path, '[synonyms]\n"gwent" = "card games"\n', "syn.toml")
    event = tmp_path / "m.event"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["new", "Meetup", "--attendees", str(form), "--synonyms", str(synonyms),
              "-o", str(event)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Free-text answers read (" in result.output
    assert "-> hiking, machine learning, card games" in result.output
    with EventStore.open(event, readonly=True) as store:
        ana = next(a for a in store.attendees() if a.name == "Ana")
    assert "card games" in ana.interests
    more = write(tmp_path, "name,email,interests\nEve,eve@example.org,Gwent und Schach\n", "b.csv")
    result = runner.invoke(cli, ["import", str(event), str(more), "--synonyms", str(synonyms)])
    assert result.exit_code == 0, result.output
    assert "'Gwent und Schach' -> card games, chess" in result.output
    missing = runner.invoke(cli, ["import", str(event), str(more), "--synonyms", "nope.toml"])
    assert missing.exit_code != 0 and "nope.toml" in missing.output


def test_the_event_keeps_its_synonyms_and_info_shows_what_answers_became(tmp_path: Path) -> None:
    form = write(tmp_path, FORM)
    synonyms = write(tmp_path, '[synonyms]\n"gwent" = "card games"\n', "syn.toml")
    event = tmp_path / "m.event"
    runner = CliRunner()
    made = runner.invoke(
        cli, ["new", "M", "--attendees", str(form), "--synonyms", str(synonyms), "-o", str(event)]
    )
    assert made.exit_code == 0, made.output
    info = runner.invoke(cli, ["info", str(event)])
    assert info.exit_code == 0, info.output
    assert "Event synonyms (1): gwent -> card games" in info.output
    assert "Free-text answers read (" in info.output
    assert "(Ana): 'Into hiking and ML, also a big fan of Gwent' -> hiking" in info.output
    # The next import applies the kept synonyms without being told again.
    more = write(tmp_path, "name,email,interests\nEve,eve@example.org,Gwent und Schach\n", "b.csv")
    result = runner.invoke(cli, ["import", str(event), str(more)])
    assert result.exit_code == 0, result.output
    with EventStore.open(event, readonly=True) as store:
        eve = next(a for a in store.attendees() if a.name == "Eve")
        _, answers = store.interest_reading()
    assert eve.interests == ("card games", "chess")
    assert any("(Eve)" in line for line in answers)


def test_clean_seeks_and_offers_get_no_complements(tmp_path: Path) -> None:
    path = write(tmp_path, "name,seeks,offers\nAl,investors; mentoring,hiring\nBo,,funding\n")
    people = by_name(read_attendees(path))
    assert people["Al"].seeks == ("venture capital", "mentoring")
    assert people["Al"].offers == ("hiring",)
    assert people["Bo"].offers == ("funding",)


def test_in_a_form_answered_in_words_short_answers_give_complements_too(tmp_path: Path) -> None:
    form = (
        "Name,What are you looking for?,What can you offer?\n"
        "Ana,looking for investors for our seed round,\n"
        "Ben,,angel investor\n"
    )
    report = read_attendees(write(tmp_path, form))
    people = by_name(report)
    assert "funding" in people["Ana"].seeks
    assert people["Ben"].offers == ("angel investing", "funding")
    assert any("(Ben): 'angel investor' -> angel investing, offers: funding" in str(n)
               for n in report.answers)  # fmt: skip
