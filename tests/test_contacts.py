"""Consent and the vCard/MECARD payloads: only shared fields, escaped, within the badge budget."""

from __future__ import annotations

import re

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from eventrunner.contacts import (
    BADGE_BUDGET,
    DROP_ORDER,
    MAX_CHARS,
    badge_payload,
    fold,
    mecard,
    profile_url,
    shared_fields,
    split_name,
    vcard,
    vcf_text,
)
from eventrunner.contacts.qr import matrix, version_of
from eventrunner.model import SHAREABLE_FIELDS, Attendee, Consent
from eventrunner.textsafe import clean_text

ALL = Consent.from_text("all")

NAMES = [
    "Zoë Ångström-Nuñez",
    "François O'Brien",
    "Αλέξανδρος Παπαδόπουλος",
    "Дмитрий Иванов",
    "山田 太郎",
    "王小明",
    "김민준",
    "Sam 🎉 Lee",
    "👩‍💻 Dev Person",
    "Martin; Claire, Jr.",
    "Back\\slash Name",
    "Line\nBreak Name",
    'Quote "Q" Smith',
]


def full(name: str = "Claire Martin", **changes: str) -> Attendee:
    values = {
        "email": "claire@acme.io",
        "phone": "+33 6 12 34 56 78",
        "company": "Acme Analytics",
        "title": "Data Engineer",
        "linkedin": "clairemartin",
        "twitter": "@clairem",
        "website": "clairemartin.dev",
    }
    values.update(changes)
    return Attendee(id="claire", name=name, consent=ALL, **values)


def unfolded_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare LF anywhere
    assert "\r" not in text.replace("\r\n", "")  # no bare CR anywhere
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def mecard_fields(text: str) -> list[tuple[str, str]]:
    """Split a MECARD the way readers do: on unescaped `;`, key before the first `:`."""
    assert text.startswith("MECARD:") and text.endswith(";;")
    parts = re.findall(r"((?:\\.|[^\\;])*);", text[len("MECARD:") : -1])
    return [(p.split(":", 1)[0], re.sub(r"\\(.)", r"\1", p.split(":", 1)[1])) for p in parts]


# --- consent --------------------------------------------------------------------------


def test_default_consent_shares_public_fields_only() -> None:
    person = Attendee(
        id="x", name="Ann", email="ann@x.org", phone="123", company="Co", linkedin="ann"
    )
    assert shared_fields(person) == {"name": "Ann", "company": "Co", "linkedin": "ann"}


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        ("all", {"name", "email", "phone", "company", "linkedin"}),
        ("none", {"name"}),
        ("email;linkedin", {"name", "email", "linkedin"}),
        ("phone", {"name", "phone"}),
        ("website", {"name"}),  # shared but blank: nothing to show
    ],
)
def test_stated_consent_is_what_is_shared(share: str, expected: set[str]) -> None:
    person = Attendee(
        id="x",
        name="Ann",
        email="ann@x.org",
        phone="123",
        company="Co",
        linkedin="ann",
        consent=Consent.from_text(share),
    )
    assert set(shared_fields(person)) == expected


tokens = st.sampled_from(SHAREABLE_FIELDS)


@settings(max_examples=60, deadline=None)
@given(shared=st.frozensets(tokens), budget=st.sampled_from([None, 150, 90]))
def test_no_payload_carries_an_unshared_field(shared: frozenset[str], budget: int | None) -> None:
    values = {f: f"{f}zq7" for f in SHAREABLE_FIELDS}
    values["email"] = "emailzq7@example.org"
    person = Attendee(id="p", name="Pat Doe", consent=Consent(shared, stated=True), **values)
    payloads = [vcard(person, budget=budget), mecard(person, budget=budget)]
    payloads.append(badge_payload(person, budget or BADGE_BUDGET))
    for payload in payloads:
        for field, value in values.items():
            if field not in shared:
                assert value not in payload.text, (field, payload.text)
    unbounded = vcard(person).text
    for field in shared:
        assert values[field] in unbounded


