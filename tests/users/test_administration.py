"""Administrators run accounts on the web: role, person and organisation, switching off
(which signs out at once), resetting a second factor; every change in the audit trail."""

import sqlalchemy as sa

from secretariat.auth.models import User
from secretariat.core.audit import AuditEvent
from secretariat.extensions import db

from ..conftest import sign_in, submit
from ..helpers import lv, text_of


def _events(app, user_id) -> list[tuple]:
    with app.app_context():
        return [
            (e.action, sorted(e.changes))
            for e in db.session.scalars(
                sa.select(AuditEvent)
                .where(AuditEvent.object_type == "user", AuditEvent.object_id == user_id)
                .order_by(AuditEvent.id)
            )
        ]


def test_switching_an_account_off_signs_it_out_everywhere(app, client, login_as, make_user):
    member = make_user("member")
    theirs = app.test_client()
    assert sign_in(theirs, member.email).status_code == 302
    assert theirs.get("/meetings/").status_code == 200
    admin = login_as("admin")
    response = submit(client, f"/users/{member.id}/switch_off", form_url=f"/users/{member.id}")
    assert response.status_code == 302
    assert lv("%(email)s is switched off and signed out.", email=member.email) in text_of(
        client.get(response.headers["Location"])
    )
    moved = theirs.get("/meetings/")
    assert moved.status_code == 302 and moved.headers["Location"].startswith("/login")
    assert sign_in(app.test_client(), member.email).status_code == 401
    submit(client, f"/users/{member.id}/switch_on", form_url=f"/users/{member.id}")
    assert sign_in(app.test_client(), member.email).status_code == 302
    assert ("update", ["active"]) in _events(app, member.id)
    # an administrator cannot lock themselves out
    assert submit(client, f"/users/{admin.id}/switch_off", form_url="/users/").status_code == 400


def test_a_new_role_takes_effect_at_the_next_sign_in(app, client, login_as, make_user):
    member = make_user("member")
    theirs = app.test_client()
    sign_in(theirs, member.email)
    login_as("admin")
    response = submit(
        client,
        f"/users/{member.id}",
        {"name": "Jānis", "role": "staff", "organisation_id": 0, "person_id": 0},
    )
    assert response.status_code == 302
    assert theirs.get("/meetings/").status_code == 302  # signed out: sign in as staff now
    step = submit(
        app.test_client(), "/login", {"email": member.email, "password": "correct horse battery"}
    )
    assert step.headers["Location"] == "/login/two-factor/setup"
    assert ("update", ["name", "role"]) in _events(app, member.id)


def test_a_signatory_account_needs_its_organisation(client, login_as, make_user):
    member = make_user("member")
    login_as("admin")
    response = submit(
        client,
        f"/users/{member.id}",
        {"name": "", "role": "signatory", "organisation_id": 0, "person_id": 0},
    )
    assert response.status_code == 400
    assert lv("A signatory's account belongs to an organisation.") in text_of(response)


def test_an_administrator_resets_a_lost_second_factor(app, client, login_as, make_user):
    colleague = make_user("staff")
    login_as("admin")
    submit(client, f"/users/{colleague.id}/reset-second-factor", form_url=f"/users/{colleague.id}")
    with app.app_context():
        assert not db.session.get(User, colleague.id).two_factor_enabled
    step = submit(
        app.test_client(), "/login", {"email": colleague.email, "password": "correct horse battery"}
    )
    assert step.headers["Location"] == "/login/two-factor/setup"
    assert any("totp_confirmed_at" in changes for _, changes in _events(app, colleague.id))


def test_the_list_shows_role_second_factor_and_last_sign_in(client, login_as, make_user):
    make_user("member", email="loceklis@example.lv")
    login_as("admin")
    page = text_of(client.get("/users/?q=loceklis"))
    assert "loceklis@example.lv" in page and lv("Council member") in page
    assert lv("Last sign-in") in page
