"""Shared test harnesses: app, client, database, sign-in, factories, statement counter.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is
set. The schema is built once per run by the migrations themselves; each test
starts from empty tables.
"""

import contextlib
import datetime as dt
import os
import re

import flask_migrate
import pytest
import sqlalchemy as sa
from sqlalchemy import event

from secretariat import create_app
from secretariat.extensions import db

PASSWORD = "correct horse battery"
ROLES = ("anonymous", "signatory", "member", "staff", "admin")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'secretariat-test.db'}"
    )


def app_config(database_url, instance_dir) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_DIR": str(instance_dir),
    }


def reset_schema(engine) -> None:
    """Drop everything, including tables a newer branch may have left behind."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    else:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        with engine.begin() as conn:
            conn.execute(sa.text("PRAGMA foreign_keys=OFF"))
            for table in reversed(metadata.sorted_tables):
                conn.execute(sa.text(f'DROP TABLE IF EXISTS "{table.name}"'))
        # the pragma stays on the pooled connection: start afresh with the app's own settings
        engine.dispose()


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    app = create_app(app_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        reset_schema(db.engine)
        flask_migrate.upgrade()
        db.engine.dispose()


def _empty_tables() -> None:
    tables = [t.name for t in db.metadata.sorted_tables]
    if db.engine.dialect.name == "postgresql":
        quoted = ", ".join(f'"{name}"' for name in tables)
        db.session.execute(sa.text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    else:
        for name in reversed(tables):
            db.session.execute(sa.text(f'DELETE FROM "{name}"'))
    db.session.commit()


@pytest.fixture
def app(_schema, database_url, tmp_path):
    app = create_app(app_config(database_url, tmp_path))
    yield app
    with app.app_context():
        db.session.rollback()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- forms and sign-in -------------------------------------------------------------

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url: str = "/login") -> str:
    """The token a person's browser would send: read from a page, as a browser gets it."""
    response = client.get(url, follow_redirects=True)
    match = _CSRF.search(response.get_data(as_text=True))
    assert match, f"no csrf_token on {url} (status {response.status_code})"
    return match.group(1)


def submit(client, url: str, data: dict | None = None, form_url: str | None = None, **kwargs):
    """Open the form page like a person, then post the form with its CSRF token."""
    token = csrf_token(client, form_url or url)
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


