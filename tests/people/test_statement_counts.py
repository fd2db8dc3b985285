"""The directory and a person's page run the same number of statements with little and with
much data."""

import datetime as dt

import pytest
import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.people.models import Person

from ..test_statement_counts import BUDGET, grow_register  # noqa: F401 - a fixture


def _measure(client, url, count_statements) -> int:
    client.get(url)
    with count_statements() as counted:
        response = client.get(url)
    assert response.status_code == 200, url
    return counted.n


@pytest.mark.parametrize(
    "page", ["/people/", "/people/?q=parst&body={body}&organisation={organisation}&no_email=1"]
)
def test_directory_statement_count_does_not_grow(
    page,
    client,
    login_as,
    grow_register,  # noqa: F811 - the fixture imported above
    count_statements,
):
    login_as("staff")
    body, _round, organisation = grow_register(3, 1)
    url = page.format(body=body, organisation=organisation)
    small = _measure(client, url, count_statements)
    grow_register(40, 100)
    large = _measure(client, url, count_statements)
    assert small == large, f"{url}: {small} statements with little data, {large} with more"
    assert large <= BUDGET


def test_a_persons_page_statement_count_does_not_grow(
    app, client, login_as, count_statements, make_body, make_meeting, make_conclusion, make_action
):
    from secretariat.bodies.models import Body
    from secretariat.bodies.services import add_membership
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import record_attendance

    with app.app_context():
        person = Person(name="Anna Bērziņa", emails="anna@example.lv")
        db.session.add(person)
        db.session.commit()
        person_id = person.id

    def grow(n, start):
        for i in range(start, start + n):
            body = make_body(name=f"Darba grupa {i}", kind="working_group")
            meeting = make_meeting(body=body, day=dt.date(2025, 1, 1) + dt.timedelta(days=i))
            make_action(make_conclusion(meeting), title=f"Uzdevums {i}", owner_person_id=person_id)
            with app.app_context():
                anna = db.session.get(Person, person_id)
                add_membership(db.session.get(Body, body.id), anna, "member", dt.date(2024, 1, 1))
                record_attendance(db.session.get(Meeting, meeting.id), anna, "in_person")
                db.session.commit()

    login_as("staff")
    url = f"/people/{person_id}"
    grow(2, 0)
    small = _measure(client, url, count_statements)
    grow(35, 10)
    large = _measure(client, url, count_statements)
    assert small == large, f"{small} statements with little data, {large} with more"
    assert large <= BUDGET
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 1
