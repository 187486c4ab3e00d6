"""The `eventrunner` command: one click group, one module per family of subcommands."""

from __future__ import annotations

import click

from eventrunner import __version__
from eventrunner.cli.common import run_guarded
from eventrunner.cli.console_cmds import demo, project, run, serve
from eventrunner.cli.contacts_cmds import followup, play, qr
from eventrunner.cli.door_cmd import door
from eventrunner.cli.event_cmds import export, import_, info, new
from eventrunner.cli.generate_cmd import generate
from eventrunner.cli.mail_cmd import mail
from eventrunner.cli.plan_cmd import plan_cmd
from eventrunner.cli.print_cmd import print_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventrunner")
def cli() -> None:
    """eventrunner: run a speed-networking event from one laptop, offline.

    \b
    Typical evening:
      eventrunner new "Founders Mixer" --attendees registrations.csv --rounds 6
      eventrunner plan founders-mixer.event
      eventrunner run founders-mixer.event
    """


for command in (
    demo,
    new,
    import_,
    info,
    export,
    plan_cmd,
    run,
    project,
    serve,
    door,
    play,
    followup,
    qr,
    print_cmd,
    mail,
    generate,
):
    cli.add_command(command)


def main() -> None:
    """Entry point of the console script and `python -m eventrunner`."""
    run_guarded(cli)
