from pathlib import Path

import click
from flask.cli import with_appcontext

from ..core.pdf import render_pdf
from ..extensions import db
from ..meetings.models import Meeting
from . import builders, files


@click.group("pdf", help="Documents as PDF.")
def pdf_cli():
    pass


@pdf_cli.command("minutes")
@click.argument("meeting_id", type=int)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--locale", type=click.Choice(["lv", "en"]), default="lv", show_default=True)
@with_appcontext
def minutes_command(meeting_id, output, locale):
    """The minutes of a meeting."""
    _write(builders.minutes_html, meeting_id, output, locale)


@pdf_cli.command("summary")
@click.argument("meeting_id", type=int)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--locale", type=click.Choice(["lv", "en"]), default="lv", show_default=True)
@with_appcontext
def summary_command(meeting_id, output, locale):
    """A one-to-two-page summary of a meeting for signatories."""
    _write(builders.summary_html, meeting_id, output, locale)


def _write(builder, meeting_id: int, output: str, locale: str) -> None:
    from ..meetings.queries import meeting_page_options

    meeting = db.session.get(Meeting, meeting_id, options=meeting_page_options())
    if meeting is None:
        raise click.ClickException(f"no meeting {meeting_id}")
    minutes = meeting.minutes
    archived = minutes is not None and minutes.status == "locked"
    if builder is builders.minutes_html and archived and locale == "lv":
        data = files.read_verified(minutes.archive_sha256)
        if data is None:
            raise click.ClickException(
                f"the archived PDF of meeting {meeting_id}'s minutes is missing or altered "
                f"(SHA-256 {minutes.archive_sha256}); restore it from the backup"
            )
        Path(output).write_bytes(data)
        click.echo(f"{output}: {len(data)} bytes (archived copy, SHA-256 {minutes.archive_sha256})")
        return
    from flask import current_app

    with current_app.test_request_context():
        html = builder(meeting, locale)
    Path(output).write_bytes(render_pdf(html))
    click.echo(f"{output}: {Path(output).stat().st_size} bytes")
