"""No N+1 on the pages that show register data to signatories, members and staff: the same
statement count with little and with much data (tests/test_statement_counts.py pattern)."""

import datetime as dt

from secretariat.extensions import db

from ..helpers import lv, text_of
from ..test_statement_counts import BUDGET


def _measure(client, url, count_statements) -> int:
    client.get(url)  # warm caches that are not per request
    with count_statements() as counted:
        response = client.get(url)
    assert response.status_code == 200, url
    return counted.n


def _same_count(client, url, count_statements, grow) -> None:
    grow(3, 0)
    small = _measure(client, url, count_statements)
    grow(40, 100)
    large = _measure(client, url, count_statements)
    assert small == large, f"{url}: {small} statements with little data, {large} with more"
    assert large <= BUDGET, f"{url}: {large} statements, budget {BUDGET}"


def test_my_organisation(app, client, login_as, make_organisation, count_statements):
    from secretariat.organisations.models import (
        ChangeProposal,
        Contact,
        Organisation,
        OrganisationStatusChange,
    )
    from secretariat.people.models import Person

    org = make_organisation(name="Biedrība Ābele", memorandum_signed_on=dt.date(2010, 1, 1))
    user = login_as("signatory", organisation=org)

    def grow(n, start):
        with app.app_context():
            mine = db.session.get(Organisation, org.id)
            for i in range(start, start + n):
                db.session.add_all(
                    [
                        Person(name=f"Valdes loceklis {i}", organisation=mine),
                        Contact(organisation=mine, role=f"Nodaļa {i}", emails=f"n{i}@abele.lv"),
                        ChangeProposal(
                            organisation=mine,
                            proposed_by_id=user.id,
                            changes={"website": f"https://abele{i}.lv"},
                        ),
                        OrganisationStatusChange(
                            organisation=mine, status="active", source="manual"
                        ),
                    ]
                )
            db.session.commit()

    _same_count(client, "/my-organisation", count_statements, grow)


def test_members_dashboard(app, client, login_as, make_body, make_meeting, count_statements):
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import record_attendance
    from secretariat.organisations.models import Organisation
    from secretariat.people.models import Person

    login_as("member")
    body = make_body()

    def grow(n, start):
        for i in range(start, start + n):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=i) if i % 2 else None
            meeting = make_meeting(
                body=body,
                title=f"Sēde {i}",
                visibility="members",
                day=day or dt.date(2099, 1, 1) + dt.timedelta(days=i),
                region="Sēlija",
            )
            with app.app_context():
                host = Organisation(name=f"Biedrība {i}")
                person = Person(name=f"Dalībnieks {i}", organisation=host)
                db.session.add_all([host, person])
                db.session.flush()
                stored = db.session.get(Meeting, meeting.id)
                stored.host_organisation_id = host.id
                record_attendance(stored, person, "in_person", representing=host)
                db.session.commit()

    _same_count(client, "/", count_statements, grow)


def test_visiting_sessions_region_section(app, client, login_as, make_meeting, count_statements):
    from secretariat.organisations.models import Contact, Organisation

    meeting = make_meeting(kind="visiting_session", region="Sēlija", visibility="members")
    login_as("staff")

    def grow(n, start):
        with app.app_context():
            for i in range(start, start + n):
                municipality = Organisation(
                    name=f"Novads {i} novads", kind="municipality", region="Sēlija"
                )
                db.session.add_all(
                    [
                        municipality,
                        Contact(
                            organisation=municipality,
                            role="Domes priekšsēdētājs",
                            phones=f"+371 2{i:07d}",
                            emails=f"dome{i}@novads.lv",
                        ),
                        Contact(
                            organisation=municipality,
                            role="Izpilddirektors",
                            website=f"https://novads{i}.lv",
                        ),
                        Organisation(name=f"Sēlijas biedrība {i}", region="Sēlija"),
                    ]
                )
            db.session.commit()

    url = f"/meetings/{meeting.id}"
    _same_count(client, url, count_statements, grow)
    page = text_of(client.get(url))
    assert lv("Active NGOs of the region in the register: %(n)s", n=43) in page
    assert "dome100@novads.lv" in page
