"""A new colleague, in a real browser: the invitation's link, a password, the authenticator
app set up from the page (the code computed here from the key shown as text), then signing
in again with a code."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from secretariat.auth.models import User
from secretariat.extensions import db

from ..conftest import sign_in, submit, totp_code
from ..helpers import lv
from ..users.helpers import mailed_link

pytestmark = pytest.mark.browser

PASSWORD = "sekretariāta jaunā darbiniece"


def test_invitation_password_second_factor_and_sign_in(page, app, live_server, make_user):
    admin_client = app.test_client()
    sign_in(admin_client, make_user("admin").email)
    submit(
        admin_client,
        "/users/invite",
        {
            "email": "jauna@example.lv",
            "name": "Laura Jaunā",
            "role": "staff",
            "organisation_id": 0,
            "person_id": 0,
        },
    )
    _address, token = mailed_link(app, "jauna@example.lv", "account_invitation")

    # the link as mailed, with this server's address: the token rides in the fragment
    page.goto(f"{live_server}/account/set-password#{token}")
    expect(page.get_by_label(lv("Code from the e-mail"))).to_have_value(token)
    assert "#" not in page.url  # out of the address bar and the history
    page.get_by_label(lv("New password"), exact=True).fill(PASSWORD)
    page.get_by_label(lv("The new password again")).fill(PASSWORD)
    page.get_by_role("button", name=lv("Save the password")).click()

    # staff set up the authenticator app before they are in
    expect(page.get_by_role("heading", name=lv("Set up two-factor sign-in"))).to_be_visible()
    expect(page.get_by_role("img", name=lv("QR code for the authenticator app"))).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label(lv("Code from the app")).fill(totp_code(secret))
    page.get_by_role("button", name=lv("Confirm")).click()
    expect(page.get_by_role("heading", name=lv("Recovery codes"))).to_be_visible()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name=lv("I have kept them: continue")).click()
    expect(page.locator(".who")).to_contain_text("Laura Jaunā")

    # signing out and in again asks for the app's code (the next one: each works once)
    page.get_by_role("button", name=lv("Sign out")).click()
    with app.app_context():
        colleague = db.session.scalar(sa.select(User).where(User.email == "jauna@example.lv"))
        db.session.expunge(colleague)
    page.goto("/login")
    page.get_by_label(lv("E-mail")).fill(colleague.email)
    page.get_by_label(lv("Password")).fill(PASSWORD)
    page.get_by_role("button", name=lv("Sign in")).click()
    expect(page.get_by_role("heading", name=lv("Two-factor sign-in"))).to_be_visible()
    page.get_by_label(lv("Code")).fill(totp_code(secret, colleague.totp_last_step))
    page.get_by_role("button", name=lv("Sign in")).click()
    expect(page.locator(".who")).to_contain_text("Laura Jaunā")
