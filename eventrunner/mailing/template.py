"""The words of the follow-up mail: a TOML file of Jinja2 templates the organizer can edit.

`seeds/mail_template.toml` is the default; `load_template(path)` reads an organizer's copy.
A template is checked when it is loaded, by rendering it for a made-up attendee, so a typo
in a variable name stops the run before any message goes, with one line naming the file,
the part (`subject`, `text`, `html`, `note`) and the line. Templates run in Jinja2's sandbox
with undefined names as errors; in `html` every value is escaped, so a name such as
`<script>` arrives as text. Nothing here sends or reads the event file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import jinja2
from jinja2.sandbox import SandboxedEnvironment

from eventrunner.resources import seed_file

#: The parts of a template file; `note` is optional.
PARTS: tuple[str, ...] = ("subject", "text", "html")


class TemplateError(Exception):
    """A template that cannot be used: one line naming the file, part and line."""


@attrs.frozen
class MailTemplate:
    """A checked mail template: its compiled parts and the organizer's note."""

    source: str
    """Where it came from (a path, or `the default template`)."""
    note: str
    """The organizer's words to everyone (`note` in the file)."""
    parts: Mapping[str, jinja2.Template] = attrs.field(repr=False)
    """subject, text and html, compiled."""

    def render(self, part: str, values: Mapping[str, Any]) -> str:
        """One part for one attendee; TemplateError on a failure (e.g. an unknown name)."""
        try:
            return self.parts[part].render(**values)
        except jinja2.TemplateError as exc:
            raise TemplateError(f"{self.source}: {part}: {_reason(exc)}") from None


_ENVIRONMENTS = {
    escape: SandboxedEnvironment(
        autoescape=escape,
        undefined=jinja2.StrictUndefined,
        # Block tags on lines of their own leave no blank lines behind.
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for escape in (False, True)
}


def default_template() -> MailTemplate:
    """The template that ships with eventrunner."""
    return load_template(seed_file("mail_template.toml"), label="the default template")


def default_template_text() -> str:
    """The default template file, to copy and edit (`--save-template`)."""
    return seed_file("mail_template.toml").read_text(encoding="utf-8")


def load_template(path: Path, *, label: str | None = None) -> MailTemplate:
    """Read and check a template file; TemplateError (one line) if it cannot be used."""
    source = label or str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError(f"{source}: no such file; write one with --save-template") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{source}: cannot read it ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{source}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - {*PARTS, "note"})
    if unknown:
        raise TemplateError(
            f"{source}: unknown key {unknown[0]!r}; a template has subject, text, html, note"
        )
    parts: dict[str, jinja2.Template] = {}
    for part in PARTS:
        text = data.get(part)
        if not isinstance(text, str) or not text.strip():
            raise TemplateError(f"{source}: {part} is missing; give it as a string")
        env = _ENVIRONMENTS[part == "html"]
        try:
            parts[part] = env.from_string(text.strip("\n") + ("\n" if part != "subject" else ""))
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{source}: {part}, line {exc.lineno}: {exc.message}") from None
    note = data.get("note", "")
    if not isinstance(note, str):
        raise TemplateError(f"{source}: note must be a string")
    template = MailTemplate(source=source, note=note.strip(), parts=parts)
    for part in PARTS:  # every name it uses must exist: find out now, not mid-run
        template.render(part, SAMPLE)
    return template


def _reason(exc: jinja2.TemplateError) -> str:
    line = getattr(exc, "lineno", None)
    where = f"line {line}: " if line else ""
    message = str(exc.message or exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, jinja2.UndefinedError):
        message += " (see the list of names at the top of the default template)"
    return where + message


#: Made-up values with every name a template may use, to check a template before a run.
SAMPLE: Mapping[str, Any] = {
    "event": "Sample Evening",
    "name": "Ana Lima",
    "first_name": "Ana",
    "note": "Thank you for coming.",
    "organizer": "The organizers",
    "met": [{"round": 1, "table": 3, "people": "Bo Chen", "shared": "hockey"}],
    "matches": ["Bo Chen"],
    "wished_by": [],
    "contacts": ["Bo Chen"],
    "introductions": [{"name": "Cy Diaz", "shared": "hockey", "via": "Bo Chen"}],
}
