"""Conclusions, follow-up actions, progress notes and the tracker."""

import datetime as dt

import sqlalchemy as sa

from secretariat.core.dates import today_in_riga
from secretariat.extensions import db
from secretariat.followups.models import Action, ActionUpdate, Conclusion

from ..conftest import submit
from ..helpers import field_errors, lv, text_of


def _action_form(**fields):
    data = {
        "title": "Nodrošināt valsts pārvaldes pārstāvju dalību",
        "description": "",
        "owner_person_id": 0,
        "owner_organisation_id": 0,
        "due_on": "",
        "status": "open",
        "version": "",
    }
    data.update(fields)
    return data


def test_conclusion_becomes_an_action_that_shows_in_the_tracker(
    app, client, login_as, make_meeting, make_organisation
):
    meeting = make_meeting(kind="visiting_session", title="Izbraukuma sēde Jēkabpilī")
    chancellery = make_organisation(name="Valsts kanceleja", kind="ministry")
    login_as("staff")
    url = f"/meetings/{meeting.id}/conclusions"
    assert (
        submit(
            client,
            url,
            {"kind": "finding", "text": "Laba iespēja mazināt plaisu.", "breakout_id": 0},
        ).status_code
        == 302
    )
    assert (
        submit(
            client,
            url,
            {
                "kind": "issue",
                "breakout_id": 0,
                "text": "Pietrūka valsts pārvaldes pārstāvju līdzdalības.",
            },
        ).status_code
        == 302
    )
    with app.app_context():
        issue = db.session.scalar(sa.select(Conclusion).where(Conclusion.kind == "issue"))
    response = submit(
        client,
        f"/followups/new?conclusion={issue.id}",
        _action_form(owner_organisation_id=chancellery.id, due_on="22.10.2025."),
    )
    assert response.status_code == 302

    meeting_page = text_of(client.get(f"/meetings/{meeting.id}"))
    assert lv("BUT") in meeting_page
    assert "Valsts kanceleja · 22.10.2025." in meeting_page

    tracker = text_of(client.get("/followups/"))
    assert "Nodrošināt valsts pārvaldes pārstāvju dalību Valsts kanceleja 22.10.2025." in tracker
    assert lv("overdue") in tracker  # 22.10.2025 has passed
    with app.app_context():
        action = db.session.scalar(sa.select(Action))
        assert (action.meeting_id, action.conclusion_id) == (meeting.id, issue.id)


def test_action_from_a_decision(app, client, login_as, make_meeting, make_decision, make_person):
    meeting = make_meeting()
    decision = make_decision(meeting, title="Par pētījuma iepirkumu")
    owner = make_person("Līga Vītola")
    login_as("staff")
    form = text_of(client.get(f"/followups/new?decision={decision.id}"))
    assert "Par pētījuma iepirkumu" in form
    response = submit(
        client,
        f"/followups/new?decision={decision.id}",
        _action_form(title="Izsludināt iepirkumu", owner_person_id=owner.id),
    )
    assert response.status_code == 302
    with app.app_context():
        action = db.session.scalar(sa.select(Action))
        assert (action.decision_id, action.meeting_id) == (decision.id, meeting.id)


def test_action_bad_input(app, client, login_as):
    login_as("staff")
    nobody = submit(client, "/followups/new", _action_form(due_on="30.02.2026.", status="later"))
    assert field_errors(nobody, "owner_person_id") == [
        lv("Name the person or the institution responsible.")
    ]
    assert field_errors(nobody, "due_on") == [
        lv("Not a real date: write it as day.month.year, e.g. 03.09.2025.")
    ]
    assert field_errors(nobody, "status") == [lv("Not a valid choice.")]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Action)) == 0


def test_progress_notes_move_the_status(app, client, login_as, make_action, make_person):
    owner = make_person()
    action = make_action(owner_person_id=owner.id, due_on=dt.date(2030, 1, 1))
    user = login_as("staff", name="Gints Āboliņš")
    url = f"/followups/{action.id}/notes"
    empty = submit(client, url, {"text": "", "status_to": ""}, form_url=f"/followups/{action.id}")
    assert empty.status_code == 400
    assert field_errors(empty, "text") == [lv("This field is required.")]
    submit(
        client,
        url,
        {"text": "Vēstule ministrijām nosūtīta.", "status_to": "in_progress"},
        form_url=f"/followups/{action.id}",
    )
    submit(
        client, url, {"text": "Izpildīts.", "status_to": "done"}, form_url=f"/followups/{action.id}"
    )
    page = text_of(client.get(f"/followups/{action.id}"))
    assert "Gints Āboliņš" in page and "Vēstule ministrijām nosūtīta." in page
    with app.app_context():
        stored = db.session.get(Action, action.id)
        assert stored.status == "done"
        assert stored.completed_on == today_in_riga()
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(ActionUpdate)
                .where(ActionUpdate.user_id == user.id)
            )
            == 2
        )


