"""Consent and payloads: what an attendee shares, who may receive it, the text that carries it.

Consent is per attendee (`Attendee.consent`, whose default is the event default: name,
company, title and public profiles, never a private email or phone). The release policy
decides who receives it (see `may_receive`). Payloads are vCard 3.0 (RFC 2426, escaped as
RFC 6350 says) or MECARD text for QR codes and .vcf files, built only from shared fields.

Pure functions of model records: no event file, no drawing (that is `qr`), no who-met-whom
bookkeeping (that is `followup`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence

import attrs

from eventrunner.model import SHAREABLE_FIELDS, Attendee, EventSettings, FollowUpWish, ReleasePolicy
from eventrunner.textsafe import clean_text

#: A badge code must stay readable at about 28 mm: 150 bytes fit QR version 8 at level M
#: (49 modules, 57 with the quiet zone: about 0.5 mm a module).
BADGE_BUDGET = 150

#: What goes first when a payload is over budget: the least useful for getting back in touch.
DROP_ORDER: tuple[str, ...] = (
    "note", "twitter", "website", "title", "company", "phone", "linkedin", "email",
)  # fmt: skip

#: The ways to reach someone; a badge falls back to MECARD only to keep one of these.
REACH_FIELDS: frozenset[str] = frozenset({"email", "phone", "linkedin"})

#: Longest value kept per field (characters); longer ones are cut with a warning.
MAX_CHARS: Mapping[str, int] = {
    "name": 100, "company": 100, "title": 100, "email": 254, "phone": 40,
    "linkedin": 200, "twitter": 100, "website": 300, "note": 500,
}  # fmt: skip

_MULTILINE = frozenset({"name", "company", "title", "note"})
_LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_PROFILE_HOSTS = {
    "linkedin": ("linkedin.com/",),
    "twitter": ("twitter.com/", "x.com/"),
    "website": (),
}
_PROFILE_PREFIX = {
    "linkedin": "https://www.linkedin.com/in/",
    "twitter": "https://x.com/",
    "website": "https://",
}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):(?!\d)")
# Characters a URL must not carry raw: they would need vCard/MECARD escaping or break a line.
_URL_UNSAFE = re.compile(r"[\x00-\x20\"<>\\^`{|},;\x7f]")


@attrs.frozen
class Payload:
    """The text of one contact code or card, and what had to give to produce it."""

    text: str
    """The vCard or MECARD text, exactly as encoded."""
    kind: str
    """`vcard` or `mecard`."""
    dropped: tuple[str, ...] = ()
    """Shared fields left out to fit the size budget, in the order they were dropped."""
    cut: tuple[str, ...] = ()
    """Fields whose value was shortened (too long, or the name to fit the budget)."""
    warnings: tuple[str, ...] = ()
    """One line each, for the organizer."""

    @property
    def size(self) -> int:
        """Bytes of UTF-8 text, what a QR code has to hold."""
        return len(self.text.encode("utf-8"))

    def describe(self) -> str:
        """`vCard, 138 bytes, left out: twitter, website` for the organizer."""
        words = [f"{'vCard' if self.kind == 'vcard' else 'MECARD'}, {self.size} bytes"]
        if self.dropped:
            words.append("left out: " + ", ".join(self.dropped))
        return "; ".join(words)


def shared_fields(attendee: Attendee) -> dict[str, str]:
    """The name, then every consented contact field that is not blank (raw values)."""
    fields = {"name": attendee.name.strip()}
    for field in SHAREABLE_FIELDS:
        value = attendee.shared_value(field).strip()
        if field in attendee.consent.fields and value:
            fields[field] = value
    return fields


def may_receive(
    receiver: str,
    giver: str,
    *,
    settings: EventSettings,
    wishes: Collection[FollowUpWish],
    met: Collection[frozenset[str]],
) -> bool:
    """Whether `receiver` may get `giver`'s shared fields (what `shared_fields` returns).

    `mutual`: only when each wished to keep in touch with the other.
    `consent`: when they met in a played round (the giver agreed to share with the people
    they meet; no wish from the receiver is needed), or on a mutual wish, since a giver who
    asked for the receiver agreed as well. Never with oneself.
    """
    if receiver == giver:
        return False
    # Wishes are hashable records: a set makes these look-ups O(1).
    mutual = FollowUpWish(receiver, giver) in wishes and FollowUpWish(giver, receiver) in wishes
    if settings.release is ReleasePolicy.MUTUAL:
        return mutual
    return mutual or frozenset((receiver, giver)) in met


def profile_url(field: str, value: str) -> str | None:
    """The https URL of a linkedin/twitter handle or a website; None when it is no web link."""
    value = clean_text(value).strip()
    found = _SCHEME.match(value)
    if found:
        # Only web links: a `javascript:` or `file:` URL in a contact card is an attack.
        return _safe_url(value) if found.group(1).lower() in ("http", "https") else None
    if value.lower().removeprefix("www.").startswith(_PROFILE_HOSTS[field]):
        return _safe_url("https://" + value)
    handle = value.lstrip("@").strip("/")
    handle = handle.removeprefix("in/") if field == "linkedin" else handle
    return _safe_url(_PROFILE_PREFIX[field] + handle) if handle else None


def _safe_url(url: str) -> str:
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


@attrs.frozen
class Card:
    """Shared fields as a card shows them: cleaned, capped, profiles as web addresses."""

    fields: Mapping[str, str]
    """Field name -> value, the name first, in SHAREABLE_FIELDS order, then `note`."""
    cut: tuple[str, ...] = ()
    """Fields shortened to MAX_CHARS."""
    warnings: tuple[str, ...] = ()
    """One line each, for the organizer."""


def card(attendee: Attendee, *, note: str = "", multiline: bool = True) -> Card:
    """What the attendee shares, ready for a card (multiline) or a line of text (not)."""
    warnings: list[str] = []
    cut: list[str] = []
    fields: dict[str, str] = {}
    raw = shared_fields(attendee)
    if note.strip():
        raw["note"] = note.strip()
    for field, value in raw.items():
        if field in ("linkedin", "twitter", "website"):
            url = profile_url(field, value)
            if url is None:
                warnings.append(
                    f"attendee {attendee.id!r}: {field} {clean_text(value)[:60]!r} is not a web "
                    "address; it is left out of the contact card (fix it in the attendee list)"
                )
                continue
            value = url
        value = clean_text(value, keep_newlines=multiline and field in _MULTILINE).strip()
        limit = MAX_CHARS[field]
        if len(value) > limit:
            warnings.append(
                f"attendee {attendee.id!r}: {field} is {len(value)} characters long; the "
                f"contact card keeps the first {limit} (shorten it in the attendee list)"
            )
            cut.append(field)
            value = value[:limit].rstrip()
        if value or field == "name":
            fields[field] = value
    if not fields["name"]:
        warnings.append(f"attendee {attendee.id!r} has no printable name; the card says '?'")
        fields["name"] = "?"
    return Card(fields, tuple(cut), tuple(warnings))


def escape_vcard(value: str) -> str:
    """A vCard text value (RFC 6350 3.4): `\\` `,` `;` and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def escape_mecard(value: str) -> str:
    """A MECARD value: `\\` `;` `,` `:` escaped, line breaks as spaces (MECARD has none)."""
    value = _LINE_BREAK.sub(" ", value)
    return re.sub(r"([\\;,:])", r"\\\1", value)


