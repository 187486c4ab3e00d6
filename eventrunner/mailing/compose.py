"""One attendee's follow-up mail as a message: both bodies, the PDF page, the contacts.

The values the template sees come from `contacts.followup` (whom they met and what they
share, matches, introductions, the contacts the release policy lets them keep), so a mail
never says more than the printed pack. Attendee text is cleaned (no control characters, so
no header can be injected) and names go into headers through `email.headerregistry`, which
encodes any script. Nothing here sends.
"""

from __future__ import annotations

import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses
from typing import Any

import attrs

from eventrunner.contacts.followup import FollowUp, contact_cards
from eventrunner.contacts.vcard import vcf_text
from eventrunner.mailing.template import MailTemplate
from eventrunner.model import Attendee, Event, ReleasePolicy
from eventrunner.textsafe import clean_text

_SLUG = re.compile(r"[^\w]+")
_CHARSET = '<meta charset="utf-8">'


class AddressError(ValueError):
    """An address the organizer typed that mail cannot use."""


@attrs.frozen
class Sender:
    """Who the mail is from."""

    address: Address
    """The From address (display name and address)."""
    reply_to: Address | None = None
    """Where replies go, if not to From."""

    @classmethod
    def parse(cls, sender: str, reply_to: str = "") -> Sender:
        """From `Name <a@b>` or `a@b` text; AddressError names what is wrong."""
        return cls(_address(sender, "--from"), _address(reply_to, "--reply-to") or None)

    @property
    def name(self) -> str:
        """How the mail signs off: the display name, else the address."""
        return self.address.display_name or self.address.addr_spec


def _address(text: str, option: str) -> Address:
    text = clean_text(text).strip()
    if not text:
        if option == "--from":
            raise AddressError("--from is needed: the address the follow-ups come from")
        return None  # type: ignore[return-value]  # only reply_to may be empty
    found = getaddresses([text])
    if len(found) != 1 or "@" not in found[0][1] or any(c.isspace() for c in found[0][1]):
        raise AddressError(
            f"{option} {text!r} is not an email address (e.g. Ana <ana@example.org>)"
        )
    name, spec = found[0]
    user, _, domain = spec.rpartition("@")
    try:
        return Address(display_name=name, username=user, domain=domain)
    except (ValueError, IndexError) as exc:
        raise AddressError(f"{option} {text!r} is not an email address ({exc})") from None


def recipient(person: Attendee) -> Address:
    """The attendee as a To address; AddressError when their email cannot be used."""
    user, _, domain = clean_text(person.email).strip().rpartition("@")
    try:
        return Address(display_name=_name(person), username=user, domain=domain)
    except (ValueError, IndexError) as exc:
        raise AddressError(f"{person.email!r} is not an email address ({exc})") from None


def _name(person: Attendee) -> str:
    return " ".join(clean_text(person.name).split()) or "?"


def values(f: FollowUp, event: Event, template: MailTemplate, sender: Sender) -> dict[str, Any]:
    """What the template sees for one attendee (see the default template for the names)."""
    people = event.by_id()

    def name(ident: str) -> str:
        return _name(people[ident]) if ident in people else "?"

    me = people[f.attendee]
    release_wishes = event.settings.release is ReleasePolicy.CONSENT
    return {
        "event": clean_text(event.settings.name),
        "name": _name(me),
        "first_name": _name(me).split()[0] if _name(me) != "?" else "",
        "note": template.note,
        "organizer": sender.name,
        "met": [
            {
                "round": m.round,
                "table": m.table,
                "people": ", ".join(name(p) for p in m.partners),
                "shared": ", ".join(clean_text(t) for t in m.shared),
            }
            for m in f.met
        ],
        "matches": [name(p) for p in f.matches],
        "wished_by": [name(p) for p in f.wished_by] if release_wishes else [],
        "contacts": [name(p) for p in f.contacts],
        "introductions": [
            {
                "name": name(i.attendee),
                "shared": ", ".join(clean_text(t) for t in i.shared),
                "via": name(i.via) if i.via else "",
            }
            for i in f.introductions
        ],
    }


def compose(
    f: FollowUp,
    event: Event,
    *,
    template: MailTemplate,
    sender: Sender,
    message_id: str,
    pdf: bytes | None,
    subject: str = "",
    to: Address | None = None,
) -> EmailMessage:
    """The message for attendee `f.attendee`: text and HTML bodies, PDF page, contacts.vcf.

    `to` overrides the recipient (a test send to the organizer); `subject` the template's.
    """
    person = event.by_id()[f.attendee]
    seen = values(f, event, template, sender)
    msg = EmailMessage()
    msg["From"] = sender.address
    msg["To"] = to or recipient(person)
    if sender.reply_to is not None:
        msg["Reply-To"] = sender.reply_to
    line = subject or template.render("subject", seen)
    msg["Subject"] = " ".join(clean_text(line).split())
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies back, please
    msg.set_content(template.render("text", seen))
    html = template.render("html", seen)
    if "<html" not in html.casefold():
        html = f"<!DOCTYPE html>\n<html><head>{_CHARSET}</head><body>\n{html}</body></html>\n"
    msg.add_alternative(html, subtype="html")
    stem = _SLUG.sub("-", clean_text(event.settings.name).casefold()).strip("-") or "event"
    if pdf is not None:
        msg.add_attachment(
            pdf, maintype="application", subtype="pdf", filename=f"{stem}-follow-up.pdf"
        )
    cards = contact_cards(f, event)
    if cards:
        msg.add_attachment(
            vcf_text(cards).encode("utf-8"),
            maintype="text",
            subtype="vcard",
            filename="contacts.vcf",
        )
    return msg
