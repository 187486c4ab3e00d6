"""The seed data (synonyms, names, icebreakers) and the sample events' CSV files are sound."""

from __future__ import annotations

import csv
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from eventrunner.contacts.exporting import CSV_COLUMNS
from eventrunner.interests import normalize, split_tags
from eventrunner.model import EventSettings
from eventrunner.resources import data_dir, seed_file

CANONICAL = re.compile(r"[a-z0-9]+( [a-z0-9]+)*")
SCRIPTS = {
    # Declared script -> first words of the Unicode names its letters may have.
    "latin": {"LATIN"},
    "greek": {"GREEK"},
    "cyrillic": {"CYRILLIC"},
    "han": {"CJK"},
    "japanese": {"CJK", "HIRAGANA", "KATAKANA"},
    "hangul": {"HANGUL"},
    "arabic": {"ARABIC"},
    "hebrew": {"HEBREW"},
}


def load(name: str) -> dict[str, Any]:
    with seed_file(name).open("rb") as f:
        return tomllib.load(f)


INTERESTS = load("interests.toml")
NAMES = load("names.toml")
ICEBREAKERS = load("icebreakers.toml")
SPELLINGS = [
    (tag, spelling) for entries in INTERESTS.values() for tag, spellings in entries.items()
    for spelling in spellings
]  # fmt: skip
ALL_TAGS = {tag for entries in INTERESTS.values() for tag in entries}


# --- interests.toml ---------------------------------------------------------------------------


def test_a_few_hundred_interests_in_the_expected_categories() -> None:
    assert len(ALL_TAGS) >= 300
    for category in ("technology", "business", "marketing", "hr", "finance", "design", "science",
                     "health", "sports", "arts", "music", "food", "travel", "outdoors", "causes",
                     "languages", "careers"):  # fmt: skip
        assert len(INTERESTS.get(category, {})) >= 5, category


def test_no_tag_is_listed_in_two_categories() -> None:
    assert sum(len(entries) for entries in INTERESTS.values()) == len(ALL_TAGS)


def test_canonical_tags_are_written_canonically_and_normalize_to_themselves() -> None:
    badly_written = [tag for tag in ALL_TAGS if not CANONICAL.fullmatch(tag)]
    assert badly_written == []
    moved = {tag: normalize(typed) for tag in ALL_TAGS for typed in (tag, tag.upper())
             if normalize(typed) != tag}  # fmt: skip
    assert moved == {}


def test_every_spelling_means_its_own_tag_and_no_other() -> None:
    # A spelling claimed by two tags would normalize to the first one for one of them.
    wrong = {
        typed: (tag, normalize(typed))
        for tag, spelling in SPELLINGS
        for typed in (spelling, "#" + spelling.replace(" ", ""), spelling.title())
        if normalize(typed) != tag
    }
    assert wrong == {}


def test_examples_from_the_brief() -> None:
    for typed, tag in [("ML", "machine learning"), ("#MachineLearning", "machine learning"),
                       ("HR", "human resources"), ("#HRTech", "hr technology"),
                       ("HR tech", "hr technology"), ("UX", "user experience"),
                       ("UX design", "user experience"), ("#hrpuckheads", "hockey"),
                       ("Chicago Cubs", "cubs"), ("#hrfoodie", "foodie")]:  # fmt: skip
        assert normalize(typed) == tag, typed


def test_spellings_are_not_repeated_within_a_tag() -> None:
    for entries in INTERESTS.values():
        for tag, spellings in entries.items():
            collapsed = [normalize_key(s) for s in (tag, *spellings)]
            assert len(collapsed) == len(set(collapsed)), tag


