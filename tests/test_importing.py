"""Importing registration exports and event files: mappings, overrides, merging, ids, text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from eventrunner.importing import (
    ImportFailed,
    RowProblem,
    clean_text,
    parse_map_options,
    read_attendees,
    read_event_toml,
    slugify,
)
from eventrunner.interests import Synonyms, parse_tags
from eventrunner.model import CompanyRule, OddPolicy, ReleasePolicy

EXPORTS = Path(__file__).parent / "data" / "exports"


def write(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- registration exports -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "mapped", "unknown"),
    [
        (
            "eventbrite.csv",
            "Eventbrite",
            {
                "First Name": "first_name",
                "Last Name": "last_name",
                "Email": "email",
                "Job Title": "title",
                "Company": "company",
                "What are your interests?": "interests",
                "Attendee Status": "status",
                "Order #": "ticket",
                "Attendee #": "ticket",
            },
            ("Order Date", "Quantity", "Ticket Type"),
        ),
        (
            "luma.csv",
            "Luma",
            {
                "name": "name",
                "first_name": "first_name",
                "last_name": "last_name",
                "email": "email",
                "phone_number": "phone",
                "What topics would you like to talk about?": "interests",
                "LinkedIn": "linkedin",
                "approval_status": "status",
                "api_id": "ticket",
            },
            ("created_at",),
        ),
        (
            "meetup.csv",
            "Meetup",
            {"Name": "name", "Title": "title", "RSVP": "status", "User ID": "ticket"},
            (
                "Event Host",
                "Guests",
                "RSVPed on",
                "Joined Group on",
                "URL of Member Profile",
            ),
        ),
        (
            "google_forms.csv",
            "Google Forms",
            {
                "Email Address": "email",
                "Full name": "name",
                "Company": "company",
                "What are your interests?": "interests",
                "What can you offer?": "offers",
                "What are you looking for?": "seeks",
                "LinkedIn profile": "linkedin",
            },
            ("Timestamp", "Registration type"),
        ),
    ],
)
def test_export_is_recognized_and_mapped(
    name: str, fmt: str, mapped: dict[str, str], unknown: tuple[str, ...]
) -> None:
    report = read_attendees(EXPORTS / name)
    assert report.format == fmt
    assert dict(report.mapping) == mapped
    assert report.unknown_columns == unknown
    assert all(p.field == "status" or "Info Requested" in p.message for p in report.problems)


def test_eventbrite_names_join_first_and_last() -> None:
    report = read_attendees(EXPORTS / "eventbrite.csv")
    assert [a.name for a in report.attendees] == [
        "Zoë Martin",
        "Łukasz Nowak",
        "Siobhán O'Brien",
        "佐藤 花子",
    ]
    assert report.attendees[0].interests == parse_tags("#HRTech, hockey")
    assert report.attendees[2].company == "Fabrikam, Inc."


def test_eventbrite_placeholder_guest_is_kept_out_not_merged() -> None:
    report = read_attendees(EXPORTS / "eventbrite.csv")
    assert [str(p).split(": ", 1)[1] for p in report.problems] == [
        "no name, only 'Info Requested' (a guest the buyer has not named yet); "
        "add the name or delete the row",
        "'Not Attending' is not a confirmed attendee, so kept out; "
        "use --map status= to import everyone whatever their status",
    ]
    assert [p.line for p in report.problems] == [6, 7]
    assert report.warnings == ()


@pytest.mark.parametrize(
    ("name", "kept_out"),
    [
        ("eventbrite.csv", ["Ravi Iyer"]),
        ("luma.csv", ["Ama Owusu 🎉"]),
        ("meetup.csv", ["Mo Farouk"]),
    ],
)
def test_people_not_coming_are_kept_out_unless_status_is_unmapped(
    name: str, kept_out: list[str]
) -> None:
    default = {a.name for a in read_attendees(EXPORTS / name).attendees}
    everyone = {a.name for a in read_attendees(EXPORTS / name, overrides={"status": ""}).attendees}
    assert sorted(everyone - default) == kept_out


def test_luma_uses_first_and_last_name_only_when_name_is_empty() -> None:
    people = read_attendees(EXPORTS / "luma.csv", overrides={"status": ""}).attendees
    assert [p.name for p in people] == ["Ζωή Παππά", "Иван Петров", "Ama Owusu 🎉"]
    assert people[0].phone == "+30 210 555 0101"
    assert people[2].interests == parse_tags("fintech\nclimate tech")


def test_meetup_without_email_gets_unique_slugs() -> None:
    people = read_attendees(EXPORTS / "meetup.csv").attendees
    assert [p.id for p in people] == ["john-smith", "priya-raman", "john-smith-2"]  # Mo said No
    assert all(p.email == "" for p in people)


def test_google_forms_resubmission_is_merged_with_a_warning() -> None:
    report = read_attendees(EXPORTS / "google_forms.csv")
    assert [p.id for p in report.attendees] == ["ann@example.org", "bo@example.org"]
    ann = report.attendees[0]
    assert ann.interests == (*parse_tags("Hockey, Marketing"), *parse_tags("sailing"))
    assert ann.offers == parse_tags("mentoring")
    assert ann.linkedin == "linkedin.com/in/annlee"
    assert report.warnings == ("line 4 merged into line 2: same email ann@example.org",)


# --- --map overrides --------------------------------------------------------------------------


def test_map_option_imports_a_question_column() -> None:
    path = EXPORTS / "custom_question.csv"
    assert "Which sessions excite you most?" in read_attendees(path).unknown_columns
    report = read_attendees(path, overrides={"interests": "Which sessions excite you most?"})
    assert ("Which sessions excite you most?", "interests") in report.mapping
    assert "Which sessions excite you most?" not in report.unknown_columns
    assert report.attendees[0].interests == parse_tags("hockey; marketing")


def test_map_option_replaces_the_automatic_choice() -> None:
    path = EXPORTS / "google_forms.csv"
    report = read_attendees(path, overrides={"interests": "what can you offer?"})
    mapping = dict(report.mapping)
    assert mapping["What can you offer?"] == "interests"
    assert "offers" not in mapping.values()
    assert "What are your interests?" in report.unknown_columns
    assert report.attendees[1].interests == parse_tags("design")


def test_map_option_with_no_column_turns_a_field_off() -> None:
    report = read_attendees(EXPORTS / "google_forms.csv", overrides={"linkedin": ""})
    assert "LinkedIn profile" in report.unknown_columns
    assert all(a.linkedin == "" for a in report.attendees)


def test_map_option_naming_a_missing_column_lists_the_columns() -> None:
    with pytest.raises(ImportFailed) as caught:
        read_attendees(EXPORTS / "custom_question.csv", overrides={"interests": "Hobbies"})
    message = str(caught.value)
    assert "--map interests='Hobbies': there is no such column" in message
    assert "'Which sessions excite you most?'" in message
    assert "'Ticket Type'" in message


def test_map_option_with_unknown_field_fails() -> None:
    with pytest.raises(ImportFailed, match="unknown field 'hobbies'"):
        read_attendees(EXPORTS / "custom_question.csv", overrides={"hobbies": "Email"})


def test_map_option_can_give_a_name_column(tmp_path: Path) -> None:
    path = write(tmp_path, "Participant,Email\nAnn Lee,ann@example.org\n")
    with pytest.raises(ImportFailed, match="has no name column"):
        read_attendees(path)
    report = read_attendees(path, overrides={"name": "Participant"})
    assert [a.name for a in report.attendees] == ["Ann Lee"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["interests=What are your interests?"], {"interests": "What are your interests?"}),
        ([" Offers = Skills ", "seeks="], {"offers": "Skills", "seeks": ""}),
        (['name="Full name"'], {"name": "Full name"}),
        (["website=a=b"], {"website": "a=b"}),
        ([], {}),
    ],
)
def test_parse_map_options(options: list[str], expected: dict[str, str]) -> None:
    assert parse_map_options(options) == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["interests"], "write FIELD=COLUMN"),
        (["=Topics"], "write FIELD=COLUMN"),
        (["hobbies=Topics"], "unknown field 'hobbies'"),
        (["name=A", "NAME=B"], "given twice"),
    ],
)
def test_parse_map_options_rejects_bad_syntax(options: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_map_options(options)


# --- the native CSV: ids, merging, fields ------------------------------------------------------


def test_ids_are_given_then_email_then_unique_slug(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id,name,email\n"
        "zoe-martin,Zoë Martin,\n"  # an explicit id that a later slug would also want
        ",Zoë Martin,\n"
        ",Ann Lee,Ann.Lee@Example.org\n"
        ",王小明,\n",
    )
    people = read_attendees(path).attendees
    assert [p.id for p in people] == ["zoe-martin", "zoe-martin-2", "ann.lee@example.org", "王小明"]
    assert people[2].email == "Ann.Lee@Example.org"


def test_same_id_and_name_without_email_is_merged(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,interests\nann,Ann Lee,hockey\nann,ann lee,chess\n")
    report = read_attendees(path)
    assert len(report.attendees) == 1
    assert report.attendees[0].interests == ("hockey", "chess")
    assert report.warnings == ("line 3 merged into line 2: same id ann and name",)


def test_first_registration_wins_and_later_fills_blanks(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name,email,company,title,share\n"
        "Ann Lee,ann@example.org,Acme,,\n"
        "Annie Lee,ann@example.org,Other,CTO,email\n",
    )
    report = read_attendees(path)
    (ann,) = report.attendees
    assert (ann.name, ann.company, ann.title) == ("Ann Lee", "Acme", "CTO")
    assert ann.consent.fields == frozenset({"email"})
    assert "kept name 'Ann Lee' over 'Annie Lee'; company 'Acme' over 'Other'" in report.warnings[0]


def test_merge_does_not_steal_someone_elses_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id,name,email\n"
        ",Ann Lee,ann@example.org\n"
        "bo,Bo Chen,bo@example.org\n"
        "bo,Ann Lee,ann@example.org\n",
    )
    people = read_attendees(path).attendees
    assert [p.id for p in people] == ["ann@example.org", "bo"]


def test_all_native_columns_are_read(tmp_path: Path) -> None:
    header = (
        "ID,Name,Email,Phone,Company,Title,Interests,Offers,Seeks,Side,"
        "LinkedIn,Twitter,Website,Share,Avoid,Want"
    )
    row = (
        'ann,Ann Lee,ann@example.org,+1 555,Acme,CTO,"#AI; hockey","mentoring","funding",'
        'Mentor,in/ann,@ann,ann.dev,"email;phone","bo; CY@Example.org","dee"'
    )
    report = read_attendees(write(tmp_path, f"{header}\n{row}\n"), synonyms=Synonyms.empty())
    assert report.format == "eventrunner CSV"
    assert report.unknown_columns == ()
    (ann,) = report.attendees
    assert ann.interests == ("ai", "hockey")
    assert (ann.offers, ann.seeks) == (("mentoring",), ("funding",))
    assert (ann.side, ann.linkedin, ann.twitter, ann.website) == (
        "mentor",
        "in/ann",
        "@ann",
        "ann.dev",
    )
    assert ann.consent.fields == frozenset({"email", "phone"}) and ann.consent.stated
    assert (ann.avoid, ann.want) == (("bo", "cy@example.org"), ("dee",))


def test_interests_use_the_given_synonyms(tmp_path: Path) -> None:
    synonyms = Synonyms(canonical={"ml": "machine learning"}, category={})
    path = write(tmp_path, "name,interests\nAnn,ML; Hockey\n")
    assert read_attendees(path, synonyms=synonyms).attendees[0].interests == (
        "machine learning",
        "hockey",
    )


def test_quoted_newlines_keep_line_numbers_right(tmp_path: Path) -> None:
    path = write(tmp_path, 'name,email,interests\nAnn,ann@example.org,"a\nb\nc"\nBo,bo@x,d\n')
    report = read_attendees(path)
    assert report.attendees[0].interests == parse_tags("a\nb\nc")
    assert [p.line for p in report.problems] == [5]


def test_a_semicolon_file_whose_headers_contain_commas(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Name;What are your interests, hobbies?;Email\nAnn Lee;hockey, chess;ann@example.org\n",
    )
    report = read_attendees(path)
    assert report.delimiter == ";"
    assert report.attendees[0].interests == parse_tags("hockey, chess")


def test_overlong_name_is_refused(tmp_path: Path) -> None:
    report = read_attendees(write(tmp_path, "name\n" + "x" * 500 + "\nAnn\n"))
    assert [a.name for a in report.attendees] == ["Ann"]
    assert "500 characters long" in str(report.problems[0])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "nope.csv", "nope.csv: not found; check the path"),
        (lambda p: p, "is a folder, not a file"),
    ],
)
def test_missing_file_or_folder_fails(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    with pytest.raises(ImportFailed, match=message):
        read_attendees(make(tmp_path))


# --- the TOML event file -----------------------------------------------------------------


def test_toml_event_file_reads_settings_csv_and_inline_attendees() -> None:
    settings, report = read_event_toml(EXPORTS / "mixer.toml")
    assert settings is not None
    assert (settings.name, settings.rounds, settings.minutes, settings.switch_seconds) == (
        "Founders Mixer",
        4,
        6.0,
        45,
    )
    assert settings.table_size == 3 and settings.odd_policy is OddPolicy.TRIO
    assert settings.company_rule is CompanyRule.ALLOW and settings.release is ReleasePolicy.MUTUAL
    assert report.format == "eventrunner TOML"
    assert [a.id for a in report.attendees] == ["ann", "bo", "zoe@example.org", "王小明"]
    zoe = report.attendees[2]
    # A TOML list keeps each item whole: "sales, marketing" is one tag.
    assert zoe.interests == tuple(
        parse_tags(x)[0] for x in ("#hrtech", "hockey", "sales marketing")
    )
    assert zoe.consent.fields == frozenset({"email", "linkedin"})
    assert report.attendees[3].want == ("ann@example.org",)


def test_read_attendees_accepts_a_toml_file() -> None:
    report = read_attendees(EXPORTS / "mixer.toml")
    assert len(report.attendees) == 4


def test_toml_without_event_table_has_no_settings(tmp_path: Path) -> None:
    path = write(tmp_path, '[[attendee]]\nname = "Ann"\n', "people.toml")
    settings, report = read_event_toml(path)
    assert settings is None
    assert [a.name for a in report.attendees] == ["Ann"]


def test_toml_csv_problems_name_the_csv(tmp_path: Path) -> None:
    write(tmp_path, "name,email\nAnn,ann@\n", "people.csv")
    path = write(tmp_path, '[event]\nname = "X"\nattendees = "people.csv"\n', "x.toml")
    _, report = read_event_toml(path)
    assert str(report.problems[0]).startswith(f"{tmp_path / 'people.csv'}, line 2, field email")


# --- text hygiene -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Bob \x1b[31mRed\x1b[0m", "Bob Red"),
        ("\x1b]0;new title\x07Ann", "Ann"),
        ("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("A\x1bcB", "AB"),
        ("Eve\x08\x08\x08X", "EveX"),
        ("x\x9b2Jy", "xy"),
        ("tab\there", "tab here"),
        ("  Zoë  ", "Zoë"),
        ("Zoe\u0308", "Zoë"),  # NFC
        ("\ufeffname", "name"),
        ("line\nbreak", "line break"),
        ("王小明", "王小明"),
        ("Ζωή Παππά", "Ζωή Παππά"),
        ("👩🏽‍💻 Ada", "👩🏽‍💻 Ada"),  # ZWJ sequences are not control characters
        ("Bob [/] [@click=app.quit]x", "Bob [/] [@click=app.quit]x"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_text_keeps_newlines_in_tag_cells_when_asked() -> None:
    assert clean_text("a\r\nb\x1b[1m\nc", keep_newlines=True) == "a\nb\nc"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Zoë Martin", "zoe-martin"),
        ("Łukasz Żółć", "lukasz-zolc"),
        ("Jürgen Straße", "jurgen-strasse"),
        ("Siobhán O'Brien", "siobhan-o-brien"),
        ("Ζωή Παππά", "ζωή-παππά"),
        ("Иван Петров", "иван-петров"),
        ("Йоко", "йоко"),
        ("王小明", "王小明"),
        ("ガガ", "ガガ"),
        ("🎉", "attendee"),
        ("  --  ", "attendee"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


# --- the report -----------------------------------------------------------------------------


def test_summary_lines_show_format_mapping_counts_and_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "name,email,Shoe size\nAnn,ann@example.org,38\nBo,bo@,40\n")
    lines = read_attendees(path).summary_lines()
    assert lines[0] == f"{path}: eventrunner CSV (UTF-8, comma-separated)"
    assert "  name  -> name" in lines
    assert "Columns not imported (1): Shoe size  (use --map FIELD=COLUMN to import one)" in lines
    assert "1 attendee imported, 1 row kept out, 0 warnings" in lines
    assert any(line.strip().startswith(f"{path}, line 3, field email") for line in lines)


def test_row_problem_is_one_line_even_with_a_multiline_message() -> None:
    problem = RowProblem("a.csv", 7, "email", "bad\nvalue; fix it")
    assert str(problem) == "a.csv, line 7, field email: bad value; fix it"
    assert str(RowProblem("a.toml", None, None, "oops")) == "a.toml: oops"
