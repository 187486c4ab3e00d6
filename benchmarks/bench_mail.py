"""How fast follow-up mail goes to a local SMTP server, and where the time is spent.

Prints figures only; nothing asserts on time. Run from the repository root:

    python benchmarks/bench_mail.py [--attendees 60]

The event is synthetic (`eventrunner.generate`, names in many scripts), planned with a short
time limit and every round recorded as played. The server is aiosmtpd on localhost (the test
extras), accepting everything; the throttle is off, so the figure is what building and
handing over the messages costs (the PDF page of each attendee is most of it).
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs
from aiosmtpd.controller import Controller

from eventrunner import mailing
from eventrunner.generate import generate_attendees
from eventrunner.model import Event, EventSettings, Presence
from eventrunner.scheduling import plan
from eventrunner.store import EventStore


class Sink:
    """Accepts every message and counts it."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 OK"


def _event(folder: Path, n: int) -> Path:
    people = [attrs.evolve(p, presence=Presence.PRESENT) for p in generate_attendees(n, seed=5)]
    settings = EventSettings(name="Benchmark Evening", rounds=6)
    path = folder / "bench.event"
    store = EventStore.create(path, Event(settings=settings, attendees=tuple(people)))
    store.save_plan(plan(list(people), settings, time_limit=2.0), reason="benchmark")
    store.mark_played(settings.rounds)
    store.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attendees", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _event(folder, args.attendees)
        sink = Sink()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        job = mailing.MailJob(
            sender=mailing.Sender.parse("Bench <bench@example.org>"),
            template=mailing.default_template(),
            per_minute=1_000_000,
        )
        try:
            with EventStore.open(path) as store:
                started = time.perf_counter()
                dry = mailing.deliver(store, job, None, dry_run=folder / "eml")
                dry_seconds = time.perf_counter() - started
                started = time.perf_counter()
                sent = mailing.deliver(store, job, mailing.ServerSpec("127.0.0.1", port))
                send_seconds = time.perf_counter() - started
        finally:
            controller.stop()
    written, delivered = len(dry.of("written")), len(sent.of("sent"))
    print(f"python {sys.version.split()[0]}, {args.attendees} attendees, 6 rounds played")
    print(
        f"dry run: {written} .eml files in {dry_seconds:.1f} s "
        f"({60 * written / dry_seconds:.0f} messages a minute)"
    )
    print(
        f"local SMTP (aiosmtpd): {delivered} accepted (server counted {sink.count}) in "
        f"{send_seconds:.1f} s ({60 * delivered / send_seconds:.0f} messages a minute)"
    )


if __name__ == "__main__":
    main()
