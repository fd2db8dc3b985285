"""A member added on the web with an e-mail is invited by the next sweep."""

import datetime as dt

from secretariat.reminders.rules import sweep

from ..conftest import submit
from ..helpers import lv_plural, text_of
from ..reminders.helpers import at, outbox_messages


def test_a_member_added_on_the_web_is_invited_to_the_next_session(
    app, client, login_as, make_body, make_meeting
):
    council = make_body(name="Memoranda padome")
    session = make_meeting(body=council, day=dt.date(2026, 3, 25), visibility="members")
    login_as("staff")
    response = submit(
        client,
        f"/bodies/{council.id}/memberships/new",
        {
            "person_id": 0,
            "new_person_name": "Līga Vītola",
            "new_person_email": "liga.vitola@example.lv",
            "position": "member",
            "on_behalf_of_id": 0,
            "voting_right": "y",
            "start_on": "01.03.2026.",
        },
    )
    assert response.status_code == 302
    body_page = text_of(client.get(f"/bodies/{council.id}"))
    assert "Līga Vītola" in body_page
    assert (
        lv_plural(
            "%(num)s member cannot be invited: no e-mail",
            "%(num)s members cannot be invited: no e-mail",
            1,
        )
        not in body_page
    )

    with app.app_context():
        sweep(at(dt.date(2026, 3, 18), 10, 0))  # a week before the session
    [invitation] = outbox_messages(app, "meeting_invitation")
    assert invitation.recipient == "liga.vitola@example.lv"
    assert invitation.meeting_id == session.id
    assert "Memoranda padomes sēde" in invitation.subject
