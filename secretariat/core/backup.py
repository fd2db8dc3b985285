"""Backups that restore on either database: every table as JSON lines, the attached files
and archived minutes, and a manifest, in one ZIP file.

`secretariat backup create FILE` reads a consistent snapshot table by table and streams it
out (memory stays flat); `secretariat backup restore FILE` checks the whole file first
(format, schema revision, each part's SHA-256), then replaces every row in one
transaction: either the database is exactly the backup's, or it is left as it was.
A logical backup rather than pg_dump or a copy of the SQLite file, so a backup of the
embedded SQLite database restores into PostgreSQL and back.
"""

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from .types import plain, utcnow
from .uploads import is_stored_name

FORMAT = "secretariat-backup"
FORMAT_VERSION = 1
BATCH = 1000
#: folders of instance/ that hold data the database points at
FOLDERS = ("attachments",)


class BackupError(Exception):
    """The file is not a backup this database can take; the message says why."""


@dataclass
class Summary:
    tables: dict[str, int]
    files: int
    revision: str


# --- values to JSON and back --------------------------------------------------------------


def _plain(value):
    stored = plain(value)
    if stored is value:  # json.dumps asks only for what it cannot write itself
        raise TypeError(f"cannot store {type(value).__name__} in a backup")
    return stored


def _reader(column):
    """How a stored JSON value becomes the column's Python value again."""
    kind = column.type
    kind = getattr(kind, "impl_instance", None) or getattr(kind, "impl", kind)
    if isinstance(kind, type):
        kind = kind()
    if isinstance(kind, sa.DateTime):

        def moment(value):
            parsed = dt.datetime.fromisoformat(value)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)

        return moment
    if isinstance(kind, sa.Date):
        return dt.date.fromisoformat
    if isinstance(kind, sa.Time):
        return dt.time.fromisoformat
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float | sa.Integer):
        return decimal.Decimal
    if isinstance(kind, sa.LargeBinary):
        return lambda value: base64.b64decode(value["$base64"])
    return None


def _revision(connection) -> str:
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()


def _tables() -> list[sa.Table]:
    return list(db.metadata.sorted_tables)


def _instance() -> Path:
    return Path(current_app.config["INSTANCE_DIR"])


# --- create ---------------------------------------------------------------------------------


def _snapshot(connection) -> None:
    """Read every table in one transaction that sees one moment of the database, so rows
    that point at each other match however much is written meanwhile.

    PostgreSQL: a repeatable-read transaction. SQLite (WAL): a read transaction, begun by
    hand because the sqlite3 module begins none for reads; its first read fixes what it
    sees until it ends, while writers go on."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
    else:
        connection.exec_driver_sql("BEGIN")


def create(path: Path, echo=lambda message: None) -> Summary:
    """Write the backup to `path` (through a temporary file, so a half-written backup never
    takes the name)."""
    partial = path.with_name(path.name + ".partial")
    try:
        summary = _write(partial, echo)
    except BaseException:  # a full disk, a failed read: no half backup stays behind
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return summary


def _write(partial: Path, echo=lambda message: None) -> Summary:
    counts, parts = {}, {}
    with (
        db.engine.connect() as connection,
        zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        _snapshot(connection)
        revision = _revision(connection)
        for table in _tables():
            name = f"data/{table.name}.jsonl"
            digest, count = hashlib.sha256(), 0
            with archive.open(name, "w") as out:
                order = list(table.primary_key.columns) or list(table.columns)
                result = connection.execution_options(yield_per=BATCH).execute(
                    table.select().order_by(*order)
                )
                for row in result:
                    line = json.dumps(dict(row._mapping), default=_plain, ensure_ascii=False)
                    data = (line + "\n").encode("utf-8")
                    digest.update(data)
                    out.write(data)
                    count += 1
            counts[table.name], parts[name] = count, digest.hexdigest()
            echo(f"  {table.name}: {count}")
        files = 0
        for folder in FOLDERS:
            root = _instance() / folder
            for file in sorted(root.rglob("*")) if root.is_dir() else ():
                if file.is_file() and not file.name.startswith("incoming-"):
                    name = f"files/{folder}/{file.relative_to(root).as_posix()}"
                    data = file.read_bytes()
                    archive.writestr(name, data)
                    parts[name] = hashlib.sha256(data).hexdigest()
                    files += 1
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": utcnow().isoformat(),
            "revision": revision,
            "tables": counts,
            "parts": parts,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
    return Summary(counts, files, revision)


# --- restore --------------------------------------------------------------------------------


def _manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("not a Secretariat backup: it has no readable manifest") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError("not a Secretariat backup of a format this version can read")
    return manifest


def check(path: Path) -> dict:
    """Open and verify the whole backup before anything is changed; returns its manifest."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"{path} cannot be read as a ZIP file: {error}") from error
    with archive:
        manifest = _manifest(archive)
        for name, expected in manifest["parts"].items():
            digest = hashlib.sha256()
            try:
                with archive.open(name) as part:
                    while chunk := part.read(1024 * 1024):
                        digest.update(chunk)
            except (KeyError, zipfile.BadZipFile) as error:
                raise BackupError(f"the backup is damaged: {name} is missing or broken") from error
            if digest.hexdigest() != expected:
                raise BackupError(f"the backup is damaged: {name} does not match its checksum")
    known = {table.name for table in _tables()}
    unknown = set(manifest["tables"]) ^ known
    if unknown:
        raise BackupError(f"the backup's tables differ from this version's: {sorted(unknown)}")
    return manifest


