"""The `secretariat` command: Flask's commands (run, db …) plus the app's own groups."""

from flask.cli import FlaskGroup


def _create_app():
    from . import create_app

    return create_app()


cli = FlaskGroup(create_app=_create_app, help="Secretariat of the Memorandum Council.")


def main() -> None:
    cli(prog_name="secretariat")
