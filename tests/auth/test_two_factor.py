"""Two-factor sign-in: a code works once, recovery codes work once, wrong codes are limited,
members may switch it on and off, staff may not go without it."""

import re

import pyotp
import sqlalchemy as sa

from secretariat.auth.models import User
from secretariat.extensions import db

from ..conftest import PASSWORD, submit, totp_code
from ..helpers import field_errors, lv, text_of


def _password_step(client, user):
    response = submit(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/login/two-factor"


def test_a_code_signs_in_once(app, client, make_user):
    user = make_user("staff")
    code = totp_code(user.totp_secret)
    _password_step(client, user)
    assert submit(client, "/login/two-factor", {"code": code}).status_code == 302
    submit(client, "/logout", form_url="/")
    other = app.test_client()
    _password_step(other, user)
    replayed = submit(other, "/login/two-factor", {"code": code})
    assert replayed.status_code == 401
    assert field_errors(replayed, "code") == [lv("Wrong or already used code.")]
    assert other.get("/").status_code == 302


def test_a_wrong_code_is_refused_and_repeated_guesses_are_limited(client, make_user):
    user = make_user("staff")
    _password_step(client, user)
    good = pyotp.TOTP(user.totp_secret).now()
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert submit(client, "/login/two-factor", {"code": wrong}).status_code == 401
    assert submit(client, "/login/two-factor", {"code": good}).status_code == 429


def test_the_code_page_needs_the_password_first(client, make_user):
    make_user("staff")
    assert client.get("/login/two-factor").headers["Location"] == "/login"
    assert client.get("/login/two-factor/setup").headers["Location"] == "/login"


def _enrol(client) -> list[str]:
    page = client.get("/login/two-factor/setup").get_data(as_text=True)
    assert lv("or type this key by hand (time-based):") in text_of(
        client.get("/login/two-factor/setup")
    )
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    response = submit(client, "/login/two-factor/setup", {"code": totp_code(secret)})
    return re.findall(r"<code>([a-z2-7-]{19})</code>", response.get_data(as_text=True))


def test_recovery_codes_sign_in_once_each(app, client, login_as):
    user = login_as("member")
    codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    submit(client, "/logout", form_url="/")
    for attempt, expected in ((codes[0].upper(), 302), (codes[0], 401)):
        browser = app.test_client()
        _password_step(browser, user)
        assert submit(browser, "/login/two-factor", {"code": attempt}).status_code == expected
    with app.app_context():
        assert db.session.get(User, user.id).recovery_code_used_at is not None


def test_members_may_switch_it_on_and_off_staff_may_not(app, client, login_as):
    member = login_as("member")
    _enrol(client)
    page = text_of(client.get("/account/"))
    assert lv("Recovery codes left: %(n)s", n=10) in page
    assert lv("Switch two-factor sign-in off") in page
    submit(client, "/account/two-factor/off", {"current_password": PASSWORD}, form_url="/account/")
    with app.app_context():
        assert not db.session.get(User, member.id).two_factor_enabled
    submit(client, "/logout", form_url="/")
    login_as("staff")
    assert lv("Switch two-factor sign-in off") not in text_of(client.get("/account/"))
    response = submit(
        client, "/account/two-factor/off", {"current_password": PASSWORD}, form_url="/account/"
    )
    assert response.status_code == 403


def test_changing_the_password_ends_the_other_sessions(app, client, login_as):
    from ..conftest import sign_in

    user = login_as("member")
    elsewhere = app.test_client()
    sign_in(elsewhere, user.email)
    new = "gara jauna parole bez ciparu"
    wrong = submit(
        client,
        "/account/password",
        {"current_password": "nav tā", "password": new, "password_again": new},
    )
    assert field_errors(wrong, "current_password") == [lv("This is not your current password.")]
    done = submit(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": new, "password_again": new},
    )
    assert done.status_code == 302
    assert client.get("/meetings/").status_code == 200  # this browser stays signed in
    assert elsewhere.get("/meetings/").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(User.password_hash).where(User.id == user.id)) != ""