def _rows(archive, table: sa.Table):
    readers = {c.name: _reader(c) for c in table.columns}
    with archive.open(f"data/{table.name}.jsonl") as lines:
        for line in io.TextIOWrapper(lines, encoding="utf-8"):
            row = json.loads(line)
            yield {
                key: readers[key](value) if value is not None and readers.get(key) else value
                for key, value in row.items()
            }


def _self_references(table: sa.Table) -> list[str]:
    return [
        column.name
        for column in table.columns
        for key in column.foreign_keys
        if key.column.table is table
    ]


def _insert(connection, table: sa.Table, rows) -> None:
    """Insert in batches; columns pointing into the same table are filled in afterwards
    (keeping what an `onupdate` column, such as meetings.updated_at, held)."""
    later = _self_references(table)
    kept = [column.name for column in table.columns if column.onupdate is not None]
    pending, links = [], []
    for row in rows:
        if later:
            links.append((row["id"], {name: row[name] for name in [*later, *kept]}))
            row = {**row, **dict.fromkeys(later)}
        pending.append(row)
        if len(pending) == BATCH:
            connection.execute(table.insert(), pending)
            pending = []
    if pending:
        connection.execute(table.insert(), pending)
    for row_id, values in links:
        if any(values[name] is not None for name in later):
            connection.execute(table.update().where(table.c.id == row_id).values(**values))


def _reset_sequences(connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    for table in _tables():
        if "id" in table.c and isinstance(table.c.id.type, sa.Integer):
            connection.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f'COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table.name}"'
                )
            )


def restore(path: Path, echo=lambda message: None) -> Summary:
    """Replace the database's rows and the instance's files with the backup's."""
    manifest = check(path)
    with zipfile.ZipFile(path) as archive:
        with db.engine.connect() as connection:
            revision = _revision(connection)
        if manifest["revision"] != revision:
            raise BackupError(
                f"the backup was made at schema revision {manifest['revision']}, this database "
                f"is at {revision}: restore into a database at the backup's revision "
                "(secretariat db upgrade REVISION), then upgrade"
            )
        targets = _file_targets(manifest)
        _check_rows(archive, db.engine.dialect.name)
        # files first: they are named by their content, so an extra one harms nothing; the
        # ones this restore adds go again if the rows cannot be written
        written = []
        try:
            for name, target in targets:
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    written.append(target)
                    target.write_bytes(archive.read(name))
            _replace_rows(archive, manifest, echo)
        except BaseException:
            for target in written:
                target.unlink(missing_ok=True)
            raise
    return Summary(manifest["tables"], len(targets), revision)


