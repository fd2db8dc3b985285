"""When the database or the disk cannot take a write — a full disk, a read-only database
file or server, a database that is gone for a moment: a clear page instead of a 500,
a /health that says so, and a process that recovers by itself once they are back.

A connection opened while the database could not be written may stay that way after it
can be again (SQLite opens a read-only file read-only, for good; a PostgreSQL session keeps
the read-only default it began with). So from a failure until a while after the last one,
a connection is used only fresh: each one opened before is closed and opened again when it
is next taken from the pool, and once the database can be written again, the next request
can write. (Emptying the pool instead would lose the connections in use at that moment.)
"""

import errno
import shutil
import time
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, g, request
from flask_babel import gettext
from markupsafe import escape
from sqlalchemy import event
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InternalError,
    OperationalError,
    SQLAlchemyError,
)

from ..extensions import db
from .i18n import locale_name

#: a disk that is full, over its quota, or mounted read-only
FULL_OR_READ_ONLY = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
#: PostgreSQL: a write in a read-only transaction (a standby, default_transaction_read_only)
_READ_ONLY_TRANSACTION = "25006"
#: what /health tries: a write that changes nothing, in a transaction that is rolled back
_WRITE_PROBE = sa.text("UPDATE alembic_version SET version_num = version_num WHERE 1 = 0")


def is_storage_failure(error: BaseException) -> bool:
    if isinstance(error, OperationalError):
        return True
    if isinstance(error, InternalError):
        return getattr(error.orig, "sqlstate", None) == _READ_ONLY_TRANSACTION
    return isinstance(error, OSError) and error.errno in FULL_OR_READ_ONLY


#: how long after a failure connections are opened afresh for each use
SUSPECT_FOR = 60.0


class _Connections:
    """Replaces connections opened around a storage failure when they are next used."""

    def __init__(self):
        self.failed_at = None

    def opened(self, dbapi_connection, record):
        record.info["opened_at"] = time.monotonic()
        record.info["unused"] = True

    def checkout(self, dbapi_connection, record, proxy):
        if record.info.pop("unused", False) or self.failed_at is None:
            return  # opened for this very use, or no failure seen
        if record.info.get("opened_at", 0.0) <= self.failed_at + SUSPECT_FOR:
            raise DisconnectionError("opened around a storage failure: open it again")

    def failed(self):
        self.failed_at = time.monotonic()


def install(app) -> None:
    """Watch the app's connections (called once by create_app)."""
    connections = _Connections()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "connect", connections.opened)
    event.listen(engine, "checkout", connections.checkout)
    app.extensions["storage_connections"] = connections


def recover() -> None:
    """Undo what the request began and let go of connections that may stay broken."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass  # the connection is gone already: removing the session is enough
    db.session.remove()
    current_app.extensions["storage_connections"].failed()


def storage_failure_page(error: BaseException):
    """The error handler: 503 with what happened and that nothing saved was lost."""
    if not is_storage_failure(error):
        raise error
    locale_name()  # the reader's language, found while their account can still be read
    recover()
    # the signed-in user's record went with the session: the page is drawn as for a visitor
    g._login_user = current_app.login_manager.anonymous_user()
    current_app.logger.error("storage failure on %s %s: %s", request.method, request.path, error)
    from .web import _error_page

    title = gettext("Cannot save just now")
    if request.method in ("GET", "HEAD"):
        message = gettext(
            "The database cannot be reached just now. Nothing that was saved has been lost: "
            "try again in a few minutes."
        )
    else:
        message = gettext(
            "The database cannot take changes just now (the server's disk may be full, or the "
            "database read-only). Nothing that was saved before has been lost, but what you "
            "just sent was not saved: go back and send it again in a few minutes."
        )
    try:
        response, status = _error_page(503, title, message)
    except SQLAlchemyError:  # the page itself needed the database: a page without it
        recover()
        response = f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1>"
        response, status = response + f"<p>{escape(message)}</p>", 503
    return response, status, {"Retry-After": "60"}


def database_state() -> str:
    """ "ok", "read-only" (pages can be read, nothing saved) or "unavailable"."""
    try:
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
            try:
                connection.execute(_WRITE_PROBE)
            except DBAPIError as error:
                if not is_storage_failure(error):
                    raise
                state = "read-only"
            else:
                state = "ok"
            finally:
                connection.rollback()
    except OperationalError:
        state = "unavailable"
    if state != "ok":  # so that the next check, and request, start afresh
        current_app.extensions["storage_connections"].failed()
    return state


def storage_state() -> str:
    """ "ok", or "low" when the instance folder (uploads, attachments, mail) or the SQLite
    database's folder has less room left than STORAGE_MIN_FREE_MB."""
    folders = {Path(current_app.config["INSTANCE_DIR"])}
    database = db.engine.url.database or ""
    if db.engine.dialect.name == "sqlite" and database not in ("", ":memory:"):
        folders.add(Path(database.removeprefix("file:")).parent)
    least = current_app.config["STORAGE_MIN_FREE_MB"] * 1024 * 1024
    for folder in folders:
        try:
            if shutil.disk_usage(folder).free < least:
                return "low"
        except FileNotFoundError:  # not made yet: nothing was written there
            continue
    return "ok"
