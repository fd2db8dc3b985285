import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extensions import db
from .models import ROLES, User
from .services import AccountError, create_user


@click.group("users", help="Manage user accounts.")
def users_cli():
    pass


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", default="", help="Full name shown in the app.")
@click.option("--organisation", "regno", help="Registration number (signatory users).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_command(email, role, name, regno, password_stdin):
    """Create a user who can sign in."""
    organisation = None
    if regno:
        # the register sits above accounts: reached through the relationship
        Organisation = User.organisation.property.mapper.class_  # noqa: N806
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.registration_number == regno)
        )
        if organisation is None:
            raise click.ClickException(f"no organisation with registration number {regno}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, password, role, name=name, organisation=organisation)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"created {user.role} {user.email}")
