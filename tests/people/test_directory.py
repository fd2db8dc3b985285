"""The directory of people: search without diacritics, filters, a person's page, editing."""

import datetime as dt

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.people.models import Person

from ..conftest import submit
from ..helpers import field_errors, lv, lv_plural, text_of


def _person(app, **fields):
    with app.app_context():
        person = Person(**fields)
        db.session.add(person)
        db.session.commit()
        return person.id


def test_search_finds_a_name_without_diacritics_or_case(app, client, login_as):
    _person(app, name="Anna Bērziņa", title="Valdes priekšsēdētāja", emails="anna@biedriba.lv")
    _person(app, name="Jānis Kalniņš", institution="Saeima")
    login_as("staff")
    for typed in ("berzina", "BĒRZIŅA", "anna berz", "prieksseDETAJA", "anna@biedriba"):
        page = text_of(client.get("/people/", query_string={"q": typed}))
        assert "Anna Bērziņa" in page, typed
        assert "Jānis Kalniņš" not in page, typed
    assert "Jānis Kalniņš" in text_of(client.get("/people/?q=saeima"))


def test_filters_by_body_organisation_role_and_missing_email(
    app, client, login_as, make_body, make_membership, make_organisation, make_person
):
    council = make_body(name="Memoranda padome")
    group = make_body(name="Finanšu darba grupa", kind="working_group")
    alliance = make_organisation(name="Latvijas Pilsoniskā alianse")
    anna = make_person("Anna Bērziņa", alliance)
    janis = make_person("Jānis Kalniņš")
    ilze = make_person("Ilze Ozola")
    make_membership(anna, council)
    make_membership(janis, group)
    make_membership(ilze, council, start_on=dt.date(2019, 1, 1), end_on=dt.date(2019, 12, 31))
    with app.app_context():
        db.session.get(Person, janis.id).kind = "expert"
        db.session.get(Person, anna.id).emails = "anna@example.lv"
        db.session.commit()
    login_as("staff")

    def names(**args):
        page = text_of(client.get("/people/", query_string=args))
        return [n for n in ("Anna Bērziņa", "Jānis Kalniņš", "Ilze Ozola") if n in page]

    assert names(body=council.id) == ["Anna Bērziņa"]  # Ilze's term has ended
    assert names(organisation=alliance.id) == ["Anna Bērziņa"]
    assert names(role="expert") == ["Jānis Kalniņš"]
    assert names(no_email="1") == ["Jānis Kalniņš", "Ilze Ozola"]


def test_staff_add_a_person_with_contacts_and_edit_them(app, client, login_as, make_organisation):
    ministry = make_organisation(name="Kultūras ministrija", kind="ministry")
    login_as("staff")
    response = submit(
        client,
        "/people/new",
        {
            "name": "Dace Krūmiņa",
            "title": "Valsts sekretāra vietniece",
            "kind": "representative",
            "organisation_id": ministry.id,
            "institution": "",
            "emails": "dace@km.gov.lv, d.krumina@example.lv",
            "phones": "+371 67330200",
            "notes": "Piedalās kopš 2024. gada",
            "version": "",
        },
    )
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert "Dace Krūmiņa" in page and "Kultūras ministrija" in page
    assert "dace@km.gov.lv, d.krumina@example.lv" in page
    assert lv("Ministry or municipality representative") in page
    with app.app_context():
        person = db.session.scalar(sa.select(Person))
        assert person.email_list == ["dace@km.gov.lv", "d.krumina@example.lv"]


def test_a_person_needs_a_name_and_real_emails(client, login_as):
    login_as("staff")
    response = submit(
        client,
        "/people/new",
        {"name": "", "kind": "other", "organisation_id": 0, "emails": "nav adrese"},
    )
    assert response.status_code == 400
    assert field_errors(response, "name") == [lv("This field is required.")]
    assert field_errors(response, "emails") == [
        lv("“%(value)s” is not an e-mail address.", value="nav adrese")
    ]


def test_a_persons_page_shows_seats_meetings_actions_nominations_and_accounts(
    app,
    client,
    login_as,
    make_body,
    make_person,
    make_membership,
    make_meeting,
    make_conclusion,
    make_action,
    make_organisation,
):
    from secretariat.auth.models import User
    from secretariat.bodies.models import Body, NominationRound
    from secretariat.bodies.services import nominate, open_round
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import record_attendance
    from secretariat.organisations.models import Organisation

    council = make_body(name="Memoranda padome")
    anna = make_person("Anna Bērziņa")
    make_membership(anna, council, position="deputy_chair")
    meeting = make_meeting(body=council, title="Septembra sēde")
    make_action(make_conclusion(meeting), title="Sagatavot atzinumu", owner_person_id=anna.id)
    ngo = make_organisation(name="Biedrība Ābele", memorandum_signed_on=dt.date(2020, 1, 1))
    with app.app_context():
        record_attendance(
            db.session.get(Meeting, meeting.id), db.session.get(Person, anna.id), "remote"
        )
        nomination_round = open_round(
            db.session.get(Body, council.id),
            "2026-1",
            dt.date(2026, 1, 1),
            dt.date(2026, 1, 31),
            dt.date(2026, 2, 1),
        )
        nomination = nominate(
            db.session.get(NominationRound, nomination_round.id),
            db.session.get(Organisation, ngo.id),
            "Anna Bērziņa",
            dt.date(2026, 1, 5),
            candidate_email="anna@abele.lv",
        )
        db.session.get(Person, anna.id).emails = "anna@abele.lv"
        db.session.add(User(email="anna@abele.lv", role="member", person_id=anna.id))
        db.session.commit()
        assert nomination.id
    login_as("staff")
    page = text_of(client.get(f"/people/{anna.id}"))
    assert "Memoranda padome" in page and lv("Deputy chair") in page
    assert "Septembra sēde" in page and lv("Remotely") in page
    assert "Sagatavot atzinumu" in page
    assert "2026-1" in page and "Biedrība Ābele" in page
    assert "anna@abele.lv" in page and lv("Council member") in page


def test_members_without_email_are_flagged_on_the_body_and_meeting_pages(
    app, client, login_as, make_body, make_person, make_membership, make_meeting
):
    council = make_body(name="Memoranda padome")
    for name in ("Anna Bērziņa", "Jānis Kalniņš", "Ilze Ozola"):
        make_membership(make_person(name), council)
    reachable = make_person("Dace Krūmiņa")
    make_membership(reachable, council)
    with app.app_context():
        db.session.get(Person, reachable.id).emails = "dace@example.lv"
        db.session.commit()
    meeting = make_meeting(body=council, day=dt.date(2030, 9, 24), visibility="members")
    login_as("staff")
    flag = lv_plural(
        "%(num)s member cannot be invited: no e-mail",
        "%(num)s members cannot be invited: no e-mail",
        3,
    )
    for url in (f"/bodies/{council.id}", f"/meetings/{meeting.id}"):
        page = text_of(client.get(url))
        # each named, linked to their record to add an e-mail (Dace has one)
        assert f"{flag} ( Anna Bērziņa , Ilze Ozola , Jānis Kalniņš )" in page, url
