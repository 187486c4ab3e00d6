"""Follow-ups: matches, meetings, released contacts, introductions, and what the texts reveal."""

from __future__ import annotations

import csv
from pathlib import Path

import attrs
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from eventrunner.contacts import may_receive, vcf_text
from eventrunner.contacts.csvsafe import write_rows
from eventrunner.contacts.followup import (
    MAIL_MERGE_HEADER,
    FollowUp,
    Introduction,
    Meeting,
    contact_cards,
    contacts_text,
    followups,
    mail_merge_rows,
    matches,
    met_pairs,
    summary_text,
)
from eventrunner.model import (
    SHAREABLE_FIELDS,
    Attendee,
    Consent,
    Event,
    EventSettings,
    FollowUpWish,
    Presence,
    ReleasePolicy,
    Round,
    Table,
)

HERE = Presence.PRESENT


def person(ident: str, name: str, interests: tuple[str, ...], share: str, **more: str) -> Attendee:
    return Attendee(
        id=ident,
        name=name,
        interests=interests,
        consent=Consent.from_text(share),
        presence=HERE,
        **more,  # type: ignore[arg-type]
    )


ANN = person("ann@x.org", "Ann Lee", ("hockey", "data"), "all", email="ann@x.org", phone="555-0101")
BOB = person("bob", "Bob Roy", ("hockey", "design"), "", email="bob@private.org", company="BobCo")
CAT = person("cat", "Cat Poe", ("data", "design"), "none", email="cat@private.org", company="Cats")
DAN = person("dan", "Dan Oh", ("hockey", "data"), "email", email="dan@x.org", phone="555-0104")
EVE = attrs.evolve(
    person("eve", "Eve Ng", ("hockey", "data", "design"), "all", email="eve@x.org"),
    avoid=("ann@x.org",),
)
FAY = person("fay", "Fay Wu", ("data",), "all", email="fay@x.org")
PLAYED = (
    Round(1, (Table(1, ("ann@x.org", "bob")), Table(2, ("cat", "dan")), Table(3, ("eve", "fay")))),
    Round(2, (Table(1, ("ann@x.org", "cat")), Table(2, ("bob", "eve")), Table(3, ("dan", "fay")))),
)
WISHES = [
    FollowUpWish("ann@x.org", "bob"),
    FollowUpWish("bob", "ann@x.org"),
    FollowUpWish("ann@x.org", "cat"),
    FollowUpWish("dan", "ann@x.org"),
    FollowUpWish("eve", "fay"),
    FollowUpWish("eve", "eve"),  # a wish with oneself means nothing
    FollowUpWish("ghost", "ann@x.org"),  # not an attendee: ignored
]


def event(release: ReleasePolicy = ReleasePolicy.CONSENT) -> Event:
    return Event(
        EventSettings(name="Hockey & Data Night", release=release),
        (ANN, BOB, CAT, DAN, EVE, FAY),
    )


def test_matches_are_the_mutual_pairs() -> None:
    assert matches(WISHES) == [("ann@x.org", "bob")]
    assert matches([FollowUpWish("b", "a"), FollowUpWish("a", "b"), FollowUpWish("a", "b")]) == [
        ("a", "b")
    ]


def test_met_pairs() -> None:
    assert met_pairs(PLAYED[:1]) == {
        frozenset(("ann@x.org", "bob")),
        frozenset(("cat", "dan")),
        frozenset(("eve", "fay")),
    }


def test_followup_of_one_attendee() -> None:
    ann = followups(event(), PLAYED, WISHES)["ann@x.org"]
    assert ann.met == (
        Meeting(1, 1, ("bob",), ("hockey",)),
        Meeting(2, 1, ("cat",), ("data",)),
    )
    assert ann.matches == ("bob",)
    assert ann.wished == ("cat",)
    assert ann.wished_by == ("dan",)
    # Cat shares nothing but a name: there is no contact to receive.
    assert ann.contacts == ("bob",)


def test_consent_releases_to_partners_and_mutual_only_to_matches() -> None:
    consent = followups(event(), PLAYED, WISHES)
    mutual = followups(event(ReleasePolicy.MUTUAL), PLAYED, WISHES)
    assert consent["bob"].contacts == ("ann@x.org", "eve")
    assert mutual["bob"].contacts == ("ann@x.org",)
    assert consent["cat"].contacts == ("dan", "ann@x.org")
    assert mutual["cat"].contacts == ()
    # Eve wished Fay, who did not wish back: Fay's details reach Eve only because they met.
    assert consent["eve"].contacts == ("fay", "bob")
    assert mutual["eve"].contacts == ()


