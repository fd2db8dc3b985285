"""Creating and editing meetings through the forms, as staff do."""

import datetime as dt

import pytest
import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.meetings.models import Meeting

from ..conftest import submit
from ..helpers import field_errors, lv, text_of


def _meeting_form(body, **overrides):
    data = {
        "body_id": body.id,
        "kind": "visiting_session",
        "title": "Memoranda padomes izbraukuma sēde Jēkabpilī",
        "number": "7",
        "date": "03.09.2025.",
        "start_time": "10:00",
        "end_date": "",
        "end_time": "16:00",
        "place": "Jēkabpils Kopienu centrs",
        "online_url": "",
        "region": "Sēlija",
        "host_organisation_id": 0,
        "status": "planned",
        "participants_count": "",
        "visibility": "public",
        "description": "",
        "version": "",
    }
    data.update(overrides)
    return data


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Meeting))


def test_staff_create_a_visiting_session(app, client, login_as, make_body, make_organisation):
    body = make_body(name="Memoranda padome")
    partner = make_organisation(name="Vidusdaugavas NVO centrs")
    login_as("staff")
    response = submit(
        client,
        "/meetings/new",
        _meeting_form(body, host_organisation_id=partner.id),
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Memoranda padomes izbraukuma sēde Jēkabpilī" in page
    assert "2025. gada 3. septembris, 10:00–16:00" in page
    assert "Vidusdaugavas NVO centrs" in page
    with app.app_context():
        meeting = db.session.scalar(sa.select(Meeting))
        assert meeting.starts_at == dt.datetime(2025, 9, 3, 7, 0, tzinfo=dt.UTC)
        assert meeting.region == "Sēlija"


def test_online_meeting_shows_online(client, login_as, make_body):
    body = make_body()
    login_as("staff")
    response = submit(
        client,
        "/meetings/new",
        _meeting_form(
            body,
            kind="signatory_call",
            place="",
            region="",
            online_url="https://meet.example.org/memorands",
        ),
        follow_redirects=True,
    )
    assert lv("online") in text_of(response)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "", "This field is required."),
        ("date", "", "This field is required."),
        ("start_time", "", "This field is required."),
        ("body_id", "0", "This field is required."),
        ("date", "31.02.2025.", "Not a real date: write it as day.month.year, e.g. 03.09.2025."),
        ("date", "nākamtrešdien", "Not a real date: write it as day.month.year, e.g. 03.09.2025."),
        ("start_time", "25:61", "Not a time of day: write it as 10:00."),
        ("end_time", "09:00", "The meeting cannot end before it starts."),
        ("end_date", "02.09.2025.", "The end date cannot be before the start date."),
        ("kind", "party", "Not a valid choice."),
        ("visibility", "everyone", "Not a valid choice."),
        ("region", "Atlantīda", "Not a valid choice."),
        ("body_id", "999999", "Not a valid choice."),
        ("participants_count", "-3", "Number must be between %(min)s and %(max)s."),
        ("participants_count", "daudz", "Not a valid integer value."),
        ("online_url", "javascript:alert(1)", "Not a web address."),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(
    app, client, login_as, make_body, field, value, message
):
    body = make_body()
    login_as("staff")
    response = submit(client, "/meetings/new", _meeting_form(body, **{field: value}))
    assert response.status_code == 400
    shown = field_errors(response, field)
    expected = lv(message)
    if "%(min)s" in expected:
        expected = expected % {"min": 0, "max": 100000}
    assert expected in shown, shown
    assert f'id="{field}"' in response.get_data(as_text=True)
    assert _count(app) == 0


def test_over_long_text_is_refused_at_the_field(app, client, login_as, make_body):
    body = make_body()
    login_as("staff")
    response = submit(client, "/meetings/new", _meeting_form(body, title="Ā" * 301))
    assert response.status_code == 400
    assert field_errors(response, "title") == [
        lv("At most %(max)d characters, please shorten the text.", max=300)
    ]
    assert _count(app) == 0


def test_what_was_typed_stays_in_the_form_after_an_error(client, login_as, make_body):
    body = make_body()
    login_as("staff")
    response = submit(client, "/meetings/new", _meeting_form(body, title="", place="Ķekava"))
    assert 'value="Ķekava"' in response.get_data(as_text=True)
    assert 'value="03.09.2025."' in response.get_data(as_text=True)


