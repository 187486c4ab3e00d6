"""The SMTP connection: TLS as the organizer chose, login only when encrypted, clear errors.

`security` is `auto` (STARTTLS whenever the server offers it, else plain — fine for a local
relay without login), `starttls` (refuse a server that does not offer it) or `ssl` (implicit
TLS, usually port 465). A password never travels over an unencrypted connection: a login
there is refused before it is tried. Every failure is a MailError of one line that says what
to check; a refused recipient is a RecipientError (that message fails, the run goes on).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from pathlib import Path

import attrs

#: Seconds to wait for the server before giving up on a step.
TIMEOUT = 30.0
SECURITY_MODES: tuple[str, ...] = ("auto", "starttls", "ssl")


class MailError(Exception):
    """The run cannot go on (server, port, login, TLS): one line saying what to check."""


class RecipientError(Exception):
    """This one message was not accepted (refused address, rejected content)."""


@attrs.frozen
class ServerSpec:
    """Where and how to connect."""

    host: str
    """Server name or address."""
    port: int = 0
    """Port; 0: 465 with `ssl`, else 587."""
    security: str = "auto"
    """One of SECURITY_MODES."""
    user: str = ""
    """Login name; empty for no login."""
    password: str = attrs.field(default="", repr=False)
    """The password (never stored, never shown)."""
    cafile: Path | None = None
    """A certificate (or CA bundle) to trust besides the system's, for a self-run server."""

    @classmethod
    def parse(cls, text: str, **fields: object) -> ServerSpec:
        """`HOST[:PORT]` (also `[v6::addr]:PORT`) plus the other fields."""
        host, port = text.strip(), 0
        if host.startswith("["):
            inside, _, rest = host[1:].partition("]")
            host, port_text = inside, rest.removeprefix(":")
        elif host.count(":") == 1:
            host, port_text = host.split(":")
        else:
            port_text = ""
        if port_text:
            if not port_text.isdigit() or not 0 < int(port_text) < 65536:
                raise MailError(f"--smtp {text}: {port_text!r} is not a port number")
            port = int(port_text)
        if not host:
            raise MailError("--smtp needs a server name, e.g. --smtp smtp.example.org:587")
        return cls(host=host, port=port, **fields)  # type: ignore[arg-type]

    @property
    def effective_port(self) -> int:
        """The port connected to."""
        return self.port or (465 if self.security == "ssl" else 587)

    @property
    def where(self) -> str:
        """`host:port`, for messages."""
        return f"{self.host}:{self.effective_port}"


class Transport:
    """One SMTP session; `send` reconnects once if the server hung up between messages."""

    def __init__(self, spec: ServerSpec) -> None:
        if spec.security not in SECURITY_MODES:
            raise MailError(f"security {spec.security!r}: use one of {', '.join(SECURITY_MODES)}")
        self.spec = spec
        self._smtp: smtplib.SMTP | None = None
        self.encrypted = False

    def __enter__(self) -> Transport:
        self.connect()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.spec.cafile is not None:
            try:
                context.load_verify_locations(cafile=str(self.spec.cafile))
            except (OSError, ssl.SSLError) as exc:
                raise MailError(f"--cafile {self.spec.cafile}: cannot use it ({exc})") from None
        return context

    def connect(self) -> None:
        """Open the session: connect, TLS, login. MailError says what failed and what to check."""
        spec, where = self.spec, self.spec.where
        try:
            if spec.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    spec.host, spec.effective_port, timeout=TIMEOUT, context=self._context()
                )
                self.encrypted = True
            else:
                smtp = smtplib.SMTP(spec.host, spec.effective_port, timeout=TIMEOUT)
                self.encrypted = False
            self._smtp = smtp
            smtp.ehlo()
            if spec.security != "ssl":
                if smtp.has_extn("starttls"):
                    smtp.starttls(context=self._context())
                    smtp.ehlo()
                    self.encrypted = True
                elif spec.security == "starttls":
                    raise MailError(
                        f"{where} does not offer STARTTLS; check the port (587 usually has it), "
                        "or use --ssl for port 465"
                    )
            if spec.user:
                if not self.encrypted:
                    raise MailError(
                        f"{where} offers no encryption, so the password for {spec.user} would "
                        "travel in clear: refused; use the server's STARTTLS port (587) or --ssl"
                    )
                smtp.login(spec.user, spec.password)
        except MailError:
            self.close()
            raise
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise MailError(
                f"{where} refused the login for {spec.user} ({_said(exc)}); check --user and "
                "the password (EVENTRUNNER_SMTP_PASSWORD)"
            ) from None
        except ssl.SSLCertVerificationError as exc:
            self.close()
            raise MailError(
                f"the certificate of {spec.host} is not trusted ({exc.verify_message}); check "
                "the server name, or pass the server's certificate with --cafile"
            ) from None
        except ssl.SSLError as exc:
            self.close()
            hint = (
                "this port may expect STARTTLS: leave out --ssl (port 587)"
                if spec.security == "ssl"
                else "check the port and the TLS choice (--starttls or --ssl)"
            )
            raise MailError(f"TLS with {where} failed ({exc.reason or exc}); {hint}") from None
        except socket.gaierror:
            self.close()
            raise MailError(f"unknown server {spec.host!r}; check the name in --smtp") from None
        except ConnectionRefusedError:
            self.close()
            raise MailError(
                f"{where} refused the connection; check the server and port in --smtp"
            ) from None
        except TimeoutError:
            self.close()
            raise MailError(
                f"{where} did not answer within {TIMEOUT:.0f} s; check the server, the port "
                "and that this network lets mail out"
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise MailError(
                f"{where}: {_said(exc)}; check the server, port and TLS choice"
            ) from None

    def send(self, msg: EmailMessage, envelope_from: str, recipient: str) -> None:
        """Hand one message to the server. RecipientError: this one failed; MailError: stop."""
        for attempt in (1, 2):
            if self._smtp is None:
                self.connect()
            assert self._smtp is not None
            try:
                refused = self._smtp.send_message(
                    msg, from_addr=envelope_from, to_addrs=[recipient]
                )
            except smtplib.SMTPRecipientsRefused as exc:
                codes = exc.recipients.get(recipient)
                raise RecipientError(_code(codes) if codes else "address refused") from None
            except smtplib.SMTPSenderRefused as exc:
                raise MailError(
                    f"{self.spec.where} refused the sender {envelope_from} ({_said(exc)}); "
                    "check --from (many servers send only from the login's own address)"
                ) from None
            except smtplib.SMTPDataError as exc:
                raise RecipientError(_said(exc)) from None
            except (smtplib.SMTPServerDisconnected, ConnectionError) as exc:
                self.close()
                if attempt == 2:
                    raise MailError(
                        f"{self.spec.where} hung up ({_said(exc)}); try again later"
                    ) from None
                continue
            except TimeoutError:
                self.close()
                raise RecipientError(f"no answer within {TIMEOUT:.0f} s") from None
            if refused:
                raise RecipientError(_code(next(iter(refused.values()))))
            return

    def close(self) -> None:
        """End the session (quietly: the server may be gone already)."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _code(answer: tuple[int, bytes]) -> str:
    code, text = answer
    return f"{code} {text.decode('utf-8', 'replace')}".strip()


def _said(exc: BaseException) -> str:
    code = getattr(exc, "smtp_code", None)
    text = getattr(exc, "smtp_error", b"")
    if code is not None:
        words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{code} {' '.join(words.split())}".strip()
    return " ".join(str(exc).split()) or type(exc).__name__