def test_may_receive_rules() -> None:
    met = {frozenset(("a", "b"))}
    consent = EventSettings(name="e")
    mutual = EventSettings(name="e", release=ReleasePolicy.MUTUAL)
    one_way = [FollowUpWish("a", "b")]
    both = [*one_way, FollowUpWish("b", "a")]
    assert may_receive("a", "b", settings=consent, wishes=[], met=met)
    assert not may_receive("a", "c", settings=consent, wishes=[], met=met)
    unmet_but_mutual = [FollowUpWish("a", "c"), FollowUpWish("c", "a")]
    assert may_receive("a", "c", settings=consent, wishes=unmet_but_mutual, met=met)
    assert not may_receive("a", "c", settings=consent, wishes=unmet_but_mutual[:1], met=met)
    assert not may_receive("a", "b", settings=mutual, wishes=one_way, met=met)
    assert may_receive("a", "b", settings=mutual, wishes=both, met=met)
    assert not may_receive("a", "a", settings=consent, wishes=[], met={frozenset("a")})


def test_introductions_suggest_who_shares_most_and_who_knows_both() -> None:
    ann = followups(event(), PLAYED, WISHES)["ann@x.org"]
    # Eve shares as much as Dan but asked never to be paired with Ann.
    assert ann.introductions == (
        Introduction("dan", ("hockey", "data"), via="cat"),
        Introduction("fay", ("data",), via=None),
    )
    for f in followups(event(), PLAYED, WISHES).values():
        met = {p for m in f.met for p in m.partners}
        assert len(f.introductions) <= 3
        assert not {i.attendee for i in f.introductions} & (met | {f.attendee})


def test_no_introductions_for_someone_who_did_not_come() -> None:
    absent = attrs.evolve(FAY, presence=Presence.REGISTERED)
    ev = attrs.evolve(event(), attendees=(ANN, BOB, absent))
    fus = followups(ev, [Round(1, (Table(1, ("ann@x.org", "bob")),))], [])
    assert fus["fay"].introductions == ()
    assert all(i.attendee != "fay" for i in fus["ann@x.org"].introductions)


def test_summary_text_names_people_and_keeps_one_way_wishes_private_when_mutual() -> None:
    consent = summary_text(followups(event(), PLAYED, WISHES)["ann@x.org"], event())
    assert consent.startswith("Ann Lee, your follow-up from Hockey & Data Night")
    assert "Round 1, table 1: Bob Roy (you share: hockey)" in consent
    assert "Matches, you both want to keep in touch: Bob Roy" in consent
    assert "They would like to keep in touch with you: Dan Oh" in consent
    assert "Bob Roy · BobCo" in consent
    assert "Dan Oh (you share: hockey, data); Cat Poe met you both" in consent
    ev = event(ReleasePolicy.MUTUAL)
    mutual = summary_text(followups(ev, PLAYED, WISHES)["ann@x.org"], ev)
    assert "Dan Oh" in mutual  # as an introduction
    assert "would like to keep in touch" not in mutual
    assert "bob@private.org" not in consent + mutual  # Bob shares no email


def test_contact_cards_are_vcards_noting_where_they_met() -> None:
    fus = followups(event(), PLAYED, WISHES)
    cards = contact_cards(fus["cat"], event())
    parsed = list(vobject.readComponents(vcf_text(cards)))
    assert [c.fn.value for c in parsed] == ["Dan Oh", "Ann Lee"]
    assert parsed[0].email.value == "dan@x.org"
    assert "tel" not in parsed[0].contents  # Dan shares his email only
    assert parsed[0].note.value == "Met at Hockey & Data Night, round 1. You share: data."


