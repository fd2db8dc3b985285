"""Agenda (§ items) and breakout groups of a meeting (attendance: test_attendance_sheet.py)."""

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.meetings.models import AgendaItem, Breakout

from ..conftest import submit
from ..helpers import field_errors, lv, text_of


def _agenda(app, meeting_id):
    with app.app_context():
        rows = db.session.execute(
            sa.select(AgendaItem.position, AgendaItem.title)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position)
        )
        return [tuple(r) for r in rows]


def test_build_and_reorder_the_agenda(app, client, login_as, make_meeting):
    meeting = make_meeting()
    login_as("staff")
    url = f"/meetings/{meeting.id}/agenda"
    for title, presenter in (
        ("Sekretariāta aktualitātes", "LPA"),
        ("Dažādi", ""),
        ("Jaunatnes tests", "IZM"),
    ):
        response = submit(
            client,
            url,
            {"title": title, "presenter": presenter, "duration_minutes": "15", "notes": ""},
        )
        assert response.status_code == 302
    assert _agenda(app, meeting.id) == [
        (1, "Sekretariāta aktualitātes"),
        (2, "Dažādi"),
        (3, "Jaunatnes tests"),
    ]

    with app.app_context():
        last = db.session.scalar(sa.select(AgendaItem.id).where(AgendaItem.position == 3))
    submit(client, f"{url}/{last}/move", {"direction": "up"}, form_url=url)
    assert _agenda(app, meeting.id) == [
        (1, "Sekretariāta aktualitātes"),
        (2, "Jaunatnes tests"),
        (3, "Dažādi"),
    ]
    submit(client, f"{url}/{last}/move", {"direction": "up"}, form_url=url)
    submit(client, f"{url}/{last}/move", {"direction": "up"}, form_url=url)  # already first
    assert _agenda(app, meeting.id)[0] == (1, "Jaunatnes tests")

    page = text_of(client.get(f"/meetings/{meeting.id}"))
    assert "1.§ Jaunatnes tests" in page and "3.§ Dažādi" in page


def test_removing_an_item_renumbers_the_rest(app, client, login_as, make_meeting, make_agenda_item):
    meeting = make_meeting()
    first = make_agenda_item(meeting, "Pirmais")
    make_agenda_item(meeting, "Otrais")
    make_agenda_item(meeting, "Trešais")
    login_as("staff")
    url = f"/meetings/{meeting.id}/agenda"
    submit(client, f"{url}/{first.id}/delete", form_url=url)
    assert _agenda(app, meeting.id) == [(1, "Otrais"), (2, "Trešais")]


def test_edit_an_agenda_item(app, client, login_as, make_meeting, make_agenda_item):
    meeting = make_meeting()
    item = make_agenda_item(meeting, "Sekretariata aktualitates")
    login_as("staff")
    url = f"/meetings/{meeting.id}/agenda/{item.id}/edit"
    assert (
        submit(
            client,
            url,
            {
                "title": "Sekretariāta aktualitātes",
                "presenter": "G.Rubenis",
                "duration_minutes": "",
                "notes": "",
            },
        ).status_code
        == 302
    )
    assert _agenda(app, meeting.id) == [(1, "Sekretariāta aktualitātes")]


def test_agenda_item_bad_input(app, client, login_as, make_meeting):
    meeting = make_meeting()
    login_as("staff")
    url = f"/meetings/{meeting.id}/agenda"
    empty = submit(client, url, {"title": "  ", "duration_minutes": ""})
    assert field_errors(empty, "title") == [lv("This field is required.")]
    long = submit(client, url, {"title": "x" * 501, "duration_minutes": "0"})
    assert field_errors(long, "title") == [
        lv("At most %(max)d characters, please shorten the text.", max=500)
    ]
    assert field_errors(long, "duration_minutes") == [
        lv("Number must be between %(min)s and %(max)s.") % {"min": 1, "max": 600}
    ]
    assert _agenda(app, meeting.id) == []


def test_items_of_another_meeting_are_not_reachable(
    client, login_as, make_meeting, make_agenda_item
):
    item = make_agenda_item(make_meeting())
    other = make_meeting()
    login_as("staff")
    assert client.get(f"/meetings/{other.id}/agenda/{item.id}/edit").status_code == 404


def test_breakout_groups_and_participant_count(app, client, login_as, make_meeting):
    meeting = make_meeting(kind="visiting_session")
    login_as("staff")
    url = f"/meetings/{meeting.id}/breakouts"
    for topic in ("Senioru līdzdalības jautājumi", "Mazākumtautību biedrību attīstības jautājumi"):
        assert (
            submit(
                client,
                url,
                {
                    "topic": topic,
                    "facilitator": "Līga Vītola",
                    "participants_count": "12",
                    "summary": "Kopsavilkums",
                },
            ).status_code
            == 302
        )
    bad = submit(client, url, {"topic": "", "participants_count": "-1"})
    assert field_errors(bad, "topic") == [lv("This field is required.")]
    page = text_of(client.get(f"/meetings/{meeting.id}"))
    assert "1. Senioru līdzdalības jautājumi" in page
    assert "2. Mazākumtautību biedrību attīstības jautājumi" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Breakout)) == 2


def test_a_move_needs_a_direction(client, login_as, make_meeting, make_agenda_item):
    meeting = make_meeting()
    item = make_agenda_item(meeting)
    login_as("staff")
    url = f"/meetings/{meeting.id}/agenda"
    response = submit(client, f"{url}/{item.id}/move", {"direction": "sideways"}, form_url=url)
    assert response.status_code == 400
