"""`secretariat pdf update YYYY-MM -o FILE`, added to the documents' `pdf` group."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from ..core.pdf import render_pdf
from ..documents.cli import pdf_cli
from .document import update_html
from .months import BadMonth, parse_month
from .queries import update_for_month


@click.command("update")
@click.argument("month")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--locale", type=click.Choice(["lv", "en"]), default="lv", show_default=True)
@with_appcontext
def update_pdf_command(month, output, locale):
    """The monthly update of MONTH (written 2025-09), drafted or published."""
    try:
        first = parse_month(month)
    except BadMonth as error:
        with force_locale("en"):
            raise click.ClickException(f"{month!r}: {error.message}") from None
    update = update_for_month(first)
    if update is None:
        raise click.ClickException(
            f"there is no monthly update for {month}: draft it under Monthly updates first"
        )
    Path(output).write_bytes(render_pdf(update_html(update, locale)))
    click.echo(f"{output}: {Path(output).stat().st_size} bytes")


def add_pdf_commands() -> None:
    """Called by create_app: the `pdf` group belongs to documents, below this area."""
    pdf_cli.add_command(update_pdf_command)
