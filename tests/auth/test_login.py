import sqlalchemy as sa

from secretariat.auth.models import User
from secretariat.extensions import db

from ..conftest import PASSWORD, sign_in, submit, totp_code
from ..helpers import lv, text_of


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/meetings/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_sign_in_and_back_to_where_they_were_going(client, make_user):
    user = make_user("staff", name="Ilze Ozola")
    response = submit(
        client, "/login", {"email": user.email.upper(), "password": PASSWORD, "next": "/meetings/"}
    )
    assert response.headers["Location"] == "/login/two-factor"  # staff: the app's code next
    assert client.get("/").status_code == 302  # not signed in yet
    response = submit(client, "/login/two-factor", {"code": totp_code(user.totp_secret)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/meetings/"
    assert "Ilze Ozola" in text_of(client.get("/"))


def test_a_member_without_a_second_factor_is_signed_in_by_the_password(client, make_user):
    user = make_user("member", name="Ilze Ozola")
    response = submit(
        client, "/login", {"email": user.email, "password": PASSWORD, "next": "/meetings/"}
    )
    assert response.headers["Location"] == "/meetings/"


#: where an attacker's link would send a person after signing in or switching language
OFF_SITE = (
    "https://evil.example/",
    "//evil.example/",
    "////evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "https:/evil.example",
    "/%2F%2Fevil.example",
    "\t//evil.example",
    "/ //evil.example",
    "javascript:alert(1)",
    "/no-such-page",
    "/logout",  # a page, but not one to open
)


def test_next_never_leads_off_site(client, make_user):
    user = make_user("member")  # signed in by the password alone
    for target in OFF_SITE:
        client.post("/logout", data={})  # harmless when signed out
        response = submit(
            client, "/login", {"email": user.email, "password": PASSWORD, "next": target}
        )
        assert response.headers["Location"] == "/", target
        submit(client, "/logout", form_url="/")


def test_the_sign_in_page_keeps_no_off_site_next_either(client, make_user):
    """The address an attacker sends: /login?next=////evil.example."""
    user = make_user("member")
    page = client.get("/login?next=////evil.example").get_data(as_text=True)
    assert 'value="////evil.example"' in page  # carried in the form, as typed …
    response = submit(
        client,
        "/login",
        {"email": user.email, "password": PASSWORD, "next": "////evil.example"},
        form_url="/login?next=////evil.example",
    )
    assert response.headers["Location"] == "/"  # … and refused when used


def test_the_language_switch_never_leads_off_site(client):
    for target in OFF_SITE:
        response = submit(client, "/language", {"lang": "en", "next": target})
        assert response.status_code == 302
        assert response.headers["Location"] == "/", target
    response = submit(client, "/language", {"lang": "lv", "next": "/meetings/?year=2025"})
    assert response.headers["Location"] == "/meetings/?year=2025"


def test_wrong_password_is_refused_with_a_message(client, make_user):
    user = make_user("staff")
    response = sign_in(client, user.email, "not the password")
    assert response.status_code == 401
    assert lv("Wrong e-mail or password.") in text_of(response)
    assert client.get("/").status_code == 302


def test_unknown_and_inactive_accounts_are_refused_alike(app, client, make_user):
    user = make_user("staff")
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == user.id).values(active=False))
        db.session.commit()
    assert sign_in(client, user.email).status_code == 401
    assert sign_in(client, "nobody@example.org").status_code == 401


def test_failed_sign_ins_are_rate_limited(client, make_user):
    user = make_user("staff")
    for _ in range(5):
        assert sign_in(client, user.email, "wrong password").status_code == 401
    response = sign_in(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert lv("Too many failed sign-in attempts. Please wait a few minutes and try again.") in (
        text_of(response)
    )


def test_successful_sign_ins_do_not_count_against_the_limit(client, make_user):
    user = make_user("member")
    for _ in range(7):
        assert sign_in(client, user.email).status_code == 302
        submit(client, "/logout", form_url="/")


def test_session_is_fresh_after_sign_in(client, make_user):
    user = make_user("staff")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        before = session.get("csrf_token")
    sign_in(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != before
        assert session["_user_id"].split(":")[0] == str(user.id)


def test_sign_out_ends_the_session(client, login_as):
    login_as("staff")
    response = submit(client, "/logout", form_url="/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_is_stored_as_argon2(app, make_user):
    user = make_user("staff")
    with app.app_context():
        stored = db.session.get(User, user.id).password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_language_switch_to_english_and_back(client, login_as):
    login_as("staff")
    assert lv("Meetings") in text_of(client.get("/"))
    submit(client, "/language", {"lang": "en", "next": "/meetings/"}, form_url="/")
    assert "Meetings" in text_of(client.get("/meetings/"))
    submit(client, "/language", {"lang": "lv", "next": "/"}, form_url="/")
    assert lv("Meetings") in text_of(client.get("/"))


def test_language_switch_ignores_unknown_languages(client):
    submit(client, "/language", {"lang": "xx", "next": "/login"})
    assert '<html lang="lv">' in client.get("/login").get_data(as_text=True)


def test_empty_sign_in_form_says_which_fields(client):
    from ..helpers import field_errors

    response = submit(client, "/login", {"email": "", "password": ""})
    assert response.status_code == 400
    assert field_errors(response, "email") == [lv("This field is required.")]
    assert field_errors(response, "password") == [lv("This field is required.")]


def test_a_next_address_with_a_line_break_goes_home(client, make_user):
    user = make_user("member")
    response = submit(
        client,
        "/login",
        {"email": user.email, "password": PASSWORD, "next": "/\r\nSet-Cookie: x=1"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def test_a_session_cookie_copied_before_sign_out_no_longer_works(app, client, login_as):
    login_as("staff")
    assert client.get("/meetings/").status_code == 200
    copied = client.get_cookie("session").value
    submit(client, "/logout", form_url="/")
    replayed = app.test_client()
    replayed.set_cookie("session", copied)
    assert replayed.get("/meetings/").status_code == 302  # to the sign-in page


def test_a_switched_off_account_is_signed_out_at_its_next_request(app, client, login_as):
    """Flask-Login counts an inactive user as signed out (User.is_active reads `active`)."""
    user = login_as("staff")
    assert client.get("/meetings/").status_code == 200
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    response = client.get("/meetings/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_behind_a_trusted_proxy_the_clients_address_counts(database_url, tmp_path):
    from flask import request

    from secretariat import create_app

    def address_seen(proxies):
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": database_url,
                "INSTANCE_DIR": str(tmp_path),
                "TRUSTED_PROXIES": proxies,
            }
        )
        app.add_url_rule("/address", "address", lambda: request.remote_addr)
        response = app.test_client().get(
            "/address",
            headers={"X-Forwarded-For": "203.0.113.7"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )
        return response.get_data(as_text=True)

    assert address_seen(0) == "127.0.0.1"  # nobody is trusted to say otherwise
    assert address_seen(1) == "203.0.113.7"  # nginx in front says who is asking
