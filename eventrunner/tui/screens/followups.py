"""Follow-up wishes: pick an attendee, tick the people they met that they want to keep.

Keyboard only and fast: type a name, Enter, then space ticks (each tick is stored at once),
Escape goes back to the name search for the next person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from eventrunner.interests import shared_interests
from eventrunner.model import Attendee, Round
from eventrunner.tui.screens.picker import label
from eventrunner.tui.screens.roster import fold, matches
from eventrunner.tui.text import clean

if TYPE_CHECKING:
    from eventrunner.tui.app import ConsoleApp


def met(rounds: tuple[Round, ...]) -> dict[str, list[str]]:
    """Who met whom in these rounds, in the order they met."""
    partners: dict[str, list[str]] = defaultdict(list)
    for rnd in rounds:
        for table in rnd.tables:
            for a in table.attendees:
                partners[a].extend(b for b in table.attendees if b != a and b not in partners[a])
    return partners


class NameSearch(Input):
    """F5's name search, safe for a fast burst of keys ("bob", Enter, space at once).

    The app hands every key of a burst to the focused widget before that widget has handled
    the first, and an Input's own Enter binding runs only once the key has bubbled back up to
    the app: a space right after Enter would land in this box before the pick moved the focus.
    So Enter picks here, in the order the keys came, and a key that reaches the box once the
    focus has left it goes back to the app, which hands it to the widget that has the focus
    now (the ticks): the space ticks, as typed.
    """

    def __init__(self, pick: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pick = pick

    async def _on_key(self, event: events.Key) -> None:
        # `has_focus` follows Focus/Blur messages, still on their way: ask the screen.
        focused = self.screen.focused is self
        if not focused or event.key == "enter":
            event.stop()
            event.prevent_default()
            if focused:
                self._pick(self.value)
            else:
                self.app.post_message(events.Key(event.key, event.character))
            return
        await super()._on_key(event)


class FollowUpScreen(Screen[None]):
    """Record who wants to keep in touch with whom after the rounds."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back_to_search", "Next person", tooltip="Back to the name search"),
        Binding(
            "ctrl+s",
            "app.send_followups",
            "Send by email",
            tooltip="Email every attendee their follow-up, once",
        ),
        Binding(
            "ctrl+y",
            "no_email",
            "No email",
            tooltip="The highlighted person asked not to be emailed (press again: undo)",
        ),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
    ]

    who: str | None = None
    _back: frozenset[str] = frozenset()
    """Who wants to keep in touch with `who`, as the ticks show it."""

    @property
    def console(self) -> ConsoleApp:
        return cast("ConsoleApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="followup-head", classes="section-title")
        with Horizontal():
            with Vertical(id="followup-left"):
                yield NameSearch(
                    self.pick, placeholder="Whose wishes? Type a name…", id="followup-search"
                )
                yield OptionList(id="followup-people")
            with Vertical(id="followup-right"):
                yield Static(id="followup-title")
                yield SelectionList[str](id="followup-ticks")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "revision", self.follow_cache, init=False)
        self.fill_people("")
        self.redraw_head()
        self.show_ticks()

    def on_screen_resume(self) -> None:
        self.fill_people(self.query_one("#followup-search", Input).value)
        self.redraw_head()
        self.show_ticks()

    def partners(self) -> dict[str, list[str]]:
        return met(self.console.store.played_rounds())

    def follow_cache(self, _: object = None) -> None:
        """The app's cache changed: redraw the head, unless hidden (then on resume); a wish
        recorded elsewhere (another terminal's `followup`) also redraws the ticks shown."""
        changed = self.console.changed
        touched = {"follow-up", "unfollow", "undo"} & changed.actions
        # A check-in elsewhere changes nothing here: no store read for it at a busy door.
        if not self.is_current or (changed.only_presence and not touched):
            return
        self.redraw_head()
        if self.who is None or not touched:
            return
        wishes = self.console.store.followups()
        wished = {w.partner for w in wishes if w.who == self.who}
        back = frozenset(w.who for w in wishes if w.partner == self.who)
        # This console's own tick is already on screen: redraw only what another wrote.
        if set(self.query_one("#followup-ticks", SelectionList).selected) != wished or (
            back != self._back
        ):
            self.show_ticks(keep_highlight=True)

    def redraw_head(self, _: object = None) -> None:
        wishes = self.console.store.followups()
        pairs = {(w.who, w.partner) for w in wishes}
        mutual = sum((b, a) in pairs for a, b in pairs) // 2
        self.query_one("#followup-head", Static).update(
            Content(
                f"Follow-ups: {len(wishes)} wish{'' if len(wishes) == 1 else 'es'}, "
                f"{mutual} mutual match{'' if mutual == 1 else 'es'} · "
                f"{self.console.played} round{'' if self.console.played == 1 else 's'} played"
            )
        )

    def fill_people(self, query: str) -> None:
        partners = self.partners()
        people = [a for a in self.console.attendees if a.id in partners and matches(a, query)]
        options = self.query_one("#followup-people", OptionList)
        options.clear_options()
        options.add_options([Option(_label(a), id=a.id) for a in sorted(people, key=_name_key)])
        if options.option_count:
            options.highlighted = 0

    def show_ticks(self, *, keep_highlight: bool = False) -> None:
        """The people `who` met, ticked as stored (`keep_highlight`: redrawn after an undo)."""
        ticks = self.query_one("#followup-ticks", SelectionList)
        highlighted = ticks.highlighted if keep_highlight else None
        ticks.clear_options()
        title = self.query_one("#followup-title", Static)
        if self.who is None:
            played = self.console.played
            hint = "No round played yet." if not played else "Pick someone on the left (Enter)."
            title.update(Content(hint))
            return
        app = self.console
        me = app.people.get(self.who)
        wished = {w.partner for w in app.store.followups() if w.who == self.who}
        back = {w.who for w in app.store.followups() if w.partner == self.who}
        self._back = frozenset(back)
        name = clean(me.name) if me else self.who
        title.update(Content(f"{name} met — space ticks who to keep in touch with:"))
        for partner in self.partners().get(self.who, []):
            them = app.people.get(partner)
            text = clean(them.name) if them else partner
            if me is not None and them is not None:
                common = shared_interests(me, them)
                if common:
                    text += " — " + ", ".join(clean(c) for c in common[:3])
            if partner in back:
                text += "  ↔ wants to keep in touch too"
            ticks.add_option(Selection(Content(text), partner, partner in wished))
        if highlighted is not None and ticks.option_count:
            ticks.highlighted = min(highlighted, ticks.option_count - 1)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill_people(event.value)

    def pick(self, query: str) -> None:
        """Enter in the name search: the first person matching what was typed."""
        self.fill_people(query)
        options = self.query_one("#followup-people", OptionList)
        if options.highlighted is not None:
            self.choose(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option.id)

    def choose(self, attendee_id: str | None) -> None:
        self.who = attendee_id
        self.show_ticks()
        ticks = self.query_one("#followup-ticks", SelectionList)
        if ticks.option_count:
            ticks.highlighted = 0
            self.set_focus(ticks)  # now: `Widget.focus` would wait for the next idle moment

    def on_selection_list_selection_toggled(
        self, event: SelectionList.SelectionToggled[str]
    ) -> None:
        who, partner = self.who, event.selection.value
        if who is None:
            return
        store = self.console.store
        if partner in event.selection_list.selected:
            self.console.write(lambda: store.add_followup(who, partner))
        else:
            self.console.write(lambda: store.remove_followup(who, partner))

    def action_move(self, step: int) -> None:
        options = self.query_one("#followup-people", OptionList)
        if self.focused is self.query_one("#followup-search") and options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_no_email(self) -> None:
        """Toggle "no email" for the person highlighted on the left (or being ticked)."""
        options = self.query_one("#followup-people", OptionList)
        target = self.who
        if self.focused is not self.query_one("#followup-ticks") or target is None:
            if options.highlighted is None:
                return
            target = options.get_option_at_index(options.highlighted).id
        person = self.console.people.get(target or "")
        if person is None:
            return
        store, allow = self.console.store, not person.consent.mail
        if self.console.write(lambda: store.set_mail_consent(person.id, allow)):
            words = "will get the follow-up mail" if allow else "will get no email"
            self.notify(f"{clean(person.name)} {words}.", markup=False, timeout=4)
        keep = options.highlighted
        self.fill_people(self.query_one("#followup-search", Input).value)
        if keep is not None and options.option_count:
            options.highlighted = min(keep, options.option_count - 1)

    def action_back_to_search(self) -> None:
        search = self.query_one("#followup-search", Input)
        search.value = ""
        search.focus()


def _label(attendee: Attendee) -> Content:
    """The person's line; "no email" when they asked not to get the follow-up mail."""
    if attendee.consent.mail:
        return label(attendee)
    return Content.assemble(label(attendee), ("  · no email", "italic"))


def _name_key(attendee: object) -> str:
    return fold(getattr(attendee, "name", ""))