def fold(line: str, width: int = 75) -> str:
    """Fold a content line at `width` octets, between UTF-8 characters, never inside `\\x`."""
    units = re.findall(r"\\.|.", line, flags=re.DOTALL)
    out: list[str] = []
    used = 0
    for unit in units:
        size = len(unit.encode("utf-8"))
        if used + size > width:
            out.append("\r\n ")
            used = 1  # the space that starts a continuation line counts
        out.append(unit)
        used += size
    return "".join(out)


def split_name(name: str) -> tuple[str, str]:
    """(family, given): the last word is the family name, the first one in CJK names."""
    if _CJK.search(name):
        family, _, given = name.strip().partition(" ")
    else:
        given, _, family = name.strip().rpartition(" ")
    return family.strip(), given.strip()


def _render_vcard(fields: Mapping[str, str]) -> str:
    family, given = split_name(fields["name"])
    lines = ["BEGIN:VCARD", "VERSION:3.0"]
    # N may stop after the given name (RFC 2426 `n-value`); every byte counts on a badge.
    lines.append("N:" + escape_vcard(family) + (";" + escape_vcard(given) if given else ""))
    lines.append("FN:" + escape_vcard(fields["name"]))
    properties = (("company", "ORG"), ("title", "TITLE"), ("email", "EMAIL"), ("phone", "TEL"))
    lines += [f"{prop}:{escape_vcard(fields[f])}" for f, prop in properties if f in fields]
    # Profile URLs carry no character that needs escaping (see _safe_url).
    lines += [f"URL:{fields[f]}" for f in ("linkedin", "website", "twitter") if f in fields]
    if "note" in fields:
        lines.append("NOTE:" + escape_vcard(fields["note"]))
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def _render_mecard(fields: Mapping[str, str]) -> str:
    family, given = split_name(fields["name"])
    # Readers split N on its comma (family,given): a name holding a comma stays whole.
    whole = not given or "," in fields["name"]
    name = fields["name"] if whole else f"{escape_mecard(family)},{escape_mecard(given)}"
    parts = ["N:" + (escape_mecard(name) if whole else name)]
    properties = (("company", "ORG"), ("email", "EMAIL"), ("phone", "TEL"))
    parts += [f"{prop}:{escape_mecard(fields[f])}" for f, prop in properties if f in fields]
    parts += [f"URL:{fields[f]}" for f in ("linkedin", "website", "twitter") if f in fields]
    # MECARD has no title: it goes into the note.
    note = " · ".join(fields[f] for f in ("title", "note") if f in fields)
    if note:
        parts.append("NOTE:" + escape_mecard(note))
    return "MECARD:" + "".join(p + ";" for p in parts) + ";"