# --- vCard structure and escaping --------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_vobject_reads_back_every_field(name: str) -> None:
    person = full(name, company="Acme; Labs, Inc. \\ R&D", title='The "Chief"\nof data')
    note = "You share: hockey, marketing; data\\ai"
    card = vcard(person, note=note)
    parsed = vobject.readOne(card.text)
    assert parsed.fn.value == name
    assert parsed.org.value == ["Acme; Labs, Inc. \\ R&D"]
    assert parsed.title.value == 'The "Chief"\nof data'
    assert parsed.email.value == "claire@acme.io"
    assert parsed.tel.value == "+33 6 12 34 56 78"
    assert parsed.note.value == note
    assert [u.value for u in parsed.contents["url"]] == [
        "https://www.linkedin.com/in/clairemartin",
        "https://clairemartin.dev",
        "https://x.com/clairem",
    ]
    family, given_name = split_name(name)
    assert (parsed.n.value.family, parsed.n.value.given) == (family, given_name)


def test_name_parts() -> None:
    assert split_name("Claire Martin") == ("Martin", "Claire")
    assert split_name("Jean Paul Sartre") == ("Sartre", "Jean Paul")
    assert split_name("山田 太郎") == ("山田", "太郎")
    assert split_name("Madonna") == ("Madonna", "")


@pytest.mark.parametrize(
    ("field", "evil"),
    [
        ("name", "Eve\nEMAIL:evil@x"),
        ("name", "Eve\r\nEMAIL:evil@x"),
        ("name", "Eve\rEND:VCARD\r\nBEGIN:VCARD\r\nFN:Mallory"),
        ("company", "Co\nEND:VCARD"),
        ("title", "Boss\u2028TEL:666\x85EMAIL:a@b"),
        ("email", "a@b.c\r\nTEL:+1 666"),
        ("phone", "123\nURL:http://evil"),
        ("website", "ok.org\r\nEMAIL:evil@x"),
        ("linkedin", "me\nEMAIL:evil@x"),
        ("twitter", "me;EMAIL=evil,x:y\\"),
    ],
)
def test_a_value_cannot_add_or_change_a_field(field: str, evil: str) -> None:
    person = Attendee(**{"id": "e", "name": "Eve Doe", "consent": ALL, field: evil})
    text = vcard(person).text
    lines = unfolded_lines(text)
    props = [line.split(":", 1)[0] for line in lines]
    expected = {"name": "FN", "company": "ORG", "title": "TITLE", "email": "EMAIL", "phone": "TEL"}
    wanted = ["BEGIN", "VERSION", "N", "FN", expected.get(field, "URL"), "END"]
    assert props == list(dict.fromkeys(wanted))
    cards = list(vobject.readComponents(text))
    assert len(cards) == 1
    assert "email" not in cards[0].contents or field == "email"
    fields = dict(mecard_fields(mecard(person).text))
    assert set(fields) <= {"N", "ORG", "EMAIL", "TEL", "URL", "NOTE"}
    assert len(mecard_fields(mecard(person).text)) == (1 if field == "name" else 2)


def test_five_kilobyte_name_is_cut_with_a_warning() -> None:
    person = Attendee(id="big", name="Ω" * 5000, email="b@x.org", consent=ALL)
    card = vcard(person)
    assert vobject.readOne(card.text).fn.value == "Ω" * MAX_CHARS["name"]
    assert card.cut == ("name",)
    assert any("5000 characters" in w for w in card.warnings)
    badge = badge_payload(person)
    assert badge.size <= BADGE_BUDGET
    assert "name" in badge.cut
    assert any("too long" in w for w in badge.warnings)


def test_lines_fold_at_75_octets_on_character_boundaries() -> None:
    text = vcard(full("名" * 90 + " é" * 40)).text
    for line in text.encode("utf-8").split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # would raise if a character were split
    assert fold("a" * 80) == "a" * 75 + "\r\n " + "a" * 5
    assert fold("a" * 74 + "\\n") == "a" * 74 + "\r\n \\n"  # an escape stays whole


def test_escape_sequences_and_controls_are_removed() -> None:
    person = full("\x1b[31mRed\x1b[0m \x1b]0;title\x07Name\x00\x7f\x9b2J")
    assert vobject.readOne(vcard(person).text).fn.value == "Red Name"
    assert clean_text("a\tb\r\nc\ud800") == "a b c\ufffd"
    assert clean_text("a\r\nb\rc", keep_newlines=True) == "a\nb\nc"


