"""An organisation that signed the memorandum: staff invite its contact person from its page,
and the invitation lands them on the portal; an organisation may have several accounts.
And the issue's "done when": from the web alone, a new council member with an e-mail and a
new colleague, and the next sweep invites the member."""

import datetime as dt

import sqlalchemy as sa

from secretariat.auth.models import User
from secretariat.extensions import db
from secretariat.people.models import Person
from secretariat.reminders.rules import sweep

from ..conftest import submit
from ..helpers import lv, text_of
from ..reminders.helpers import at, outbox_messages
from .helpers import mailed_link

PASSWORD = "mūsu biedrības gara parole"


def _accept(app, email) -> object:
    _address, token = mailed_link(app, email, "account_invitation")
    browser = app.test_client()
    response = submit(
        browser,
        "/account/set-password",
        {"token": token, "password": PASSWORD, "password_again": PASSWORD},
    )
    return browser, response


def test_staff_invite_contact_people_who_land_on_the_portal(
    app, client, login_as, make_organisation, make_person
):
    ngo = make_organisation(name="Biedrība Ābele", memorandum_signed_on=dt.date(2020, 5, 1))
    contact = make_person("Ilze Ābele", ngo)
    with app.app_context():
        db.session.get(Person, contact.id).emails = "ilze@abele.lv"
        db.session.commit()
    login_as("staff")
    page = text_of(client.get(f"/organisations/{ngo.id}"))
    assert lv("Invite a contact person to the portal") in page
    url = f"/organisations/{ngo.id}/invite"
    first = submit(client, url, {"person_id": contact.id, "name": "", "email": ""})
    assert first.headers["Location"] == f"/organisations/{ngo.id}"
    second = submit(
        client, url, {"person_id": 0, "name": "Pēteris Kalns", "email": "peteris@abele.lv"}
    )
    assert second.status_code == 302
    page = text_of(client.get(f"/organisations/{ngo.id}"))
    assert "ilze@abele.lv" in page and "peteris@abele.lv" in page
    with app.app_context():
        accounts = db.session.scalars(sa.select(User).order_by(User.email)).all()
        signatories = [u for u in accounts if u.role == "signatory"]
        assert [(u.email, u.organisation_id) for u in signatories] == [
            ("ilze@abele.lv", ngo.id),
            ("peteris@abele.lv", ngo.id),
        ]
        assert db.session.get(Person, signatories[1].person_id).organisation_id == ngo.id

    browser, response = _accept(app, "ilze@abele.lv")
    assert response.headers["Location"] == "/"  # signatories need no second factor
    landing = browser.get("/")
    assert landing.headers["Location"] == "/portal/"
    assert "Biedrība Ābele" in text_of(browser.get("/portal/"))


def test_an_organisation_that_has_not_signed_cannot_be_invited(client, login_as, make_organisation):
    other = make_organisation(name="Pašvaldība", kind="municipality")
    login_as("staff")
    response = client.get(f"/organisations/{other.id}/invite")
    assert response.headers["Location"] == f"/organisations/{other.id}"


def test_from_the_web_alone_a_new_member_and_a_new_colleague(
    app, client, login_as, make_body, make_meeting
):
    """A staff member adds a council member with an e-mail and invites a colleague; the next
    sweep invites the member to the next session, and the colleague can sign in."""
    council = make_body(name="Memoranda padome")
    session = make_meeting(body=council, day=dt.date(2026, 4, 22), visibility="members")
    login_as("admin")
    added = submit(
        client,
        "/people/new",
        {
            "name": "Kārlis Ozols",
            "title": "Valdes loceklis",
            "kind": "member",
            "organisation_id": 0,
            "institution": "Latvijas Jaunatnes padome",
            "emails": "karlis@example.lv",
            "phones": "",
            "notes": "",
            "version": "",
        },
    )
    person_id = int(added.headers["Location"].rsplit("/", 1)[1])
    seated = submit(
        client,
        f"/bodies/{council.id}/memberships/new",
        {
            "person_id": person_id,
            "new_person_name": "",
            "position": "member",
            "on_behalf_of_id": 0,
            "voting_right": "y",
            "start_on": "01.04.2026.",
        },
    )
    assert seated.status_code == 302
    invited = submit(
        client,
        "/users/invite",
        {
            "email": "kolege@example.lv",
            "name": "Anna Kolēģe",
            "role": "staff",
            "organisation_id": 0,
            "person_id": 0,
        },
    )
    assert invited.status_code == 302

    with app.app_context():
        sweep(at(dt.date(2026, 4, 15), 10, 0))  # a week before the session
    [invitation] = outbox_messages(app, "meeting_invitation")
    assert (invitation.recipient, invitation.meeting_id) == ("karlis@example.lv", session.id)
    _browser, response = _accept(app, "kolege@example.lv")
    assert response.headers["Location"] == "/login/two-factor/setup"
