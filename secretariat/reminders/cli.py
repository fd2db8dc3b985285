import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext

from ..core.types import utcnow
from .outbox import BATCH, deliver_due
from .rules import SweepFailed, sweep


@click.group("reminders", help="Reminders and the outbox.")
def reminders_cli():
    pass


@reminders_cli.command("run-once")
@click.option(
    "--now", "now_text", help="Pretend it is this moment (ISO 8601, e.g. 2025-09-17T08:00+03:00)."
)
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=BATCH,
    show_default=True,
    help="Messages claimed at a time while delivering.",
)
@with_appcontext
def run_once(now_text, batch):
    """One sweep of the rules and one delivery pass (until nothing due is left)."""
    now = utcnow()
    if now_text:
        try:
            now = dt.datetime.fromisoformat(now_text)
        except ValueError:
            raise click.BadParameter("not an ISO 8601 moment", param_hint="--now") from None
        if now.tzinfo is None:
            raise click.BadParameter("give the time zone, e.g. +03:00", param_hint="--now")
    try:
        written, failure = sweep(now), None
    except SweepFailed as error:
        written, failure = "?", str(error)
    counts = deliver_due(now, batch=batch)
    click.echo(
        f"written {written}, sent {counts['sent']}, to retry {counts['retry']}, "
        f"failed {counts['failed']}"
        + (f", withheld (demo data) {counts['withheld']}" if counts.get("withheld") else "")
    )
    if failure:
        raise click.ClickException(f"the sweep failed in part: {failure}")


@click.group("scheduler", help="The scheduler process.")
def scheduler_cli():
    pass


@scheduler_cli.command("run")
@with_appcontext
def run_command():
    """Run the one scheduler process (keep exactly one beside the web workers)."""
    import logging

    from .scheduler import run

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    run(current_app._get_current_object())
