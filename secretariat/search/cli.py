"""`secretariat search rebuild`: the index written again from the records."""

import click
from flask.cli import with_appcontext

from ..extensions import db
from .index import rebuild


@click.group("search", help="The search index.")
def search_cli():
    pass


@search_cli.command("rebuild")
@with_appcontext
def rebuild_command():
    """Write the search index again from every record (after loading data in bulk, or after
    upgrading to a release that indexes more)."""
    counts = rebuild(db.session.connection())
    db.session.commit()
    click.echo(f"search index: {sum(counts.values())} entries")
    for kind, n in counts.items():
        click.echo(f"  {kind:<14} {n}")