def totp_code(secret: str, last_step: int | None = None) -> str:
    """The authenticator app's code now, or the next one when now's was used already (the
    app accepts the code of the next 30 seconds too)."""
    import time

    import pyotp

    step = max(int(time.time()) // 30, (last_step or 0) + 1)
    return pyotp.TOTP(secret).at(step * 30)


_SECRET_SHOWN = re.compile(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<')


def sign_in(client, email: str, password: str = PASSWORD):
    """Sign in as a person does: the password, then the second factor where the account has
    one (a code from the app) or must set one up (the secret read off the page)."""
    response = submit(client, "/login", {"email": email, "password": password})
    step = response.headers.get("Location") if response.status_code == 302 else None
    if step == "/login/two-factor":
        from secretariat.auth.models import User

        with client.application.app_context():
            user = db.session.scalar(sa.select(User).where(User.email == email.lower()))
            code = totp_code(user.totp_secret, user.totp_last_step)
        response = submit(client, step, {"code": code})
    elif step == "/login/two-factor/setup":
        page = client.get(step).get_data(as_text=True)
        secret = _SECRET_SHOWN.search(page).group(1).replace(" ", "")
        response = submit(client, step, {"code": totp_code(secret)})  # shows recovery codes
    return response


@pytest.fixture
def make_user(app, make_organisation):
    from secretariat.auth.services import create_user

    counter = iter(range(1, 10_000))

    def make(
        role="staff", email=None, password=PASSWORD, organisation=None, name="", two_factor=None
    ):
        """A user; staff and administrators have set up their authenticator app (its secret
        is `user.totp_secret`) unless `two_factor=False`."""
        import pyotp

        from secretariat.core.types import utcnow

        with app.app_context():
            if role == "signatory" and organisation is None:
                organisation = make_organisation()
            org = db.session.get(type(organisation), organisation.id) if organisation else None
            user = create_user(
                email or f"{role}{next(counter)}@example.org",
                password,
                role,
                name=name or role.capitalize(),
                organisation=org,
            )
            if two_factor if two_factor is not None else user.two_factor_required:
                user.totp_secret, user.totp_confirmed_at = pyotp.random_base32(), utcnow()
            db.session.commit()
            return _detached(user)

    return make


@pytest.fixture
def login_as(client, make_user):
    """Sign the test client in as a new user of that role; returns the user."""

    def login(role="staff", **kwargs):
        if role == "anonymous":
            return None
        user = make_user(role, **kwargs)
        response = sign_in(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        with client.session_transaction() as session:
            assert session.get("_user_id", "").split(":")[0] == str(user.id), (
                "sign the other user out first"
            )
        return user

    return login


# --- factories ----------------------------------------------------------------------


def _detached(obj):
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


@pytest.fixture
def make_organisation(app):
    from secretariat.organisations.models import Organisation

    counter = iter(range(1, 10_000))

    def make(name=None, kind="ngo", **fields):
        with app.app_context():
            org = Organisation(name=name or f"Biedrība Nr. {next(counter)}", kind=kind, **fields)
            db.session.add(org)
            db.session.commit()
            return _detached(org)

    return make


@pytest.fixture
def make_person(app):
    from secretariat.people.models import Person

    counter = iter(range(1, 10_000))

    def make(name=None, organisation=None):
        with app.app_context():
            person = Person(
                name=name or f"Persona Bērziņa {next(counter)}",
                organisation_id=organisation.id if organisation else None,
            )
            db.session.add(person)
            db.session.commit()
            return _detached(person)

    return make


@pytest.fixture
def make_body(app):
    from secretariat.bodies.models import Body

    counter = iter(range(1, 10_000))

    def make(name=None, kind="council"):
        with app.app_context():
            body = Body(name=name or f"Padome {next(counter)}", kind=kind)
            db.session.add(body)
            db.session.commit()
            return _detached(body)

    return make


@pytest.fixture
def make_membership(app):
    from secretariat.bodies.models import Membership

    def make(
        person,
        body,
        position="member",
        voting_right=True,
        start_on=dt.date(2020, 1, 1),
        end_on=None,
    ):
        with app.app_context():
            membership = Membership(
                person_id=person.id,
                body_id=body.id,
                position=position,
                voting_right=voting_right,
                start_on=start_on,
                end_on=end_on,
            )
            db.session.add(membership)
            db.session.commit()
            return _detached(membership)

    return make


@pytest.fixture
def make_meeting(app, make_body):
    from secretariat.core.dates import riga_to_utc
    from secretariat.meetings.services import create_meeting

    def make(
        body=None,
        kind="session",
        title="Memoranda padomes sēde",
        day=dt.date(2025, 9, 24),
        start=dt.time(10, 0),
        visibility="internal",
        **fields,
    ):
        body = body or make_body()
        with app.app_context():
            meeting = create_meeting(
                body_id=body.id,
                kind=kind,
                title=title,
                starts_at=riga_to_utc(day, start),
                visibility=visibility,
                **fields,
            )
            db.session.commit()
            return _detached(meeting)

    return make


@pytest.fixture
def make_agenda_item(app):
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import add_agenda_item

    def make(meeting, title="Darba kārtības jautājums", **fields):
        with app.app_context():
            item = add_agenda_item(db.session.get(Meeting, meeting.id), title, **fields)
            db.session.commit()
            return _detached(item)

    return make


@pytest.fixture
def make_decision(app):
    from secretariat.decisions.services import record_decision
    from secretariat.meetings.models import Meeting

    def make(meeting, title="Par sekretariāta darbību", **fields):
        with app.app_context():
            decision = record_decision(db.session.get(Meeting, meeting.id), title=title, **fields)
            db.session.commit()
            return _detached(decision)

    return make


@pytest.fixture
def make_conclusion(app):
    from secretariat.followups.services import add_conclusion
    from secretariat.meetings.models import Meeting

    def make(meeting, kind="issue", text="Pietrūka valsts pārvaldes pārstāvju līdzdalības."):
        with app.app_context():
            conclusion = add_conclusion(db.session.get(Meeting, meeting.id), kind, text)
            db.session.commit()
            return _detached(conclusion)

    return make


@pytest.fixture
def make_action(app):
    from secretariat.followups.models import Conclusion
    from secretariat.followups.services import create_action

    def make(conclusion=None, title="Nodrošināt pārstāvju dalību", **fields):
        with app.app_context():
            action = create_action(
                conclusion=db.session.get(Conclusion, conclusion.id) if conclusion else None,
                title=title,
                **fields,
            )
            db.session.commit()
            return _detached(action)

    return make


# --- the statement counter ------------------------------------------------------------


@pytest.fixture
def count_statements(app):
    """`with count_statements() as counted:` … `counted.n` is the SQL statements run inside."""

    class Counted:
        n = 0
        statements: list[str]

    @contextlib.contextmanager
    def counter():
        counted = Counted()
        counted.statements = []
        with app.app_context():
            engine = db.engine

        def before(conn, cursor, statement, parameters, context, executemany):
            counted.n += 1
            counted.statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counted
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counter
