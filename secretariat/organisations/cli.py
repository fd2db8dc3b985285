"""`secretariat organisations import`, `contacts import` and `register sync`."""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext

from ..extensions import db
from .directory import apply_directory, plan_directory
from .importer import apply_plan, plan_import
from .register_sync import sync_register
from .tabular import MAX_BYTES, SKIP_UNREADABLE, FileProblem, UnreadableRows, too_large

ACTION_WORDS = {"create": "+", "update": "~", "unchanged": "=", "error": "!"}


def _read(path: str) -> bytes:
    """The file's bytes, unless it is larger than any table an import reads."""
    try:
        if Path(path).stat().st_size > MAX_BYTES:
            raise click.ClickException(too_large().args[0])
        return Path(path).read_bytes()
    except OSError as error:
        raise click.ClickException(str(error)) from None


def _apply(apply, plan, dry_run: bool, skip_unreadable: bool) -> None:
    """All or nothing: refuse while rows cannot be read, unless told to leave them out."""
    if dry_run:
        return
    try:
        written = apply(plan, skip_unreadable=skip_unreadable)
    except UnreadableRows as refused:
        db.session.rollback()
        raise click.ClickException(
            gettext(
                "Nothing was imported, because some rows cannot be read (%(n)s; see the "
                "reasons above). Fix them and import the file again, or pass "
                "--skip-unreadable to leave them out and import the others.",
                n=refused.count,
            )
        ) from None
    db.session.commit()
    click.echo(gettext("Imported: %(n)s rows written.", n=written))


def _summary(plan) -> None:
    click.echo(
        gettext(
            "%(create)s new, %(update)s changed, %(same)s unchanged, %(error)s could not be read",
            create=plan.count("create"),
            update=plan.count("update"),
            same=plan.count("unchanged"),
            error=plan.count("error"),
        )
    )


@click.group("organisations", help="The signatory register.")
def organisations_cli():
    pass


@organisations_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Only show what would change.")
@click.option("--skip-unreadable", is_flag=True, help=SKIP_UNREADABLE + ".")
@with_appcontext
def import_organisations(file, dry_run, skip_unreadable):
    """Import organisations from CSV, TSV or XLSX."""
    try:
        plan = plan_import(_read(file), file)
    except FileProblem as problem:
        raise click.ClickException(str(problem)) from None
    for name in plan.unrecognised:
        click.echo(
            gettext("Column “%(name)s” was not recognised: its cells are not imported.", name=name)
        )
    line_word = gettext("line")
    for row in plan.rows:
        detail = row.reason or ", ".join(sorted(row.changes))
        click.echo(
            f"{ACTION_WORDS[row.action]} {line_word} {row.line}: {row.name}"
            + (f" — {detail}" if detail else "")
        )
        for warning in row.warnings:
            click.echo(f"  {warning}")
    _summary(plan)
    _apply(apply_plan, plan, dry_run, skip_unreadable)


@click.group("contacts", help="The contacts directory.")
def contacts_cli():
    pass


@contacts_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Only show what would change.")
@click.option(
    "--region", default="", help="Region of the municipalities, if the file's title does not say."
)
@click.option("--skip-unreadable", is_flag=True, help=SKIP_UNREADABLE + ".")
@with_appcontext
def import_contacts(file, dry_run, region, skip_unreadable):
    """Import a municipal contacts directory."""
    try:
        plan = plan_directory(_read(file), file, region)
    except FileProblem as problem:
        raise click.ClickException(str(problem)) from None
    line_word = gettext("line")
    for line in plan.lines:
        click.echo(
            f"{ACTION_WORDS[line.action]} {line_word} {line.line}: "
            f"{line.municipality} — {line.role}" + (f" ({line.reason})" if line.reason else "")
        )
        for warning in line.warnings:
            click.echo(f"  {warning}")
    if plan.not_read:
        click.echo(
            gettext(
                "Lines %(first)s–%(last)s hold another table and were not read.",
                first=plan.not_read[0],
                last=plan.not_read[1],
            )
        )
    _summary(plan)
    _apply(apply_directory, plan, dry_run, skip_unreadable)


@click.group("register", help="The Register of Enterprises.")
def register_cli():
    pass


@register_cli.command("sync")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Only report; change nothing.")
@with_appcontext
def sync_command(file, dry_run):
    """Mark signatories struck off the Register of Enterprises (register.csv)."""

    def progress(rows):
        click.echo(gettext("%(rows)s rows read…", rows=f"{rows:,}".replace(",", " ")), err=True)

    try:
        with open(file, encoding="utf-8-sig", newline="") as lines:
            report = sync_register(lines, apply=not dry_run, progress=progress)
    except FileProblem as problem:
        db.session.rollback()
        raise click.ClickException(str(problem)) from None
    for row in report.struck_off:
        click.echo(
            gettext(
                "struck off: %(name)s (%(regno)s) %(on)s %(reason)s",
                name=row.name,
                regno=row.registration_number,
                on=row.on or "",
                reason=row.reason,
            )
        )
    for regno, ours, theirs in report.renamed:
        click.echo(
            gettext(
                "name differs: %(regno)s “%(ours)s” — register: “%(theirs)s”",
                regno=regno,
                ours=ours,
                theirs=theirs,
            )
        )
    for regno, name in report.not_found:
        click.echo(gettext("not in the register: %(name)s (%(regno)s)", name=name, regno=regno))
    click.echo(
        gettext(
            "%(rows)s rows; %(struck)s struck off, %(renamed)s names differ, %(missing)s not found",
            rows=report.rows,
            struck=len(report.struck_off),
            renamed=len(report.renamed),
            missing=len(report.not_found),
        )
    )
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    sys.stdout.flush()
