"""How long a session lasts: it ends after a while without use (staff and admins sooner)
and a while after signing in, whatever its cookie says; failed sign-ins are logged without
the password; production answers carry HSTS."""

import datetime as dt
import logging

import pytest
import time_machine

from secretariat import create_app
from secretariat.extensions import db

from ..conftest import PASSWORD, app_config, sign_in
from ..helpers import lv, text_of

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
ENDED = "Your session has ended: please sign in again."


def _opens(client, path="/meetings/") -> bool:
    response = client.get(path)
    return response.status_code == 200


@pytest.mark.parametrize(
    "role, idle_ok, idle_ended",
    [
        ("staff", dt.timedelta(hours=1, minutes=59), dt.timedelta(hours=2, minutes=1)),
        ("admin", dt.timedelta(hours=1, minutes=59), dt.timedelta(hours=2, minutes=1)),
        ("member", dt.timedelta(days=13), dt.timedelta(days=14, minutes=1)),
        ("signatory", dt.timedelta(days=13), dt.timedelta(days=14, minutes=1)),
    ],
)
def test_a_session_ends_after_a_while_unused(role, idle_ok, idle_ended, client, make_user):
    user = make_user(role)
    with time_machine.travel(START, tick=False) as clock:
        assert sign_in(client, user.email).status_code == 302
        clock.shift(idle_ok)
        assert _opens(client)  # used in time: the idle clock starts again
        clock.shift(idle_ended)
        response = client.get("/meetings/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        assert lv(ENDED) in text_of(client.get(response.headers["Location"]))
        assert not _opens(client)


def test_a_busy_staff_session_still_ends_twelve_hours_after_signing_in(client, make_user):
    user = make_user("staff")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, user.email)
        for _ in range(11):
            clock.shift(dt.timedelta(hours=1))
            assert _opens(client)
        clock.shift(dt.timedelta(hours=1, minutes=1))
        assert not _opens(client)


def test_a_copied_cookie_is_refused_once_the_session_is_idle(app, client, make_user):
    """The outside review's case: a cookie taken from a browser and replayed later."""
    user = make_user("staff")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, user.email)
        assert _opens(client)
        copied = client.get_cookie("session").value
        clock.shift(dt.timedelta(days=30))
        replay = app.test_client()
        replay.set_cookie("session", copied)
        assert not _opens(replay)


def test_a_session_from_before_these_limits_is_ended(app, client, make_user):
    user = make_user("member")
    assert sign_in(client, user.email).status_code == 302
    with client.session_transaction() as session:  # as a cookie issued by an older version
        del session["signed_in_at"], session["seen_at"]
    assert not _opens(client)


@pytest.fixture
def app_with(tmp_path, database_url):
    """Another app on the test database, with settings of its own (closed afterwards)."""
    made = []

    def make(**settings):
        made.append(create_app({**app_config(database_url, tmp_path), **settings}))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


def test_the_limits_are_settings(make_user, app_with):
    user = make_user("staff")
    client = app_with(
        SESSION_IDLE_TIMEOUT={"*": dt.timedelta(minutes=10)},
        SESSION_LIFETIME={"*": dt.timedelta(hours=1)},
    ).test_client()
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, user.email)
        clock.shift(dt.timedelta(minutes=11))
        assert not _opens(client)


def test_a_failed_sign_in_is_logged_without_the_password(client, make_user, caplog):
    user = make_user("staff")
    with caplog.at_level(logging.WARNING, logger="secretariat.auth"):
        sign_in(client, user.email, "nepareiza-parole-42")
    logged = caplog.text
    assert "failed sign-in" in logged and user.email in logged
    assert "nepareiza-parole-42" not in logged and PASSWORD not in logged


def test_production_sends_hsts(app_with):
    secure = app_with(SESSION_COOKIE_SECURE=True)
    header = secure.test_client().get("/login").headers["Strict-Transport-Security"]
    assert header == "max-age=31536000; includeSubDomains"
    plain = app_with()
    assert "Strict-Transport-Security" not in plain.test_client().get("/login").headers