def _fit(
    attendee: Attendee,
    kind: str,
    render: Callable[[Mapping[str, str]], str],
    budget: int | None,
    note: str = "",
) -> Payload:
    prepared = card(attendee, note=note)
    fields, cut, warnings = dict(prepared.fields), list(prepared.cut), list(prepared.warnings)

    def size(values: Mapping[str, str]) -> int:
        return len(render(values).encode("utf-8"))

    dropped: list[str] = []
    if budget is not None:
        for field in DROP_ORDER:
            if size(fields) <= budget:
                break
            if field in fields:
                del fields[field]
                dropped.append(field)
        if size(fields) > budget:
            name = fields["name"]
            low, high = 1, len(name)  # the longest prefix that fits, at least one character
            while low < high:
                mid = (low + high + 1) // 2
                low, high = (mid, high) if size({"name": name[:mid]}) <= budget else (low, mid - 1)
            fields["name"] = name[:low].rstrip() or name[:1]
            cut = [*dict.fromkeys([*cut, "name"])]
            warnings.append(
                f"attendee {attendee.id!r}: the name is too long for a {budget}-byte code; "
                f"it shows as {fields['name']!r} (shorten it in the attendee list)"
            )
        if size(fields) > budget:
            warnings.append(
                f"attendee {attendee.id!r}: the contact code is {size(fields)} bytes, over the "
                f"{budget}-byte budget; it may not scan at badge size"
            )
    return Payload(render(fields), kind, tuple(dropped), tuple(cut), tuple(warnings))


def vcard(attendee: Attendee, *, note: str = "", budget: int | None = None) -> Payload:
    """A vCard 3.0 of what the attendee shares; over `budget` bytes, fields go in DROP_ORDER."""
    return _fit(attendee, "vcard", _render_vcard, budget, note)


ESSENTIALS: tuple[str, ...] = ("name", "email", "phone", "company", "title")
"""What the first of two codes carries when one vCard is too long to print large enough."""


def vcard_parts(attendee: Attendee, *, note: str = "", budget: int) -> list[Payload]:
    """The attendee's vCard as one payload, or, over `budget` bytes, two: the essentials
    (name, email, phone, company, title) and a second card with the name and the rest
    (profiles, the note). Each part is a complete vCard that a phone can add on its own."""
    whole = vcard(attendee, note=note)
    if whole.size <= budget:
        return [whole]
    prepared = card(attendee, note=note)
    first = {k: v for k, v in prepared.fields.items() if k in ESSENTIALS}
    second = {k: v for k, v in prepared.fields.items() if k == "name" or k not in ESSENTIALS}
    parts = [first] if len(second) == 1 else [first, second]
    return [
        Payload(_render_vcard(fields), "vcard", (), prepared.cut, prepared.warnings if i else ())
        for i, fields in enumerate(parts)
    ]


def mecard(attendee: Attendee, *, budget: int | None = None) -> Payload:
    """A MECARD (the compact format QR readers know) of what the attendee shares."""
    return _fit(attendee, "mecard", _render_mecard, budget)


def badge_payload(attendee: Attendee, budget: int = BADGE_BUDGET) -> Payload:
    """The code for a badge: a vCard within budget, dropping fields in DROP_ORDER, unless a
    MECARD within the same budget keeps a way to reach the person (REACH_FIELDS) or more of
    the name that the vCard would lose."""
    candidates = (vcard(attendee, budget=budget), mecard(attendee, budget=budget))

    def rank(p: Payload) -> tuple[bool, bool, int, bool, int]:
        lost_reach = sum(1 for f in p.dropped if f in REACH_FIELDS)
        # With the name cut in both, MECARD keeps more of it: it writes the name once, not twice.
        preferred = "mecard" if "name" in p.cut else "vcard"
        return (p.size > budget, "name" in p.cut, lost_reach, p.kind != preferred, len(p.dropped))

    return min(candidates, key=rank)


def vcf_text(cards: Sequence[Payload]) -> str:
    """The contents of a .vcf file holding these vCards (CRLF line endings, UTF-8)."""
    if any(c.kind != "vcard" for c in cards):
        raise ValueError("a .vcf file holds vCards only; build the cards with vcard()")
    return "".join(c.text for c in cards)