@pytest.mark.parametrize(
    ("field", "value", "url"),
    [
        ("linkedin", "clairemartin", "https://www.linkedin.com/in/clairemartin"),
        ("linkedin", "@clairemartin", "https://www.linkedin.com/in/clairemartin"),
        ("linkedin", "in/claire-m/", "https://www.linkedin.com/in/claire-m"),
        ("linkedin", "linkedin.com/in/cm", "https://linkedin.com/in/cm"),
        ("linkedin", "https://www.linkedin.com/in/cm", "https://www.linkedin.com/in/cm"),
        ("twitter", "@clairem", "https://x.com/clairem"),
        ("twitter", "twitter.com/clairem", "https://twitter.com/clairem"),
        ("website", "claire.dev", "https://claire.dev"),
        ("website", "http://claire.dev/a b;c,d", "http://claire.dev/a%20b%3Bc%2Cd"),
        ("website", "example.org:8080/x", "https://example.org:8080/x"),
        ("website", "javascript:alert(1)", None),
        ("website", "file:///etc/passwd", None),
        ("twitter", "@", None),
    ],
)
def test_profile_urls(field: str, value: str, url: str | None) -> None:
    assert profile_url(field, value) == url


def test_a_link_that_is_no_web_address_is_left_out_with_a_warning() -> None:
    card = vcard(full(website="javascript:alert(1)"))
    assert "javascript" not in card.text
    assert any("not a web address" in w for w in card.warnings)


def test_vcf_text_holds_every_card_and_refuses_mecards() -> None:
    cards = [vcard(full(name)) for name in NAMES]
    parsed = list(vobject.readComponents(vcf_text(cards)))
    assert [c.fn.value for c in parsed] == NAMES
    with pytest.raises(ValueError, match="vCards only"):
        vcf_text([mecard(full())])


# --- the badge budget ------------------------------------------------------------------


REALISTIC = [
    Attendee(id="a", name="Claire Martin", company="Acme Analytics", title="Data Engineer",
             linkedin="clairemartin", twitter="@clairem", website="clairemartin.dev"),
    Attendee(id="b", name="Αλέξανδρος Παπαδόπουλος", company="Hellas Ventures",
             email="alex@hellas.vc", linkedin="alexpapa", consent=Consent.from_text("all")),
    Attendee(id="c", name="山田 太郎", company="株式会社ヤマダ", title="CTO",
             email="taro@yamada.jp", phone="+81 90 1234 5678", consent=ALL),
]  # fmt: skip


@pytest.mark.parametrize("person", REALISTIC, ids=lambda p: p.id)
def test_a_realistic_badge_fits_and_keeps_a_way_to_reach(person: Attendee) -> None:
    badge = badge_payload(person)
    assert badge.size <= BADGE_BUDGET
    assert version_of(matrix(badge.text)) <= 8  # 152 bytes at level M
    assert not badge.cut
    kept = shared_fields(person).keys() - set(badge.dropped)
    assert kept & {"email", "linkedin", "phone"}
    # Fields go in the stated order: what was dropped is a prefix of DROP_ORDER.
    present = [f for f in DROP_ORDER if f in shared_fields(person)]
    if badge.kind == "vcard":
        assert list(badge.dropped) == present[: len(badge.dropped)]


def test_badge_prefers_vcard_and_says_what_it_left_out() -> None:
    badge = badge_payload(REALISTIC[0])
    assert badge.kind == "vcard"
    assert badge.dropped == ("twitter", "website", "title")
    assert badge.describe() == f"vCard, {badge.size} bytes; left out: twitter, website, title"
    assert vcard(REALISTIC[0]).dropped == ()  # no budget: nothing dropped


def test_badge_falls_back_to_mecard_to_keep_a_way_to_reach() -> None:
    person = full("Maximilian Alexander Featherstonehaugh-Worthington",
                  email="maximilian.featherstonehaugh@example-company.org")  # fmt: skip
    as_vcard = vcard(person, budget=BADGE_BUDGET)
    assert "email" in as_vcard.dropped
    badge = badge_payload(person)
    assert badge.kind == "mecard"
    assert "email" not in badge.dropped
    assert badge.size <= BADGE_BUDGET


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(min_size=1, max_size=300),
    email=st.text(max_size=80),
    company=st.text(max_size=80),
    budget=st.integers(min_value=60, max_value=400),
)
def test_any_badge_fits_its_budget(name: str, email: str, company: str, budget: int) -> None:
    person = Attendee(id="h", name=name, email=email, company=company, consent=ALL)
    badge = badge_payload(person, budget)
    assert badge.size <= budget
    if badge.kind == "vcard":
        assert len(list(vobject.readComponents(badge.text))) == 1
