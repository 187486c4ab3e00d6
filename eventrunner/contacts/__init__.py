"""Contacts: what an attendee shares, who may receive it, and everything that carries it.

This is the face of the package. Consent and the payloads themselves (vCard 3.0, MECARD) are
in `vcard` and re-exported here; the other modules are imported by name:
`qr` (QR matrices drawn as SVG, PNG or terminal blocks), `followup` (who met whom, matches,
introductions, what each attendee may keep), `exporting` (attendee CSV, .vcf folders,
mail-merge rows) and `csvsafe` (formula-safe, atomic CSV writing).

Pure functions of model records and files the caller names: no event file is opened here.
"""

from __future__ import annotations

from eventrunner.contacts.vcard import (
    BADGE_BUDGET,
    DROP_ORDER,
    MAX_CHARS,
    REACH_FIELDS,
    Card,
    Payload,
    badge_payload,
    card,
    escape_mecard,
    escape_vcard,
    fold,
    may_receive,
    mecard,
    profile_url,
    shared_fields,
    split_name,
    vcard,
    vcf_text,
)

__all__ = [
    "BADGE_BUDGET",
    "DROP_ORDER",
    "MAX_CHARS",
    "REACH_FIELDS",
    "Card",
    "Payload",
    "badge_payload",
    "card",
    "escape_mecard",
    "escape_vcard",
    "fold",
    "may_receive",
    "mecard",
    "profile_url",
    "shared_fields",
    "split_name",
    "vcard",
    "vcf_text",
]