def normalize_key(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


# --- names.toml -------------------------------------------------------------------------------


def letters_scripts(text: str) -> set[str]:
    return {unicodedata.name(ch).split()[0] for ch in text if ch.isalpha()}


def name_lists(culture: dict[str, Any]) -> dict[str, list[Any]]:
    keys = ("given_f", "given_m", "family", "family_f", "family_m")
    return {key: culture[key] for key in keys if key in culture}


def test_every_script_has_names() -> None:
    declared = {culture["script"] for culture in NAMES["cultures"].values()}
    assert declared == set(SCRIPTS)


@pytest.mark.parametrize("culture", sorted(NAMES["cultures"]))
def test_names_are_written_in_their_declared_script(culture: str) -> None:
    spec = NAMES["cultures"][culture]
    allowed = SCRIPTS[spec["script"]]
    assert spec["order"] in ("given family", "family given")
    assert spec["weight"] > 0
    lists = name_lists(spec)
    assert {"given_f", "given_m"} <= set(lists)
    assert ("family" in lists) != ("family_f" in lists and "family_m" in lists)
    if "family_f" in lists:
        assert len(lists["family_f"]) == len(lists["family_m"])  # parallel gendered surnames
    for key, names in lists.items():
        assert len(names) >= 4, key
        for entry in names:
            if spec["script"] == "latin":
                assert isinstance(entry, str) and letters_scripts(entry) == {"LATIN"}, entry
            else:
                written, romanized = entry
                assert letters_scripts(written) <= allowed and written, entry
                assert letters_scripts(romanized) == {"LATIN"} and romanized.isascii(), entry


def test_latin_names_carry_accents_and_apostrophes() -> None:
    latin = [n for c in NAMES["cultures"].values() if c["script"] == "latin"
             for names in name_lists(c).values() for n in names]  # fmt: skip
    assert sum(not n.isascii() for n in latin) > 100
    assert any("'" in n for n in latin)


def test_most_people_write_in_latin_letters() -> None:
    weights = {c["script"]: 0.0 for c in NAMES["cultures"].values()}
    for culture in NAMES["cultures"].values():
        weights[culture["script"]] += culture["weight"]
    assert weights["latin"] > 0.7 * sum(weights.values())


def test_email_domains_are_reserved_examples() -> None:
    for domain in (*NAMES["email"]["personal"], *NAMES["email"]["company_suffix"]):
        assert re.fullmatch(r"([a-z]+\.)?example\.(com|org|net)", domain), domain


def test_titles_and_company_parts() -> None:
    titles = NAMES["titles"]
    assert set(titles) - {"general", "no_company"} <= set(INTERESTS)
    assert all(titles.values())
    for part in ("first", "second", "kind"):
        assert len(NAMES["companies"][part]) >= 10


# --- icebreakers.toml -------------------------------------------------------------------------


def openers(value: Any) -> list[str]:
    assert isinstance(value, list) and 1 <= len(value) <= 3, value
    assert all(isinstance(q, str) and q.endswith("?") and len(q) <= 120 for q in value), value
    return value


def test_icebreakers_cover_every_category_and_generic() -> None:
    openers(ICEBREAKERS["generic"])
    assert set(ICEBREAKERS["categories"]) == set(INTERESTS)
    for questions in ICEBREAKERS["categories"].values():
        openers(questions)


def test_icebreakers_for_interests_name_canonical_tags() -> None:
    assert len(ICEBREAKERS["interests"]) >= 50
    for tag, questions in ICEBREAKERS["interests"].items():
        assert tag in ALL_TAGS, tag
        openers(questions)


def test_the_most_common_interests_have_their_own_icebreakers() -> None:
    # Each category lists its most common tags first: the first two of each get their own.
    missing = [tag for entries in INTERESTS.values() for tag in list(entries)[:2]
               if tag not in ICEBREAKERS["interests"]]  # fmt: skip
    assert missing == []


def test_every_opener_is_unique() -> None:
    everything = [*ICEBREAKERS["generic"]]
    for table in (ICEBREAKERS["categories"], ICEBREAKERS["interests"]):
        for questions in table.values():
            everything.extend(questions)
    assert len(everything) == len(set(everything))


# --- sample_events/ ---------------------------------------------------------------------------

SAMPLES = data_dir("sample_events")
EVENT_FILES = sorted(SAMPLES.glob("*.toml"))


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def test_the_four_sample_events_exist() -> None:
    names = {path.stem for path in EVENT_FILES}
    assert names == {"hr-tweetup", "founders-mixer", "mentoring-evening", "conference-session"}


@pytest.mark.parametrize("event_file", EVENT_FILES, ids=lambda p: p.stem)
def test_sample_event_settings_and_native_csv(event_file: Path) -> None:
    with event_file.open("rb") as f:
        event = tomllib.load(f)["event"]
    attendees_file = event.pop("attendees")
    EventSettings(**event)  # valid settings: the validators raise otherwise
    header, rows = read_csv(event_file.parent / attendees_file)
    # The `ticket` column (check-in by scanning) is optional; the samples have no tickets.
    assert tuple(header) in (CSV_COLUMNS, tuple(c for c in CSV_COLUMNS if c != "ticket"))
    ids = [row["id"] for row in rows]
    assert all(ids) and len(ids) == len(set(ids))
    known = set(ids) | {row["email"] for row in rows if row["email"]}
    for row in rows:
        assert row["name"].strip()
        for other in (*split_tags(row["avoid"]), *split_tags(row["want"])):
            assert other in known and other not in (row["id"], row["email"]), (row["id"], other)
        if event["two_sided"]:
            assert row["side"] in ("mentor", "mentee"), row["id"]


@pytest.mark.parametrize(
    ("stem", "size", "table_size"),
    [("hr-tweetup", 24, 2), ("founders-mixer", 60, 2), ("mentoring-evening", 36, 3),
     ("conference-session", 150, 4)],
)  # fmt: skip
def test_sample_event_sizes(stem: str, size: int, table_size: int) -> None:
    with (SAMPLES / f"{stem}.toml").open("rb") as f:
        event = tomllib.load(f)["event"]
    assert event["table_size"] == table_size
    assert len(read_csv(SAMPLES / event["attendees"])[1]) == size


def test_mentoring_evening_is_twelve_mentors_and_twenty_four_mentees() -> None:
    _, rows = read_csv(SAMPLES / "mentoring-evening.csv")
    sides = [row["side"] for row in rows]
    assert (sides.count("mentor"), sides.count("mentee")) == (12, 24)


def test_samples_carry_awkward_names() -> None:
    names = " ".join(
        row["name"] for path in SAMPLES.glob("*.csv") for row in read_csv(path)[1] if "name" in row
    )
    for piece in ("Zoë", "Łukasz", "O'Brien", "王小明", "佐藤 花子", ","):
        assert piece in names, piece
    scripts = letters_scripts(names)
    assert {"GREEK", "CYRILLIC", "CJK"} <= scripts
    assert any(unicodedata.category(ch) == "So" for ch in names)  # an emoji


@pytest.mark.parametrize(
    ("export", "columns"),
    [("eventbrite-export.csv", {"Order #", "Order Date", "First Name", "Last Name", "Email",
                                "Company", "Job Title", "Ticket Type", "Attendee Status",
                                "What are your interests?"}),
     ("luma-export.csv", {"api_id", "name", "first_name", "last_name", "email", "phone_number",
                          "created_at", "approval_status", "LinkedIn"})],
)  # fmt: skip
def test_registration_exports_have_their_platform_shape(export: str, columns: set[str]) -> None:
    header, rows = read_csv(SAMPLES / export)
    assert columns <= set(header)
    assert 15 <= len(rows) <= 30
