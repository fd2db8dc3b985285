"""A database that cannot be written (a read-only file or server, a full disk) or reached:
people get a clear page saying nothing was lost, /health says what is wrong, nothing is
half-saved, and the app recovers by itself once the database can be written again.

The failures are simulated as the issue allows (tests run as root, whom file permissions
do not stop): connections opened while the switch is on are read-only for good, as SQLite
opens a read-only file; a real `mode=ro` SQLite file is used too."""

import errno
import io

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from secretariat.extensions import db
from secretariat.meetings.models import AgendaItem

from .conftest import PASSWORD, csrf_token, sign_in, submit
from .helpers import lv, text_of

NOT_SAVED = (
    "The database cannot take changes just now (the server's disk may be full, or the "
    "database read-only). Nothing that was saved before has been lost, but what you just sent "
    "was not saved: go back and send it again in a few minutes."
)


class ReadOnlySwitch:
    """While on, every connection the app opens is read-only, and stays so."""

    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine
        self.on = False
        event.listen(self.engine, "connect", self._connect)

    def _connect(self, dbapi_connection, record):
        if not self.on:
            return
        cursor = dbapi_connection.cursor()
        if self.engine.dialect.name == "postgresql":
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()
        else:
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    def turn_on(self):
        self.on = True
        self.engine.dispose()  # the connections open now are opened again, read-only

    def turn_off(self):
        self.on = False  # those opened meanwhile stay read-only: the app must let them go


@pytest.fixture
def read_only(app):
    switch = ReadOnlySwitch(app)
    yield switch
    switch.turn_off()
    switch.engine.dispose()
    event.remove(switch.engine, "connect", switch._connect)


def _agenda_item(client, meeting, title):
    data = {"title": title, "presenter": "", "notes": "", "duration_minutes": ""}
    return submit(client, f"/meetings/{meeting.id}/agenda", data)


def _titles(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(sa.select(AgendaItem.title)).all()


def test_a_save_on_a_read_only_database_says_nothing_was_lost_then_works_again(
    app, client, login_as, make_meeting, read_only
):
    meeting = make_meeting()
    login_as("staff")
    read_only.turn_on()
    assert client.get(f"/meetings/{meeting.id}").status_code == 200  # reading still works
    refused = _agenda_item(client, meeting, "Par budžetu")
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "60"
    assert lv("Cannot save just now") in text_of(refused)
    assert lv(NOT_SAVED) in text_of(refused)
    health = client.get("/health")
    assert health.status_code == 200 and health.get_json()["database"] == "read-only"

    read_only.turn_off()  # the disk has room again, the file is writable: no restart
    assert client.get("/health").get_json()["database"] == "ok"
    saved = _agenda_item(client, meeting, "Par budžetu")
    assert saved.status_code == 302
    assert _titles(app) == ["Par budžetu"]


def test_signing_in_on_a_read_only_database_gets_the_clear_page(client, make_user, read_only):
    user = make_user("staff")
    read_only.turn_on()
    response = sign_in(client, user.email)
    assert response.status_code == 503
    assert lv("Cannot save just now") in text_of(response)


def test_a_full_disk_while_a_file_is_stored_leaves_no_file_and_no_row(
    app, client, login_as, make_meeting, monkeypatch
):
    from secretariat.documents import files
    from secretariat.documents.models import Attachment

    meeting = make_meeting()
    login_as("staff")
    token = csrf_token(client, f"/meetings/{meeting.id}/files")

    class FullDisk(io.BytesIO):
        def read(self, size=-1):
            data = super().read(size)
            if data:
                raise OSError(errno.ENOSPC, "No space left on device")
            return data

    real_store = files.store
    monkeypatch.setattr(
        files, "store", lambda stream, name: real_store(FullDisk(b"%PDF-1.7"), name)
    )
    response = client.post(
        f"/meetings/{meeting.id}/files",
        data={
            "csrf_token": token,
            "file": (io.BytesIO(b"%PDF-1.7 darba kartiba"), "kartiba.pdf"),
            "title": "Darba kārtība",
            "visibility": "internal",
            "owner": "meeting",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 503
    assert lv(NOT_SAVED) in text_of(response)
    with app.app_context():
        folder = files.folder()
        assert [p.name for p in folder.rglob("*")] == []  # no half-written incoming- file
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 0


def test_a_database_that_cannot_be_reached_gets_the_clear_page(app, client, make_meeting):
    make_meeting(visibility="public")
    with app.app_context():
        engine = db.engine

    def gone(conn, cursor, statement, parameters, context, executemany):
        raise sa.exc.OperationalError(statement, parameters, Exception("server closed"))

    event.listen(engine, "before_cursor_execute", gone)
    try:
        page = client.get("/public/")
        assert page.status_code == 503
        assert lv("Cannot save just now") in text_of(page)
        health = client.get("/health")
        assert health.status_code == 503 and health.get_json()["database"] == "unavailable"
    finally:
        event.remove(engine, "before_cursor_execute", gone)
    assert client.get("/public/").status_code == 200


def test_a_read_only_sqlite_file(tmp_path):
    """The real thing: the database file opened read-only (`mode=ro`)."""
    import flask_migrate

    from secretariat import create_app
    from secretariat.auth.services import create_user

    from .conftest import app_config

    path = tmp_path / "tikai-lasama.db"
    writable = create_app(app_config(f"sqlite:///{path}", tmp_path / "rw"))
    with writable.app_context():
        flask_migrate.upgrade()
        create_user("ilze@example.org", PASSWORD, "staff", name="Ilze")
        db.session.commit()
        db.engine.dispose()
    app = create_app(app_config(f"sqlite:///file:{path}?mode=ro&uri=true", tmp_path / "ro"))
    client = app.test_client()
    assert client.get("/health").get_json()["database"] == "read-only"
    response = sign_in(client, "ilze@example.org")
    assert response.status_code == 503
    assert lv(NOT_SAVED) in text_of(response)
    with app.app_context():
        db.engine.dispose()


def test_a_signed_in_page_whose_first_query_fails_gets_the_clear_page(
    app, client, login_as, make_meeting
):
    """The failure comes before anything was translated: the page still speaks the reader's
    language, drawn without their account (its record went with the failed session)."""
    meeting = make_meeting()
    login_as("staff")
    with app.app_context():
        engine = db.engine

    def meetings_gone(conn, cursor, statement, parameters, context, executemany):
        if "FROM meetings" in statement:
            raise sa.exc.OperationalError(statement, parameters, Exception("disk I/O error"))

    event.listen(engine, "before_cursor_execute", meetings_gone)
    try:
        page = client.get(f"/meetings/{meeting.id}")
        assert page.status_code == 503
        assert lv("Cannot save just now") in text_of(page)
    finally:
        event.remove(engine, "before_cursor_execute", meetings_gone)
    assert client.get(f"/meetings/{meeting.id}").status_code == 200  # still signed in
