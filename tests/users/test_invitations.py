"""An administrator invites a colleague; the link in the e-mail sets a password once, within
72 hours; expired, reused or tampered links change nothing."""

import datetime as dt

import sqlalchemy as sa
import time_machine

from secretariat.auth.models import AccountToken, User
from secretariat.core.audit import AuditEvent
from secretariat.extensions import db

from ..conftest import submit, totp_code
from ..helpers import field_errors, lv, text_of
from .helpers import mailed_link

NEW_PASSWORD = "zila jūra un balts mākonis"
COMMON = (
    "This is one of the passwords people use most, and the first ones tried by anyone "
    "guessing: choose another."
)


def _invite(client, email="liga@example.lv", role="staff", **fields):
    return submit(
        client,
        "/users/invite",
        {
            "email": email,
            "name": "Līga Vītola",
            "role": role,
            "organisation_id": 0,
            "person_id": 0,
            **fields,
        },
    )


def _set_password(client, token, password=NEW_PASSWORD, again=None):
    return submit(
        client,
        "/account/set-password",
        {"token": token, "password": password, "password_again": again or password},
    )


def test_an_invited_colleague_sets_a_password_then_their_second_factor(app, client, login_as):
    login_as("admin")
    response = _invite(client)
    assert response.status_code == 302
    assert lv("Invitation sent to %(email)s.", email="liga@example.lv") in text_of(
        client.get(response.headers["Location"])
    )
    address, token = mailed_link(app, "liga@example.lv", "account_invitation")
    assert address == "http://127.0.0.1:5000/account/set-password"
    submit(client, "/logout", form_url="/")

    new = app.test_client()
    assert new.get("/account/set-password").status_code == 200
    response = _set_password(new, token)
    assert response.headers["Location"] == "/login/two-factor/setup"  # staff: the app next
    page = new.get("/login/two-factor/setup").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn by the server
    import re

    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    codes = submit(new, "/login/two-factor/setup", {"code": totp_code(secret)})
    assert codes.status_code == 200
    assert (
        len(
            re.findall(
                r"<code>[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}</code>",
                codes.get_data(as_text=True),
            )
        )
        == 10
    )
    assert "Līga Vītola" in text_of(new.get("/"))
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "liga@example.lv"))
        assert user.two_factor_enabled and user.last_login_at is not None
        trail = {
            (e.object_type, e.action, tuple(sorted(e.changes)))
            for e in db.session.scalars(sa.select(AuditEvent))
        }
        assert ("account_token", "update", ("used_at",)) in trail
        assert any(t[0] == "user" and "password_hash" in t[2] for t in trail)
        assert any(t[0] == "user" and "totp_confirmed_at" in t[2] for t in trail)


def test_a_link_works_once(app, client, login_as):
    login_as("admin")
    _invite(client, role="member")
    _address, token = mailed_link(app, "liga@example.lv")
    other = app.test_client()
    assert _set_password(other, token).status_code == 302
    again = _set_password(app.test_client(), token, "cits garš teikums paroles vietā")
    assert again.status_code == 400
    assert lv("The link was used already: each works once.") in text_of(again)


def test_an_expired_or_tampered_link_changes_nothing(app, client, login_as):
    login_as("admin")
    _invite(client, role="member")
    _address, token = mailed_link(app, "liga@example.lv")
    for tampered in (token[:-1] + ("A" if token[-1] != "A" else "B"), "", "x" * 500):
        response = _set_password(app.test_client(), tampered)
        assert response.status_code == 400
    assert lv("The link is not known: it may be incomplete, or mistyped when copied.") in text_of(
        _set_password(app.test_client(), token + "x")
    )
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=73)):
        expired = _set_password(app.test_client(), token)
    assert expired.status_code == 400
    assert lv(
        "The link has expired: invitations are valid for 72 hours, password reset links "
        "for one hour."
    ) in text_of(expired)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "liga@example.lv"))
        assert user.password_hash is None
        assert db.session.scalar(sa.select(AccountToken.used_at)) is None


def test_a_weak_password_is_refused_and_the_link_still_works(app, client, login_as):
    login_as("admin")
    _invite(client, role="member")
    _address, token = mailed_link(app, "liga@example.lv")
    new = app.test_client()
    for password, reason in (
        ("īsa", "Too short: a password has at least 10 characters."),
        (
            "1234567890",
            COMMON,
        ),
        (
            "Qwertyuiop",
            COMMON,
        ),
        ("liga@example.lv", "Your e-mail address is not a password: choose another."),
    ):
        response = _set_password(new, token, password)
        assert response.status_code == 400, password
        assert field_errors(response, "password") == [lv(reason)], password
    mismatch = _set_password(new, token, NEW_PASSWORD, "kaut kas cits pavisam")
    assert field_errors(mismatch, "password_again") == [lv("The two passwords differ.")]
    assert _set_password(new, token).status_code == 302


def test_inviting_an_address_that_has_an_account_says_so(app, client, login_as, make_user):
    existing = make_user("member")
    login_as("admin")
    response = _invite(client, email=existing.email.upper())
    assert response.status_code == 400
    assert field_errors(response, "email") == [lv("An account with this e-mail exists already.")]


def test_a_new_invitation_replaces_the_old_link(app, client, login_as):
    login_as("admin")
    _invite(client, role="member")
    _address, first = mailed_link(app, "liga@example.lv")
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == "liga@example.lv"))
    submit(client, f"/users/{user_id}/invite-again", form_url=f"/users/{user_id}")
    _address, second = mailed_link(app, "liga@example.lv")
    assert first != second
    assert _set_password(app.test_client(), first).status_code == 400
    assert _set_password(app.test_client(), second).status_code == 302
