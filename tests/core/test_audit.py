"""Who changed what and when, on every record."""

import datetime as dt
import re

import sqlalchemy as sa

from secretariat.core.audit import AuditEvent
from secretariat.extensions import db

from ..conftest import submit
from ..helpers import lv, text_of


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
    # staff read the trail in their own words: field names, chosen values and moments
    # as the interface shows them, never the stored column names or UTC stamps
    assert f"{lv('Status')} {lv('Planned')} → {lv('Held')}" in history
    assert f"{lv('Starts at')} " in history and "24.09.2025. 11:00" in history
    assert "starts_at" not in history and "T08:00" not in history
    assert lv("record changed") in history and lv("record created") in history


def test_linked_records_show_by_name(
    app, client, login_as, make_meeting, make_conclusion, make_action, make_person
):
    owner = make_person("Ilze Ozola")
    action = make_action(make_conclusion(make_meeting()), title="Sagatavot vēstuli")
    login_as("staff")
    form_url = f"/followups/{action.id}/edit"
    page = client.get(form_url).get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    submit(
        client,
        form_url,
        {
            "title": "Sagatavot vēstuli",
            "owner_person_id": owner.id,
            "owner_organisation_id": 0,
            "due_on": "01.12.2025.",
            "status": "in_progress",
            "description": "",
            "version": version,
        },
    )
    history = text_of(client.get(f"/audit/action/{action.id}"))
    assert f"{lv('Owner (person)')} — → Ilze Ozola" in history
    assert f"{lv('Status')} {lv('Open')} → {lv('In progress')}" in history
    assert "owner_person_id" not in history and "in_progress" not in history


def test_every_audited_field_has_a_name_in_the_interface(app):
    from secretariat.core.audit import _NOT_AUDITED, Audited
    from secretariat.dashboard.audit_display import FIELD_LABELS

    missing = {
        f"{mapper.class_.__audit_type__}.{attr.key}"
        for mapper in db.Model.registry.mappers
        if issubclass(mapper.class_, Audited)
        for attr in mapper.column_attrs
        if attr.key not in _NOT_AUDITED and attr.key != "id" and attr.key not in FIELD_LABELS
    }
    assert missing == set()


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
        created = db.session.scalar(
            sa.select(AuditEvent)
            .where(AuditEvent.object_type == "user", AuditEvent.action == "create")
            .order_by(AuditEvent.id)
        )
        assert created.changes["password_hash"] == "••••"
        assert (
            "calendar_token" not in created.changes or created.changes["calendar_token"] == "••••"
        )


def test_changes_outside_a_request_have_no_user(app, make_meeting):
    make_meeting(title="No komandrindas", day=dt.date(2025, 1, 1))
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.object_type == "meeting"))
        assert event.user_id is None and event.label == "No komandrindas"
