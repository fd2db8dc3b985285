import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db


@click.group("demo", help="Demo data.")
def demo_cli():
    pass


@demo_cli.command("load")
@click.option("--scale", type=click.Choice(["seed", "large"]), default="seed", show_default=True)
@click.option("--quiet", is_flag=True, help="Say nothing of the accounts (make run says it).")
@with_appcontext
def load_command(scale, quiet):
    """Load the seeds' 2025 data (idempotent), or a large generated set for benchmarks."""
    from ..search.index import rebuild
    from . import large, seed

    if current_app.config.get("SESSION_COOKIE_SECURE") and not current_app.testing:
        # the production configuration: demo accounts with a shared password do not belong
        raise click.ClickException(
            "refusing to load demo data (and demo accounts) under the production "
            "configuration; unset SECRETARIAT_ENV=production for a demo"
        )

    credentials = seed.load(current_app.instance_path)
    if scale == "large":
        counts = large.load()
        click.echo("generated: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    # the large data is written in bulk, past the index's hook; and a database from before
    # the search index (make run on an older instance) gets its index here
    rebuild(db.session.connection())
    db.session.commit()
    if quiet:
        return
    click.echo("Demo data loaded. Demo accounts (all with the same password):")
    for email, role in credentials.accounts:
        click.echo(f"  {role:<10} {email}")
    click.echo(f"  password   {credentials.password}")


@demo_cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve_command(host, port):
    """The development server with the scheduler beside it, for the demo (make run)."""
    from .serve import serve

    serve(host, port)