def test_edit_shows_latvian_date_and_saves(app, client, login_as, make_meeting):
    meeting = make_meeting(title="Sēde", day=dt.date(2025, 9, 24))
    login_as("staff")
    form = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="24.09.2025."' in form
    assert 'value="10:00"' in form
    response = submit(
        client,
        f"/meetings/{meeting.id}/edit",
        _meeting_form(
            type("B", (), {"id": meeting.body_id}),
            kind="session",
            title="Sēde (pārcelta)",
            date="25.09.2025.",
            version="1",
        ),
    )
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.get(Meeting, meeting.id)
        assert stored.title == "Sēde (pārcelta)"
        assert stored.local_start.date() == dt.date(2025, 9, 25)
        assert stored.version == 2


def test_second_of_two_simultaneous_edits_is_refused(app, client, login_as, make_meeting):
    """Two staff open the same meeting; the first save wins and the second is told so."""
    meeting = make_meeting(title="Sēde")
    login_as("staff")
    body = type("B", (), {"id": meeting.body_id})
    first = submit(
        client,
        f"/meetings/{meeting.id}/edit",
        _meeting_form(body, kind="session", title="Pirmā versija", version="1"),
    )
    assert first.status_code == 302
    second = submit(
        client,
        f"/meetings/{meeting.id}/edit",
        _meeting_form(body, kind="session", title="Otrā versija", version="1"),
        follow_redirects=True,
    )
    assert lv(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved: the form now shows their version; make your changes again."
    ) in text_of(second)
    assert 'value="Pirmā versija"' in second.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Meeting, meeting.id).title == "Pirmā versija"


def test_a_protocol_number_is_used_once_per_body_and_year(
    app, client, login_as, make_body, make_meeting
):
    body = make_body(name="Memoranda padome")
    make_meeting(body=body, number="7", title="Septītā sēde", day=dt.date(2025, 6, 1))
    make_meeting(body=body, number="8", title="Pagājušā gada sēde", day=dt.date(2024, 6, 1))
    login_as("staff")
    taken = submit(client, "/meetings/new", _meeting_form(body, number="7"))
    assert field_errors(taken, "number") == [
        lv(
            "Protocol No. %(n)s is already used this year by “%(title)s” (%(day)s).",
            n="7",
            title="Septītā sēde",
            day="01.06.2025.",
        )
    ]
    assert submit(client, "/meetings/new", _meeting_form(body, number="8")).status_code == 302
    assert _count(app) == 3


def test_the_meeting_page_shows_the_quorum(
    app, client, login_as, make_body, make_person, make_membership, make_meeting
):
    from secretariat.meetings.services import record_attendance
    from secretariat.people.models import Person

    body = make_body()
    people = [make_person(f"Loceklis {n}") for n in range(5)]
    for person in people:
        make_membership(person, body)
    meeting = make_meeting(body=body)
    with app.app_context():
        m = db.session.get(Meeting, meeting.id)
        for person in people[:2]:
            record_attendance(m, db.session.get(Person, person.id), "in_person")
        db.session.commit()
    login_as("staff")
    page = text_of(client.get(f"/meetings/{meeting.id}"))
    assert lv("%(present)s of %(total)s voting members take part", present=2, total=5) in page
    rule = lv("more than half of the voting members")
    assert (
        lv(
            "No quorum: %(needed)s voting members are needed for decisions (%(rule)s).",
            needed=3,
            rule=rule,
        )
        in page
    )


@pytest.mark.parametrize(
    ("kind", "shown"),
    [("session", True), ("working_group", True), ("forum", False), ("signatory_call", False)],
)
def test_only_meetings_that_take_decisions_show_a_quorum(
    kind, shown, app, client, login_as, make_body, make_person, make_membership, make_meeting
):
    from secretariat.meetings.services import record_attendance
    from secretariat.people.models import Person

    body = make_body()
    people = [make_person(f"Loceklis {n}") for n in range(3)]
    for person in people:
        make_membership(person, body)
    meeting = make_meeting(body=body, kind=kind)
    with app.app_context():
        m = db.session.get(Meeting, meeting.id)
        for person in people[:2]:
            record_attendance(m, db.session.get(Person, person.id), "in_person")
        db.session.commit()
    login_as("staff")
    page = text_of(client.get(f"/meetings/{meeting.id}"))
    quorum = lv("%(present)s of %(total)s voting members take part", present=2, total=3)
    assert (quorum in page) is shown


def test_a_meeting_is_not_held_before_it_starts(app, client, login_as, make_body):
    body = make_body()
    login_as("staff")
    future = _meeting_form(body, date="01.01.2099.", status="held")
    response = submit(client, "/meetings/new", future)
    assert field_errors(response, "status") == [
        lv("A meeting cannot be held before it starts: keep it planned until then.")
    ]
    assert submit(client, "/meetings/new", {**future, "status": "planned"}).status_code == 302
