"""`secretariat backup create|restore`: everything back as it was, or nothing changed."""

import hashlib
import json
import zipfile

import sqlalchemy as sa

from secretariat.extensions import db


def _snapshot(app) -> dict:
    """Every row of every table, as the database returns them."""
    with app.app_context():
        with db.engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        table.select().order_by(*table.primary_key.columns)
                    )
                ]
                for table in db.metadata.sorted_tables
            }


def _demo_with_files(app, runner):
    from secretariat.core.types import utcnow
    from secretariat.documents.files import store_bytes
    from secretariat.documents.services import add_attachment
    from secretariat.meetings.models import Meeting

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        meeting = db.session.scalar(
            sa.select(Meeting).where(~Meeting.minutes.has()).order_by(Meeting.id)
        )
        stored = store_bytes(b"%PDF-1.7 pielikums \xc4\x81", "prezentācija.pdf")
        add_attachment(meeting, stored, title="Prezentācija ā č ē", visibility="public")
        meeting.description = "Jaunā rindā\nar „pēdiņām” un 🙂"
        meeting.created_at = utcnow()
        db.session.commit()
        return stored.sha256


def test_a_backup_restores_every_row_and_file(app, runner, tmp_path):
    from secretariat.documents.files import path_for

    sha256 = _demo_with_files(app, runner)
    before = _snapshot(app)
    backup = tmp_path / "rezerve.zip"
    result = runner.invoke(args=["backup", "create", str(backup)])
    assert result.exit_code == 0, result.output
    assert "meetings:" in result.output

    # things change after the backup: a row goes, a row is added, a file is lost
    with app.app_context():
        db.session.execute(sa.text("DELETE FROM attachments"))
        db.session.execute(sa.text("UPDATE meetings SET title = 'Pārrakstīts'"))
        db.session.commit()
        path_for(sha256).unlink()

    result = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert _snapshot(app) == before
    with app.app_context():
        assert hashlib.sha256(path_for(sha256).read_bytes()).hexdigest() == sha256

    # and the restored database goes on as before: new rows get fresh ids
    from secretariat.meetings.models import Meeting

    with app.app_context():
        newest = max(row[0] for row in before["meetings"])
        meeting = Meeting(
            body_id=before["meetings"][0][1],
            kind="session",
            title="Pēc atjaunošanas",
            starts_at=db.session.get(Meeting, newest).starts_at,
        )
        db.session.add(meeting)
        db.session.commit()
        assert meeting.id > newest


def test_restore_asks_first_and_refuses_a_damaged_or_foreign_file(app, runner, tmp_path):
    _demo_with_files(app, runner)
    backup = tmp_path / "rezerve.zip"
    runner.invoke(args=["backup", "create", str(backup)])
    before = _snapshot(app)

    declined = runner.invoke(args=["backup", "restore", str(backup)], input="n\n")
    assert declined.exit_code == 1 and "replaces everything" in declined.output

    damaged = tmp_path / "bojāta.zip"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "data/meetings.jsonl":
                data = data.replace("Jēkabpil".encode(), b"Jekabpil")
            target.writestr(item, data)
    result = runner.invoke(args=["backup", "restore", str(damaged), "--yes"])
    assert result.exit_code == 1
    assert "data/meetings.jsonl does not match its checksum" in result.output

    older = tmp_path / "vecaka.zip"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(older, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["revision"] = "0001_meetings_core"
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    result = runner.invoke(args=["backup", "restore", str(older), "--yes"])
    assert result.exit_code == 1 and "schema revision 0001_meetings_core" in result.output

    not_zip = tmp_path / "teksts.zip"
    not_zip.write_text("nav arhīvs")
    result = runner.invoke(args=["backup", "restore", str(not_zip), "--yes"])
    assert result.exit_code == 1 and "cannot be read as a ZIP file" in result.output

    assert _snapshot(app) == before  # nothing was touched by any refused restore


def test_a_backup_of_the_embedded_database_restores_into_the_test_database(app, tmp_path):
    """make run's SQLite data moved to production: on the PostgreSQL run this is SQLite →
    PostgreSQL."""
    import flask_migrate

    from secretariat import create_app
    from secretariat.core.backup import create, restore
    from secretariat.demo.seed import load

    from ..conftest import app_config

    source = create_app(app_config(f"sqlite:///{tmp_path / 'vieta.db'}", tmp_path / "vieta"))
    backup = tmp_path / "parcelšana.zip"
    with source.app_context():
        flask_migrate.upgrade()
        load(source.instance_path)
        db.session.commit()
        create(backup)
        db.engine.dispose()
    with app.app_context():
        summary = restore(backup)
        assert summary.tables["meetings"] >= 5
    source_rows = _snapshot(source)
    assert _snapshot(app) == source_rows


def test_a_backup_cannot_write_outside_the_instance(app, runner, tmp_path):
    backup = tmp_path / "rezerve.zip"
    runner.invoke(args=["backup", "create", str(backup)])
    outside = tmp_path / "ārpusē.txt"
    crafted = tmp_path / "viltots.zip"
    payload = b"ne te"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(crafted, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                for name in (f"files/attachments/{outside}", "files/attachments/../../x.txt"):
                    manifest["parts"][name] = hashlib.sha256(payload).hexdigest()
                    target.writestr(name, payload)
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    result = runner.invoke(args=["backup", "restore", str(crafted), "--yes"])
    assert result.exit_code == 1 and "outside its folders" in result.output
    assert not outside.exists()
