"""Who changed what and when, on every record."""

import datetime as dt

import sqlalchemy as sa

from secretariat.core.audit import AuditEvent
from secretariat.extensions import db

from ..conftest import submit
from ..helpers import text_of


def test_every_change_is_recorded_with_who_and_what(app, client, login_as, make_meeting):
    meeting = make_meeting(title="Sēde")
    user = login_as("staff", name="Gints Āboliņš")
    submit(client, f"/meetings/{meeting.id}/agenda", {"title": "Sekretariāta aktualitātes"})
    form = {
        "body_id": meeting.body_id,
        "kind": "session",
        "title": "Memoranda padomes sēde",
        "date": "24.09.2025.",
        "start_time": "11:00",
        "status": "held",
        "visibility": "members",
        "region": "",
        "host_organisation_id": 0,
        "version": "1",
    }
    assert submit(client, f"/meetings/{meeting.id}/edit", form).status_code == 302

    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
        mine = [e for e in events if e.user_id == user.id]
        assert [(e.object_type, e.action) for e in mine] == [
            ("agenda_item", "create"),
            ("meeting", "update"),
        ]
        change = mine[1].changes
        assert change["title"] == ["Sēde", "Memoranda padomes sēde"]
        assert change["status"] == ["planned", "held"]
        assert change["starts_at"][1].startswith("2025-09-24T08:00")
        assert mine[0].parent_type == "meeting" and mine[0].parent_id == meeting.id

    history = text_of(client.get(f"/audit/meeting/{meeting.id}"))
    assert "Gints Āboliņš" in history
    assert "Memoranda padomes sēde" in history and "Sekretariāta aktualitātes" in history


def test_deletes_are_recorded_with_what_was_deleted(
    app, client, login_as, make_meeting, make_agenda_item
):
    meeting = make_meeting()
    item = make_agenda_item(meeting, "Dažādi")
    login_as("staff")
    url = f"/meetings/{meeting.id}/agenda"
    submit(client, f"{url}/{item.id}/delete", form_url=url)
    with app.app_context():
        deleted = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "delete"))
        assert deleted.object_type == "agenda_item" and deleted.changes["title"] == "Dažādi"


def test_secrets_never_reach_the_trail(app, make_user):
    make_user("staff")
    with app.app_context():
        created = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.object_type == "user"))
        assert created.changes["password_hash"] == "••••"
        assert (
            "calendar_token" not in created.changes or created.changes["calendar_token"] == "••••"
        )


def test_changes_outside_a_request_have_no_user(app, make_meeting):
    make_meeting(title="No komandrindas", day=dt.date(2025, 1, 1))
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.object_type == "meeting"))
        assert event.user_id is None and event.label == "No komandrindas"
