"""Forgot password: the same answer whether or not the address has an account; the link
works once and for an hour; asking is rate-limited; no token ever reaches a log."""

import datetime as dt
import logging

import sqlalchemy as sa
import time_machine

from secretariat.extensions import db
from secretariat.reminders.models import Outbox

from ..conftest import PASSWORD, sign_in, submit
from ..helpers import lv, text_of
from .helpers import mailed_link

NEW_PASSWORD = "vēl viena gara un droša parole"


def _ask(client, email):
    return submit(client, "/account/forgot-password", {"email": email})


def _answer(response, client) -> tuple[int, str, str]:
    page = text_of(client.get(response.headers["Location"]))
    return response.status_code, response.headers["Location"], page


def test_the_same_answer_for_an_address_with_or_without_an_account(app, client, make_user):
    user = make_user("member")
    known = _answer(_ask(client, user.email), client)
    unknown = _answer(_ask(client, "nav.konta@example.lv"), client)
    assert known[:2] == unknown[:2] == (302, "/login")
    message = "If %(email)s belongs to an account, a link to choose a new password is on its way; it works once, within an hour."  # noqa: E501
    assert lv(message, email=user.email) in known[2]
    assert lv(message, email="nav.konta@example.lv") in unknown[2]
    with app.app_context():
        assert db.session.scalars(sa.select(Outbox.recipient)).all() == [user.email]


def test_a_reset_link_works_once_and_signs_out_everywhere(app, client, make_user):
    user = make_user("member")
    elsewhere = app.test_client()
    sign_in(elsewhere, user.email)
    assert elsewhere.get("/meetings/").status_code == 200
    _ask(client, user.email)
    _address, token = mailed_link(app, user.email, "password_reset")
    data = {"token": token, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    done = submit(client, "/account/set-password", data)
    assert done.status_code == 302
    assert elsewhere.get("/meetings/").status_code == 302  # the old session has ended
    again = submit(app.test_client(), "/account/set-password", data)
    assert again.status_code == 400
    assert sign_in(app.test_client(), user.email, PASSWORD).status_code == 401
    assert sign_in(app.test_client(), user.email, NEW_PASSWORD).status_code == 302


def test_a_reset_link_expires_after_an_hour(app, client, make_user):
    user = make_user("member")
    _ask(client, user.email)
    _address, token = mailed_link(app, user.email, "password_reset")
    data = {"token": token, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=61)):
        expired = submit(app.test_client(), "/account/set-password", data)
    assert expired.status_code == 400
    assert sign_in(app.test_client(), user.email, NEW_PASSWORD).status_code == 401


def test_a_switched_off_account_gets_no_link(app, client, make_user):
    from secretariat.auth.models import User

    user = make_user("member")
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert _ask(client, user.email).headers["Location"] == "/login"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Outbox)) == 0


def test_asking_again_and_again_is_limited(app, client, make_user):
    user = make_user("member")
    for _ in range(3):
        assert _ask(client, user.email).status_code == 302
    refused = _ask(client, user.email)
    assert refused.status_code == 429
    assert lv("Too many requests. Please wait a while and try again.") in text_of(refused)


def test_no_token_reaches_the_access_log(app, make_user, caplog):
    """What a web server or proxy logs is the request line: the link's token sits after "#",
    which a browser never sends, and the form posts it in the body. Through a real server
    (werkzeug's, logging each request), the whole reset leaves no token in the log."""
    import http.cookiejar
    import re
    import threading
    import urllib.parse
    import urllib.request

    from werkzeug.serving import make_server

    user = make_user("member")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    try:
        _ask(app.test_client(), user.email)
        address, token = mailed_link(app, user.email, "password_reset")
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            page = browser.open(base + "/account/set-password#" + token).read().decode()
            csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            form = urllib.parse.urlencode(
                {
                    "csrf_token": csrf,
                    "token": token,
                    "password": NEW_PASSWORD,
                    "password_again": NEW_PASSWORD,
                }
            ).encode()
            done = browser.open(base + "/account/set-password", data=form)
            assert done.status == 200  # signed in, at the start page
        assert "POST /account/set-password" in caplog.text
        assert token not in caplog.text
        assert sign_in(app.test_client(), user.email, NEW_PASSWORD).status_code == 302
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
