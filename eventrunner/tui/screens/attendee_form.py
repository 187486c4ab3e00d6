"""The walk-in form, also used to edit an attendee: validated before anything is stored."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import ClassVar

import attrs
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from eventrunner.interests import default_vocabulary, parse_tags, read_cell
from eventrunner.model import Answers, Attendee, Consent, Presence
from eventrunner.tui.text import clean

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FIELDS = ("name", "company", "email", "interests", "share")
LABELS = {
    "name": "Name (required)",
    "company": "Company",
    "email": "Email",
    "interests": "Interests (tags separated by ; or , or in the attendee's own words)",
    "share": "Shares: all, none, or fields such as email;linkedin (blank: default)",
}


def new_id(name: str, email: str, taken: Collection[str]) -> str:
    """The id rule of the native CSV: the email, else a slug of the name made unique."""
    if email:
        return email.casefold()
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-") or "attendee"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def read_interests(text: str) -> tuple[str, ...]:
    """The tags an interests answer becomes, as the importer reads it (free text included)."""
    try:
        vocabulary = default_vocabulary()
    except (OSError, ValueError):  # a broken install: clean tags only
        return parse_tags(clean(text))
    return read_cell(clean(text), vocabulary).tags


def build(values: dict[str, str], original: Attendee | None, taken: Collection[str]) -> Attendee:
    """The attendee the form describes; ValueError names the field that is wrong."""
    name = clean(values["name"]).strip()
    if not name:
        raise ValueError("Name: a name is required.")
    email = clean(values["email"]).strip()
    if email and not _EMAIL.match(email):
        raise ValueError(f"Email: {email!r} is not an email address; fix it or leave it blank.")
    try:
        consent = Consent.from_text(values["share"])
    except ValueError as error:
        raise ValueError(f"Shares: {error}.") from None
    typed = clean(values["interests"]).strip()
    changes = {
        "name": name,
        "company": clean(values["company"]).strip(),
        "email": email,
        "interests": read_interests(values["interests"]),
        "consent": consent,
    }
    if original is not None:
        if typed != "; ".join(original.interests):
            # Typed anew: kept as the answer, read again with the event's synonyms and
            # topics at the next plan.
            changes["answers"] = attrs.evolve(original.answers, interests=typed)
        else:
            changes["interests"] = original.interests  # as stored (topics, synonyms)
        return attrs.evolve(original, **changes)  # type: ignore[arg-type]
    changes["answers"] = Answers(interests=typed)
    if email and email.casefold() in taken:
        raise ValueError(f"Email: {email} is already registered; edit that attendee instead.")
    return Attendee(id=new_id(name, email, taken), presence=Presence.PRESENT, **changes)  # type: ignore[arg-type]


class AttendeeForm(ModalScreen[Attendee | None]):
    """Add a walk-in (checked in at once) or edit someone; Escape cancels."""

    DEFAULT_CSS = """
    AttendeeForm { align: center middle; }
    AttendeeForm > VerticalScroll {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    AttendeeForm #title { text-style: bold; }
    AttendeeForm Label { color: $text-muted; }
    AttendeeForm Input { background: $boost; margin-bottom: 1; }
    AttendeeForm Input:focus { background: $primary 20%; }
    AttendeeForm #error { color: $error; text-style: bold; height: auto; }
    AttendeeForm #tags { color: $text-muted; height: auto; margin-top: -1; margin-bottom: 1; }
    AttendeeForm Horizontal { height: auto; align-horizontal: right; }
    AttendeeForm Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        # Priority: the app moves the focus before it hands on the next key, so text typed
        # (or pasted, or scanned) right after Tab lands in the next field, not this one.
        Binding("tab", "focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(self, taken: Collection[str], original: Attendee | None = None) -> None:
        super().__init__()
        self.taken = taken
        self.original = original
        self.vocabulary_ready = False

    def compose(self) -> ComposeResult:
        o = self.original
        values = {
            "name": o.name if o else "",
            "company": o.company if o else "",
            "email": o.email if o else "",
            "interests": "; ".join(o.interests) if o else "",
            "share": o.consent.to_text() if o else "",
        }
        title = f"Edit {clean(o.name)}" if o else "Walk-in: add and check in"
        with VerticalScroll():
            yield Static(Content(title), id="title")
            for field in FIELDS:
                yield Label(Content(LABELS[field]))
                yield Input(clean(values[field]), id=field, compact=True)
                if field == "interests":
                    yield Static(id="tags")
            yield Static(id="error")
            with Horizontal():
                yield Button(Content("Save (Enter)"), id="save", variant="primary")
                yield Button(Content("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.focus_first()
        # The vocabulary takes a moment to build the first time: never on the UI thread.
        self.run_worker(self._load_vocabulary, thread=True, exit_on_error=False)

    def focus_first(self) -> None:
        """Focus the name field now (`Widget.focus` would wait for the next idle moment)."""
        self.set_focus(self.query_one("#name", Input))

    def _load_vocabulary(self) -> None:
        default_vocabulary()
        self.app.call_from_thread(self._vocabulary_loaded)

    def _vocabulary_loaded(self) -> None:
        self.vocabulary_ready = True
        self._show_tags()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "interests" and self.vocabulary_ready:
            self._show_tags()

    def _show_tags(self) -> None:
        """What the interests typed so far become: the tags matching will use."""
        text = self.query_one("#interests", Input).value
        tags = read_interests(text) if text.strip() else ()
        shown = "Tags: " + ", ".join(tags) if tags else ""
        self.query_one("#tags", Static).update(Content(shown))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        values = {f: self.query_one(f"#{f}", Input).value for f in FIELDS}
        taken = set(self.taken) - ({self.original.id} if self.original else set())
        try:
            attendee = build(values, self.original, taken)
        except ValueError as error:
            self.query_one("#error", Static).update(Content(str(error)))
            field = str(error).split(":", 1)[0].casefold()
            target = "share" if field == "shares" else field
            if target in FIELDS:
                self.query_one(f"#{target}", Input).focus()
            return
        self.dismiss(attendee)

    def action_focus_next(self) -> None:
        self.focus_next()

    def action_focus_previous(self) -> None:
        self.focus_previous()

    def action_cancel(self) -> None:
        self.dismiss(None)
