"""Follow-up by email: every attendee's pack, sent once, from the organizer's own server.

The face of the package. `deliver(store, job, server)` sends (or, with `dry_run`, writes as
.eml files) each pending follow-up: plain text and HTML bodies from an editable template
(`template`), the attendee's follow-up PDF page and a `.vcf` of the contacts they may keep
(`compose`, with the release rules of `contacts.followup`), over SMTP with the TLS and login
rules of `transport`, recorded in the event file's outbox before and after each send
(`delivery`), so a rerun or a run after a crash sends only what is missing.

Not part of the core: it uses `printing` for the PDF page. The console and the command line
both drive it; neither the core nor `printing` imports it.
"""

from __future__ import annotations

from eventrunner.mailing.compose import AddressError, Sender
from eventrunner.mailing.delivery import MailJob, MailSummary, Outcome, deliver, outcomes_line
from eventrunner.mailing.template import (
    MailTemplate,
    TemplateError,
    default_template,
    default_template_text,
    load_template,
)
from eventrunner.mailing.transport import SECURITY_MODES, MailError, ServerSpec

__all__ = [
    "SECURITY_MODES",
    "AddressError",
    "MailError",
    "MailJob",
    "MailSummary",
    "MailTemplate",
    "Outcome",
    "Sender",
    "ServerSpec",
    "TemplateError",
    "default_template",
    "default_template_text",
    "deliver",
    "load_template",
    "outcomes_line",
]
