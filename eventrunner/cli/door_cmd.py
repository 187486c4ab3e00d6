"""`eventrunner door`: serve the check-in page to the door stations, and show their keys."""

from __future__ import annotations

import socket
from pathlib import Path

import click

from eventrunner.cli.common import Failure, open_event
from eventrunner.store import EventStore


def lan_address() -> str:
    """This laptop's address on its network (no packet is sent), or 127.0.0.1 without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            # Connecting a UDP socket only picks the route; nothing goes on the wire.
            probe.connect(("192.0.2.1", 9))
            address: str = probe.getsockname()[0]
            return address
        except OSError:
            return "127.0.0.1"


def station_lines(store: EventStore, base: str, *, qr: bool = True) -> list[str]:
    """Each open station key as text and as a QR code of its link."""
    from eventrunner.contacts.qr import to_terminal
    from eventrunner.door import station_url

    lines: list[str] = []
    for key in store.door_keys():
        if key.revoked_at is not None:
            continue
        url = station_url(base, key.key)
        lines += [f"{key.label}: {url}", f"  key {key.key}"]
        if qr:
            lines += to_terminal(url).splitlines()
    return lines


@click.command()
@click.argument("event", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--host",
    default=None,
    help="Address to listen on (default: this laptop's address on its network; "
    "127.0.0.1 keeps the page on this laptop).",
)
@click.option(
    "--new-key", "new_key", default=None, metavar="LABEL", help="Make one more station key first."
)
@click.option("--no-qr", is_flag=True, help="Print the station links without QR codes.")
def door(event: Path, port: int, host: str | None, new_key: str | None, no_qr: bool) -> None:
    """Serve the check-in page for door stations (phones, tablets) of EVENT.

    Every station needs a key: the links printed here (and on the console's check-in screen,
    ctrl+g) carry one. Revoke a key on the console; wrong keys are rate limited. The page
    shows names and tables only, never contact fields.
    """
    from aiohttp import web

    from eventrunner.door import make_app

    address = host or lan_address()
    with open_event(event) as store:
        if new_key is not None or not any(k.revoked_at is None for k in store.door_keys()):
            store.add_door_key(new_key or "")
        shown = f"[{address}]" if ":" in address else address
        base = f"http://{shown}:{port}"
        store.set_door_address(base)
        click.echo(f"Door page for {store.settings().name} on {base} (listening on {address}")
        click.echo("only; choose another with --host). Stations open these links:")
        for line in station_lines(store, base, qr=not no_qr):
            click.echo(line)
        click.echo("Ctrl+C stops the door page; check-ins are saved as they happen.")
        try:
            web.run_app(make_app(store), host=address, port=port, print=None)
        except OSError as error:
            raise Failure(
                f"cannot listen on {address}:{port} ({error.strerror}); "
                "choose another --port or --host"
            ) from None