def _replace_rows(archive, manifest: dict, echo) -> None:
    tables = _tables()
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(sa.text(f"TRUNCATE {names} CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(table.delete())
        for table in tables:
            _insert(connection, table, _rows(archive, table))
            echo(f"  {table.name}: {manifest['tables'][table.name]}")
        _reset_sequences(connection)


def _file_targets(manifest: dict) -> list[tuple[str, Path]]:
    """Where each file of the backup goes, all checked before any is written: a file is
    kept under its own SHA-256 (files/attachments/ab/ab…), never anywhere else."""
    targets = []
    for name, checksum in manifest["parts"].items():
        if not name.startswith("files/"):
            continue
        folder, _, relative = name.removeprefix("files/").partition("/")
        shard, _, stored = relative.partition("/")
        if (
            folder not in FOLDERS
            or not is_stored_name(stored)
            or shard != stored[:2]
            or checksum != stored  # the content is what the name says
        ):
            raise BackupError(f"the backup names a file outside its folders: {name}")
        targets.append((name, _instance() / folder / shard / stored))
    return targets


#: the largest number an INTEGER column holds on PostgreSQL (SQLite holds 64 bits)
_INTEGER = 2**31 - 1


def _unfit(column: sa.Column, value, dialect: str) -> str | None:
    """Why this database cannot take the value (None when it can)."""
    if value is None:
        return None
    if column.info.get("stored_file") and not is_stored_name(value):
        return "not the name of a stored file"
    if dialect != "postgresql":
        return None
    if isinstance(value, str):
        if "\x00" in value:
            return "text with a NUL character"
        length = getattr(column.type, "length", None)
        if length and len(value) > length:
            return f"longer than {length} characters"
    if (
        isinstance(value, int)
        and isinstance(column.type, sa.Integer)
        and not isinstance(column.type, sa.BigInteger)
        and not -_INTEGER - 1 <= value <= _INTEGER
    ):
        return "a number too large"
    return None


def _check_rows(archive, dialect: str, shown: int = 20) -> None:
    """Read every row once before anything is changed: refused, with the rows named, when
    this database cannot take them all (a SQLite backup may hold what PostgreSQL refuses),
    or when a row names a stored file by anything but its SHA-256."""
    problems, count = [], 0
    for table in _tables():
        columns = table.columns
        for row in _rows(archive, table):
            for key, value in row.items():
                reason = _unfit(columns[key], value, dialect) if key in columns else None
                if reason:
                    count += 1
                    if len(problems) < shown:
                        where = f"id {row['id']}" if "id" in row else "a row"
                        problems.append(f"{table.name} {where}, {key}: {reason}")
    if count:
        more = f" (and {count - shown} more)" if count > shown else ""
        raise BackupError(
            f"{count} values in the backup cannot be restored into this {dialect} database"
            f"{more}; fix them in the source database and back it up again:\n  "
            + "\n  ".join(problems)
        )


# --- the command line -----------------------------------------------------------------------


@click.group("backup", help="Back up and restore the database and the attached files.")
def backup_cli():
    pass


@backup_cli.command("create")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def create_command(file):
    """Write everything to FILE (a .zip)."""
    summary = create(file, click.echo)
    rows = sum(summary.tables.values())
    click.echo(
        f"{file}: {rows} rows in {len(summary.tables)} tables, {summary.files} files "
        f"(schema {summary.revision})"
    )


@backup_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the data.")
@with_appcontext
def restore_command(file, yes):
    """Replace every row of the database (and add the files) with the backup in FILE."""
    try:
        check(file)
        if not yes:
            click.confirm(
                "This replaces everything in the database with the backup. Go on?", abort=True
            )
        summary = restore(file, click.echo)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored {sum(summary.tables.values())} rows and {summary.files} files")
