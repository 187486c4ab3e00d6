"""A real SMTP server for the mail tests (aiosmtpd on localhost), and a small evening.

The server records every message it accepted, whether the session was encrypted and
logged in, and can refuse chosen recipients. TLS uses a throw-away CA from trustme, whose
certificate the client is told to trust with --cafile.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import attrs
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner, Result

from eventrunner.cli import cli

USER, PASSWORD = "org", "s3cret-Pw!"


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


@attrs.define
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    encrypted: bool
    logged_in: bool

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.raw, policy=policy.default)  # type: ignore[return-value]


class Recorder:
    """The aiosmtpd handler: keeps what was accepted, refuses `refuse`."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.refuse: set[str] = set()
        self.auth_tries = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                bytes(envelope.original_content or envelope.content),
                session.ssl is not None,
                bool(session.authenticated),
            )
        )
        return "250 2.0.0 accepted"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        self.auth_tries += 1
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == USER.encode()
            and auth_data.password == PASSWORD.encode()
        )
        return AuthResult(success=ok, handled=False)

    def by_recipient(self) -> dict[str, list[Received]]:
        out: dict[str, list[Received]] = {}
        for r in self.received:
            for to in r.rcpt_tos:
                out.setdefault(to, []).append(r)
        return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@attrs.frozen
class Server:
    recorder: Recorder
    port: int
    cafile: Path | None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@contextmanager
def smtp_server(tmp_path: Path, mode: str = "plain") -> Iterator[Server]:
    """`plain` (a local relay, no TLS, no login), `starttls` (TLS and login required) or
    `ssl` (implicit TLS, login required)."""
    recorder = Recorder()
    port = free_port()
    kwargs: dict[str, Any] = {}
    cafile = None
    if mode != "plain":
        ca = trustme.CA()
        cert = ca.issue_cert("127.0.0.1", "localhost")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
        cafile = tmp_path / f"ca-{port}.pem"
        ca.cert_pem.write_to_path(str(cafile))
        kwargs = {"authenticator": recorder.authenticate, "auth_required": True}
        if mode == "starttls":
            kwargs |= {"tls_context": context, "require_starttls": True}
        else:
            # aiosmtpd does not count implicit TLS as TLS for AUTH; the session is encrypted.
            kwargs |= {"ssl_context": context, "auth_require_tls": False}
    controller = Controller(
        recorder, hostname="127.0.0.1", port=port, server_hostname="localhost", **kwargs
    )
    controller.start()
    try:
        yield Server(recorder, port, cafile)
    finally:
        controller.stop()


def make_evening(tmp_path: Path, *, extra_csv: str = "", release: str = "") -> Path:
    """Eight people (one without email, one who asked for no email), three rounds played,
    a few follow-up wishes (one mutual)."""
    src = tmp_path / "people.csv"
    src.write_text(
        "id,name,email,phone,company,linkedin,interests,share,no_email\n"
        'ada,"Lovelace, Ada",ada@example.org,+44 1,Engines,adal,math;poetry,all,\n'
        "bo,Bo Chen,bo@example.org,+44 2,Mills,boc,math;design,none,\n"
        "zoe,Zoë Martin,zoe@example.org,+44 3,Atelier,zoem,poetry;design,email,\n"
        "wang,王小明,wang@example.org,+44 4,Looms,wxm,design;math,,\n"
        "omar,عمر خالد,omar@example.org,+20 5,Nile,omark,math;poetry,email;phone,\n"
        "nina,Nina Berg,,+47 6,Fjord,ninab,design;poetry,all,\n"
        "pia,Pia Rossi,pia@example.org,+39 7,Vela,piar,math;design,all,yes\n" + extra_csv,
        encoding="utf-8",
    )
    event = tmp_path / "evening.event"
    assert (
        run("new", "Autumn Evening", "--attendees", src, "-o", event, "--rounds", "4").exit_code
        == 0
    )
    assert run("plan", event, "--time-limit", "1").exit_code == 0
    assert run("play", event, "--through", "3").exit_code == 0
    from eventrunner.store import EventStore

    with EventStore.open(event) as store:
        met = {
            frozenset((a, b))
            for rnd in store.played_rounds()
            for t in rnd.tables
            for a in t.attendees
            for b in t.attendees
            if a != b
        }
        pairs = sorted(tuple(sorted(p)) for p in met)
        a, b = pairs[0]
        store.add_followup(a, b)
        store.add_followup(b, a)
        c, d = pairs[-1]
        store.add_followup(c, d)
        if release:
            from eventrunner.model import ReleasePolicy

            store.update_settings(attrs.evolve(store.settings(), release=ReleasePolicy(release)))
    return event