def test_mail_merge_rows_are_neutralized_when_written(tmp_path: Path) -> None:
    evil = [
        attrs.evolve(ANN, name='=HYPERLINK("http://x")', email="+1@x.org"),
        attrs.evolve(BOB, name="-2+3", email="@bob"),
        attrs.evolve(DAN, name="\tTab", email="\rcr@x.org"),
    ]
    ev = attrs.evolve(event(), attendees=tuple(evil))
    rows = mail_merge_rows(ev, followups(ev, PLAYED, WISHES))
    assert [len(r) for r in rows] == [len(MAIL_MERGE_HEADER)] * 3
    out = tmp_path / "merge.csv"
    write_rows(out, MAIL_MERGE_HEADER, rows)
    with out.open(encoding="utf-8-sig", newline="") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert cells[:4] == list(MAIL_MERGE_HEADER)
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert any(c == '\'=HYPERLINK("http://x")' for c in cells)


# --- privacy, over random events --------------------------------------------------------


def token(field: str, i: int) -> str:
    return f"{field}{i:02d}q@ex.org" if field == "email" else f"{field}{i:02d}q"


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Event, tuple[Round, ...], list[FollowUpWish]]:
    people = []
    for i in range(draw(st.integers(2, 9))):
        stated = draw(st.booleans())
        fields = draw(st.frozensets(st.sampled_from(SHAREABLE_FIELDS)))
        values = {f: token(f, i) for f in SHAREABLE_FIELDS}
        people.append(
            Attendee(
                id=values["email"] if draw(st.booleans()) else f"id{i:02d}q",
                name=f"Name{i:02d}",
                interests=tuple(
                    draw(st.lists(st.sampled_from(["ski", "jazz", "data"]))),
                ),
                consent=Consent(fields, stated=True) if stated else Consent(),
                presence=draw(st.sampled_from(Presence)),
                **values,
            )
        )
    ids = [p.id for p in people]
    rounds = []
    for number in range(1, draw(st.integers(0, 3)) + 1):
        order = draw(st.permutations(ids))
        size = draw(st.sampled_from([2, 3]))
        chunks = [order[j : j + size] for j in range(0, len(order), size)]
        tables = tuple(Table(k + 1, tuple(c)) for k, c in enumerate(chunks) if len(c) > 1)
        rounds.append(Round(number, tables, tuple(c[0] for c in chunks if len(c) == 1)))
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=25))
    release = draw(st.sampled_from(ReleasePolicy))
    ev = Event(EventSettings(name="Evt", release=release), tuple(people))
    return ev, tuple(rounds), [FollowUpWish(a, b) for a, b in pairs]


def texts_for(f: FollowUp, ev: Event, rows: dict[str, tuple[str, ...]]) -> str:
    parts = [summary_text(f, ev), contacts_text(f, ev), *(c.text for c in contact_cards(f, ev))]
    return "\n".join([*parts, *rows.get(f.attendee, ())[1:]])  # [0] is their own email


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_nothing_unshared_or_unreleased_reaches_anyone(
    scenario: tuple[Event, tuple[Round, ...], list[FollowUpWish]],
) -> None:
    ev, played, wishes = scenario
    fus = followups(ev, played, wishes)
    asked = {(w.who, w.partner) for w in wishes}
    met = met_pairs(played)
    rows = {r[1]: r for r in mail_merge_rows(ev, fus)}
    rows = {a.id: rows[a.name] for a in ev.attendees if a.name in rows}
    for me, f in fus.items():
        for other in f.contacts:
            mutual = (me, other) in asked and (other, me) in asked
            if ev.settings.release is ReleasePolicy.MUTUAL:
                assert mutual, (me, other)
            else:
                assert mutual or frozenset((me, other)) in met
        text = texts_for(f, ev, rows)
        for giver in ev.attendees:
            if giver.id == me:
                continue
            released = giver.consent.fields if giver.id in f.contacts else frozenset()
            for field in SHAREABLE_FIELDS:
                if field not in released:
                    assert giver.shared_value(field) not in text, (me, giver.id, field)
            if giver.id != giver.email or "email" not in released:
                assert giver.id not in text  # ids are never shown: one may be a private email


@pytest.mark.parametrize("release", list(ReleasePolicy))
def test_every_contact_released_carries_what_was_shared(release: ReleasePolicy) -> None:
    ev = event(release)
    for f in followups(ev, PLAYED, WISHES).values():
        text = contacts_text(f, ev)
        for other in f.contacts:
            giver = ev.by_id()[other]
            for field in giver.consent.fields:
                value = giver.shared_value(field)
                if value and field not in ("linkedin", "twitter", "website"):
                    assert value in text
