"""The small records the event file hands out besides the domain model, and its error.

`StoreError` is what every refusal of the event file raises: one line for the organizer.
`TimerState` is the live round as stored (a start time plus pauses, never a ticking counter),
so that a console killed mid-round and started again shows the right remaining time.
Re-exported by `eventrunner.store`; import them from there.
"""

from __future__ import annotations

import attrs

from eventrunner.model import EventSettings, PlanStats

#: The phases of the live round timer.
TIMER_PHASES: tuple[str, ...] = ("idle", "meeting", "switch", "paused", "finished")


class StoreError(Exception):
    """A one-line message for the organizer: what is wrong, with which file, what to do."""


class StoreUnwritable(StoreError):
    """The file cannot be written now (read-only, disk full): retrying at once will not help."""


@attrs.frozen
class JournalEntry:
    """One organizer action, as recorded in the event file's append-only journal."""

    at: str
    """When it was committed, ISO 8601 in UTC."""
    action: str
    """What kind of action (`create`, `import`, `presence`, `plan`, `timer`, `undo` ...)."""
    detail: str
    """What it did, in words."""


@attrs.frozen
class PlanVersion:
    """One saved version of the plan, without its rounds."""

    version: int
    """Version number, from 1; the highest is the current plan."""
    created_at: str
    """When it was saved, ISO 8601 in UTC."""
    reason: str
    """Why it was made (`first plan`, `re-plan: Ana left` ...)."""
    stats: PlanStats
    """Its quality figures."""


#: What the outbox knows of one attendee's follow-up mail.
MAIL_STATUSES: tuple[str, ...] = ("sending", "sent", "failed")


@attrs.frozen
class MailRecord:
    """One attendee's follow-up mail as the outbox recorded it."""

    attendee: str
    """Id of the attendee it is for."""
    recipient: str
    """The address it went (or goes) to."""
    message_id: str
    """Its Message-ID, kept across retries so a resent message is the same message."""
    status: str
    """`sending` (claimed, perhaps in flight at a crash), `sent` (accepted) or `failed`."""
    attempts: int
    """How many times a send was started."""
    updated_at: str
    """When the status last changed, ISO 8601 in UTC."""
    error: str = ""
    """Why the last attempt failed, in one line."""


@attrs.frozen
class MailServer:
    """The SMTP settings the organizer used last, remembered in the event file.

    Never a password: that comes from the environment or a prompt each time.
    """

    host: str = ""
    """Server name or address."""
    port: int = 0
    """Port; 0 means the default of the security mode (465 for ssl, 587 otherwise)."""
    security: str = "auto"
    """`auto` (STARTTLS when offered), `starttls` (required), `ssl` (implicit TLS)."""
    user: str = ""
    """Login name; empty for a relay without login."""
    sender: str = ""
    """The From address."""
    reply_to: str = ""
    """Reply-To address, if any."""
    subject: str = ""
    """Subject line; empty means the template's."""
    per_minute: int = 60
    """Throttle: at most this many messages a minute."""


@attrs.frozen
class UpsertReport:
    """What an import did to the attendee list."""

    added: tuple[str, ...]
    """Ids of attendees that were new, in the order given."""
    updated: tuple[str, ...]
    """Ids of attendees already there whose details changed."""
    retagged: tuple[str, ...] = ()
    """Ids whose tags changed when the whole event's answers were read again."""


def _check_phase(_: object, __: object, value: str) -> None:
    if value not in TIMER_PHASES:
        raise ValueError(f"timer phase must be one of {', '.join(TIMER_PHASES)}, not {value!r}")


@attrs.frozen
class TimerState:
    """The live round, stored as a start time plus pauses (wall-clock `time.time()` values)."""

    round: int = 0
    """The round being run; 0 before the first one starts."""
    phase: str = attrs.field(default="idle", validator=_check_phase)
    """`idle`, `meeting`, `switch`, `paused` or `finished`."""
    started_at: float | None = None
    """When the current phase started, or None when nothing runs."""
    paused_at: float | None = None
    """When the timer was paused, else None."""
    paused_seconds: float = 0.0
    """Total time paused in this phase, pauses already ended."""
    extra_seconds: float = 0.0
    """Time the organizer added to this phase."""

    def remaining(self, now: float, length_seconds: float) -> float:
        """Seconds left in the phase at `now`, never below 0.

        A phase that has not started has its full length (plus anything added); a paused
        timer stands still at the moment it was paused; `finished` has nothing left.
        """
        if self.phase == "finished":
            return 0.0
        total = length_seconds + self.extra_seconds
        if self.started_at is None:
            return max(0.0, total)
        until = self.paused_at if self.paused_at is not None else now
        elapsed = until - self.started_at - self.paused_seconds
        return max(0.0, total - max(0.0, elapsed))


@attrs.frozen
class LiveView:
    """What a timer computation reads from the file besides the timer itself."""

    settings: EventSettings
    """The event settings as stored."""
    rounds: int
    """Rounds of the evening: those of the current plan, else the settings' rounds."""
    played: int
    """Rounds recorded as played."""