def test_tracker_filters(
    client,
    login_as,
    make_action,
    make_person,
    make_organisation,
    make_meeting,
    make_conclusion,
    make_body,
):
    council = make_body(name="Padome")
    group = make_body(name="Finanšu darba grupa", kind="working_group")
    anna = make_person("Anna Bērziņa")
    ministry = make_organisation(name="Finanšu ministrija", kind="ministry")
    in_council = make_conclusion(make_meeting(body=council, title="Padomes sēde"))
    in_group = make_conclusion(make_meeting(body=group, title="Darba grupas sanāksme"))
    today = today_in_riga()
    make_action(
        in_council,
        title="Nokavēts uzdevums",
        owner_person_id=anna.id,
        due_on=today - dt.timedelta(days=3),
    )
    make_action(
        in_council,
        title="Izpildīts uzdevums",
        owner_person_id=anna.id,
        due_on=today - dt.timedelta(days=3),
        status="done",
    )
    make_action(
        in_group,
        title="Nodokļu priekšlikumi",
        owner_organisation_id=ministry.id,
        due_on=today + dt.timedelta(days=30),
    )
    login_as("staff")

    def titles(query):
        page = text_of(client.get(f"/followups/?{query}"))
        return {
            t
            for t in ("Nokavēts uzdevums", "Izpildīts uzdevums", "Nodokļu priekšlikumi")
            if t in page
        }

    assert titles("") == {"Nokavēts uzdevums", "Izpildīts uzdevums", "Nodokļu priekšlikumi"}
    assert titles("overdue=1") == {"Nokavēts uzdevums"}
    assert titles("status=done") == {"Izpildīts uzdevums"}
    assert titles(f"owner=p:{anna.id}") == {"Nokavēts uzdevums", "Izpildīts uzdevums"}
    assert titles(f"owner=o:{ministry.id}") == {"Nodokļu priekšlikumi"}
    assert titles(f"body={group.id}") == {"Nodokļu priekšlikumi"}
    assert titles(f"meeting={in_council.meeting_id}&status=open") == {"Nokavēts uzdevums"}
    assert titles("owner=berzina") == {"Nokavēts uzdevums", "Izpildīts uzdevums"}
    assert titles("owner=FINANŠU") == {"Nodokļu priekšlikumi"}
    assert titles("owner=100%") == set()
    assert titles("status=bogus") == titles("")


def test_second_of_two_simultaneous_action_edits_is_refused(
    app, client, login_as, make_action, make_person
):
    owner = make_person()
    action = make_action(owner_person_id=owner.id)
    login_as("staff")
    url = f"/followups/{action.id}/edit"
    first = submit(client, url, _action_form(title="Pirmā", owner_person_id=owner.id, version="1"))
    assert first.status_code == 302
    second = submit(
        client,
        url,
        _action_form(title="Otrā", owner_person_id=owner.id, version="1"),
        follow_redirects=True,
    )
    assert lv(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved: the form now shows their version; make your changes again."
    ) in text_of(second)
    with app.app_context():
        assert db.session.get(Action, action.id).title == "Pirmā"


def test_the_database_refuses_a_stale_write_even_past_the_form_check(app, make_action):
    """Two workers both pass the form's version check; the database lets only one win."""
    import pytest
    from sqlalchemy.orm.exc import StaleDataError

    action = make_action(owner_person_id=None, title="Sākums")
    with app.app_context():
        engine = db.engine
        from sqlalchemy.orm import Session

        with Session(engine) as first, Session(engine) as second:
            a1, a2 = first.get(Action, action.id), second.get(Action, action.id)
            a1.title, a2.title = "Pirmais", "Otrais"
            first.commit()
            with pytest.raises(StaleDataError):
                second.commit()
        assert db.session.get(Action, action.id).title == "Pirmais"


def test_conclusion_bad_input(app, client, login_as, make_meeting):
    meeting = make_meeting()
    login_as("staff")
    url = f"/meetings/{meeting.id}/conclusions"
    response = submit(client, url, {"kind": "maybe", "text": "", "breakout_id": 424242})
    assert response.status_code == 400
    assert field_errors(response, "kind") == [lv("Not a valid choice.")]
    assert field_errors(response, "text") == [lv("This field is required.")]
    assert field_errors(response, "breakout_id") == [lv("Not a valid choice.")]
    too_long = submit(client, url, {"kind": "issue", "text": "ž" * 5001, "breakout_id": 0})
    assert field_errors(too_long, "text") == [
        lv("At most %(max)d characters, please shorten the text.", max=5000)
    ]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Conclusion)) == 0
