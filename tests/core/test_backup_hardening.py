"""Backups that cannot be turned against the server: no stored name points outside its
folder, a backup is one moment of the database, a failed restore leaves nothing behind,
and a SQLite backup holding what PostgreSQL refuses says which rows."""

import hashlib
import json
import zipfile

import pytest
import sqlalchemy as sa

from secretariat.extensions import db

from ..conftest import submit
from .test_backup import _snapshot

TRAVERSAL = "../../../../etc/passwd"


def _attachment(app, make_meeting, content=b"%PDF-1.7 darba kartiba", visibility="public"):
    from secretariat.documents.files import store_bytes
    from secretariat.documents.services import add_attachment
    from secretariat.meetings.models import Meeting

    meeting = make_meeting(visibility="public")
    with app.app_context():
        stored = store_bytes(content, "darba kartiba.pdf")
        attachment = add_attachment(
            db.session.get(Meeting, meeting.id), stored, visibility=visibility
        )
        db.session.commit()
        return attachment.id, stored.sha256


def _rewrite(source, target, change) -> None:
    """A copy of the backup with `change(name, data)` applied to its parts, the manifest's
    checksums made to match: what a forger with the file in hand can make."""
    with zipfile.ZipFile(source) as old:
        manifest = json.loads(old.read("manifest.json"))
        parts = {name: old.read(name) for name in old.namelist() if name != "manifest.json"}
    parts = {name: change(name, data) for name, data in parts.items()}
    manifest["parts"] = {name: hashlib.sha256(data).hexdigest() for name, data in parts.items()}
    with zipfile.ZipFile(target, "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)
        new.writestr("manifest.json", json.dumps(manifest))


def _rows_changed(table: str, edit):
    def change(name, data):
        if name != f"data/{table}.jsonl":
            return data
        rows = [json.loads(line) for line in data.decode().splitlines()]
        return "".join(json.dumps(edit(row)) + "\n" for row in rows).encode()

    return change


def test_a_backup_row_naming_a_file_outside_its_folder_is_refused(
    app, runner, tmp_path, make_meeting
):
    _attachment(app, make_meeting)
    backup, forged = tmp_path / "rezerve.zip", tmp_path / "viltots.zip"
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    _rewrite(backup, forged, _rows_changed("attachments", lambda r: {**r, "sha256": TRAVERSAL}))
    before = _snapshot(app)
    result = runner.invoke(args=["backup", "restore", str(forged), "--yes"])
    assert result.exit_code == 1
    assert "attachments id 1, sha256: not the name of a stored file" in result.output
    assert _snapshot(app) == before


def test_a_backup_file_not_named_by_its_content_is_refused(app, runner, tmp_path, make_meeting):
    _, sha256 = _attachment(app, make_meeting)
    backup, forged = tmp_path / "rezerve.zip", tmp_path / "viltots.zip"
    runner.invoke(args=["backup", "create", str(backup)])
    other = hashlib.sha256(b"cits").hexdigest()

    with zipfile.ZipFile(backup) as old, zipfile.ZipFile(forged, "w") as new:
        manifest = json.loads(old.read("manifest.json"))
        for name in old.namelist():
            if name.endswith(sha256):  # the same bytes under another file's name
                renamed = f"files/attachments/{other[:2]}/{other}"
                new.writestr(renamed, old.read(name))
                manifest["parts"][renamed] = manifest["parts"].pop(name)
            elif name != "manifest.json":
                new.writestr(name, old.read(name))
        new.writestr("manifest.json", json.dumps(manifest))
    result = runner.invoke(args=["backup", "restore", str(forged), "--yes"])
    assert result.exit_code == 1 and "outside its folders" in result.output


def test_a_stored_name_that_is_no_hash_is_never_read_or_deleted(
    app, client, login_as, make_meeting, tmp_path
):
    """A row that got in before names were checked (or by hand) reaches nothing."""
    from secretariat.documents.models import Attachment

    attachment_id, _ = _attachment(app, make_meeting)
    secret = tmp_path / "noslepums.txt"  # beside attachments/, in the instance folder
    secret.write_text("parole")
    with app.app_context():
        db.session.execute(
            sa.update(Attachment)
            .where(Attachment.id == attachment_id)
            .values(sha256="./../noslepums.txt")  # what path_for once joined: attachments/./…
        )
        db.session.commit()
    assert client.get(f"/files/{attachment_id}").status_code == 404  # anonymous: public file
    login_as("staff")
    deleted = submit(
        client, f"/files/{attachment_id}/delete", form_url=f"/meetings/{1}/files"
    ).status_code
    assert deleted == 302
    assert secret.read_text() == "parole"


def test_a_file_changed_on_disk_is_not_served(app, client, make_meeting):
    from secretariat.documents.files import path_for

    attachment_id, sha256 = _attachment(app, make_meeting)
    served = client.get(f"/files/{attachment_id}")
    assert served.status_code == 200
    served.close()
    with app.app_context():
        path_for(sha256).write_bytes(b"%PDF-1.7 cits saturs")
    assert client.get(f"/files/{attachment_id}").status_code == 404


def test_a_backup_is_one_moment_however_much_is_written_meanwhile(app, tmp_path, make_meeting):
    """A meeting created while the backup is being written is in none of its tables, so
    the backup never holds an audit event (or anything else) for a meeting it lacks."""
    from secretariat.core.backup import create
    from secretariat.meetings.models import Meeting

    first = make_meeting(title="Pirms rezerves kopijas")
    backup = tmp_path / "rezerve.zip"
    written = []

    def meanwhile(line):
        if not written:  # after the first table: someone saves a meeting
            with app.app_context():
                meeting = Meeting(
                    body_id=first.body_id,
                    kind="session",
                    title="Rezerves laikā",
                    starts_at=first.starts_at,
                )
                db.session.add(meeting)
                db.session.commit()
                written.append(meeting.id)

    with app.app_context():
        create(backup, meanwhile)
    with zipfile.ZipFile(backup) as archive:
        meetings = archive.read("data/meetings.jsonl").decode()
        audit = [json.loads(line) for line in archive.read("data/audit_events.jsonl").splitlines()]
    assert written and "Rezerves laikā" not in meetings and "Pirms rezerves" in meetings
    meeting_events = {e["object_id"] for e in audit if e["object_type"] == "meeting"}
    assert meeting_events == {first.id}


def test_a_failed_restore_removes_the_files_it_wrote(app, runner, tmp_path, make_meeting):
    from secretariat.documents.files import path_for

    _, sha256 = _attachment(app, make_meeting)
    backup, broken = tmp_path / "rezerve.zip", tmp_path / "bojata.zip"
    runner.invoke(args=["backup", "create", str(backup)])

    def twice(name, data):  # a row twice: the database refuses it after the files are out
        return data + data.splitlines(keepends=True)[0] if name == "data/meetings.jsonl" else data

    _rewrite(backup, broken, twice)
    with app.app_context():
        path_for(sha256).unlink()
    before = _snapshot(app)
    result = runner.invoke(args=["backup", "restore", str(broken), "--yes"])
    assert result.exit_code != 0
    with app.app_context():
        assert not path_for(sha256).exists()
    assert _snapshot(app) == before


def test_a_sqlite_backup_with_what_postgresql_refuses_says_which_rows(app, tmp_path, make_meeting):
    """On SQLite the same backup restores whole; on PostgreSQL the rows are named and the
    database is left as it was."""
    import flask_migrate

    from secretariat import create_app
    from secretariat.core.backup import BackupError, create, restore
    from secretariat.meetings.models import Meeting
    from secretariat.organisations.models import Organisation

    from ..conftest import app_config

    source = create_app(app_config(f"sqlite:///{tmp_path / 'vieta.db'}", tmp_path / "vieta"))
    backup = tmp_path / "parcelšana.zip"
    with source.app_context():
        flask_migrate.upgrade()
        # SQLite keeps what PostgreSQL refuses: a NUL, a name longer than its column
        db.session.add(Organisation(name="Biedrība\x00Ābele"))
        db.session.add(Organisation(name="Garš nosaukums " + "ā" * 400))
        db.session.commit()
        create(backup)
        db.engine.dispose()
    make_meeting(title="Paliek, ja neizdodas")
    before = _snapshot(app)
    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
        if postgresql:
            with pytest.raises(BackupError) as refused:
                restore(backup)
            message = str(refused.value)
            assert "cannot be restored into this postgresql database" in message
            assert "organisations id 1, name: text with a NUL character" in message
            assert "organisations id 2, name: longer than 300 characters" in message
        else:
            restore(backup)
    if postgresql:
        assert _snapshot(app) == before
    else:
        with app.app_context():
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0
            assert db.session.get(Organisation, 1).name == "Biedrība\x00Ābele"
