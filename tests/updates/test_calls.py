"""Calls: staff record them, signatories see the open ones and are reminded of deadlines."""

import datetime as dt

import pytest
import sqlalchemy as sa

from secretariat.core.dates import riga_to_utc
from secretariat.extensions import db
from secretariat.reminders.models import Outbox
from secretariat.reminders.rules import sweep
from secretariat.updates.models import Call

from ..conftest import submit
from ..helpers import field_errors, lv, text_of

VALID = {
    "kind": "procurement",
    "title": "Padziļināta izpēte par biedrību un nodibinājumu sektoru",
    "deadline_on": "29.09.2025.",
    "deadline_time": "",
    "body_id": "0",
    "link_url": "https://www.eis.gov.lv/",
    "status": "open",
    "visibility": "signatories",
    "description": "Piedāvājumus iesniedz **EIS**.",
}


def at(day: dt.date, hour=8, minute=0) -> dt.datetime:
    return riga_to_utc(day, dt.time(hour, minute))


def _reminders(app):
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Outbox).where(Outbox.kind == "call_deadline").order_by(Outbox.id)
        ).all()
        return [(row.recipient, row.idempotency_key, row.subject, row.text_body) for row in rows]


def test_staff_create_edit_and_close_a_call(app, client, login_as, make_body):
    group = make_body(name="Satura plānošanas darba grupa", kind="working_group")
    login_as("staff")
    created = submit(client, "/calls/new", {**VALID, "body_id": str(group.id)})
    assert created.status_code == 302
    listing = text_of(client.get("/calls/"))
    assert VALID["title"] in listing and "29.09.2025." in listing and group.name in listing
    with app.app_context():
        call = db.session.scalar(sa.select(Call))
        assert (call.kind, call.deadline_on, call.body_id) == (
            "procurement",
            dt.date(2025, 9, 29),
            group.id,
        )
        call_id, version = call.id, call.version
    edited = submit(
        client,
        f"/calls/{call_id}/edit",
        {**VALID, "deadline_on": "06.10.2025.", "deadline_time": "12:00", "version": version},
    )
    assert edited.status_code == 302
    stale = submit(
        client,
        f"/calls/{call_id}/edit",
        {**VALID, "title": "Vecā kopija", "version": version},
        follow_redirects=True,
    )
    assert lv(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved: the form now shows their version; make your changes again."
    ) in text_of(stale)
    closed = submit(client, f"/calls/{call_id}/close", form_url="/calls/", follow_redirects=True)
    assert lv("Call closed: it no longer shows on the portal.") in text_of(closed)
    with app.app_context():
        call = db.session.get(Call, call_id)
        assert (call.status, call.deadline_on, call.deadline_time, call.title) == (
            "closed",
            dt.date(2025, 10, 6),
            dt.time(12, 0),
            VALID["title"],
        )


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("kind", "lottery", "Not a valid choice."),
        ("title", "", "This field is required."),
        ("title", "Ā" * 301, "At most %(max)d characters, please shorten the text."),
        ("description", "x" * 20001, "At most %(max)d characters, please shorten the text."),
        (
            "deadline_on",
            "31.02.2025.",
            "Not a real date: write it as day.month.year, e.g. 03.09.2025.",
        ),
        ("deadline_on", "", "This field is required."),
        ("deadline_time", "25:99", "Not a time of day: write it as 10:00."),
        ("link_url", "javascript:alert(1)", "Not a web address."),
    ],
)
def test_bad_call_input_is_told_at_the_field(app, client, login_as, field, value, message):
    login_as("staff")
    response = submit(client, "/calls/new", {**VALID, field: value})
    assert response.status_code == 400
    limit = {"title": 300, "description": 20000}.get(field)
    expected = lv(message) % {"max": limit} if limit else lv(message)
    assert field_errors(response, field) == [expected]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Call)) == 0


def test_communication_items_are_added_and_removed(
    app, client, login_as, make_meeting, make_decision
):
    decision = make_decision(make_meeting(visibility="public"), title="Par jaunatnes testu")
    login_as("staff")
    fields = {
        "kind": "infographic",
        "title": "Infografika par jaunatnes testu",
        "url": "https://nvo.lv/infografika",
        "published_on": "26.09.2025.",
        "decision_id": str(decision.id),
        "visibility": "public",
    }
    bad = submit(client, "/communication/", {**fields, "url": "nav saite", "title": ""})
    assert bad.status_code == 400
    assert field_errors(bad, "url") == [lv("Not a web address.")]
    assert field_errors(bad, "title") == [lv("This field is required.")]
    assert submit(client, "/communication/", fields).status_code == 302
    page = text_of(client.get("/communication/"))
    assert "Infografika par jaunatnes testu" in page and "Par jaunatnes testu" in page
    from secretariat.updates.models import CommunicationItem

    with app.app_context():
        item_id = db.session.scalar(sa.select(CommunicationItem.id))
    submit(client, f"/communication/{item_id}/delete", form_url="/communication/")
    assert "Infografika par jaunatnes testu" not in text_of(client.get("/communication/"))


# --- the call_deadline rule ---------------------------------------------------------------


@pytest.fixture
def signatory(make_signatory):
    return make_signatory(emails="info@abele.lv")


def test_reminder_seven_days_before_the_deadline_and_not_earlier(app, signatory, make_call):
    make_call(deadline_on=dt.date(2025, 9, 29))
    with app.app_context():
        sweep(at(dt.date(2025, 9, 22), 7, 59))
    assert _reminders(app) == []
    with app.app_context():
        sweep(at(dt.date(2025, 9, 22), 8, 0))
        sweep(at(dt.date(2025, 9, 25), 12, 0))  # later sweeps write nothing more
    [(recipient, key, subject, text)] = _reminders(app)
    assert recipient == "info@abele.lv"
    assert key.startswith("call_deadline:") and "20250929T2359" in key
    assert subject == lv(
        "Deadline %(day)s: %(title)s",
        day="29.09.2025.",
        title="Padziļināta izpēte par biedrību un nodibinājumu sektoru",
    )
    assert lv("A reminder: submissions to this call close soon.") in text
    assert "2025. gada 29. septembris" in text


def test_a_moved_deadline_is_reminded_again(app, signatory, make_call):
    call = make_call(deadline_on=dt.date(2025, 9, 29))
    with app.app_context():
        sweep(at(dt.date(2025, 9, 23)))
        db.session.get(Call, call.id).deadline_on = dt.date(2025, 10, 6)
        db.session.commit()
        sweep(at(dt.date(2025, 9, 23), 9))  # the new deadline's reminder is not due yet
    assert len(_reminders(app)) == 1
    with app.app_context():
        sweep(at(dt.date(2025, 9, 29), 8))
    assert [key.split(":")[2] for _, key, _, _ in _reminders(app)] == [
        "20250929T2359",
        "20251006T2359",
    ]


def test_no_reminder_for_closed_internal_or_passed_calls_or_when_switched_off(
    app, client, login_as, signatory, make_call
):
    make_call(title="Slēgts", status="closed")
    make_call(title="Iekšējs", visibility="internal")
    make_call(title="Šodien 10:00", deadline_on=dt.date(2025, 9, 29), deadline_time=dt.time(10, 0))
    with app.app_context():
        sweep(at(dt.date(2025, 9, 29), 11))  # that deadline has passed an hour ago
    assert _reminders(app) == []
    make_call(title="Ieslēgts", deadline_on=dt.date(2025, 10, 3))
    login_as("staff")
    rules_page = text_of(client.get("/reminders/rules"))
    assert lv("A call's deadline is near") in rules_page
    submit(
        client,
        "/reminders/rules/call_deadline",
        {"call_deadline-offset_days": "7"},  # the box "on" left unticked
        form_url="/reminders/rules",
    )
    with app.app_context():
        sweep(at(dt.date(2025, 9, 29), 12))
    assert _reminders(app) == []
    submit(
        client,
        "/reminders/rules/call_deadline",
        {"call_deadline-enabled": "y", "call_deadline-offset_days": "3"},
        form_url="/reminders/rules",
    )
    with app.app_context():
        sweep(at(dt.date(2025, 9, 29), 12))  # four days before: too early with 3 days
    assert _reminders(app) == []
    with app.app_context():
        sweep(at(dt.date(2025, 9, 30), 8))
    assert [subject.split(": ", 1)[1] for _, _, subject, _ in _reminders(app)] == ["Ieslēgts"]


def test_signatories_may_opt_out_of_call_reminders(app, client, make_user, signatory, make_call):
    from ..conftest import sign_in

    user = make_user("signatory", email="info@abele.lv")
    sign_in(client, user.email)
    page = text_of(client.get("/account/reminders"))
    assert lv("A call's deadline is near") in page and lv("Monthly update") in page
    submit(client, "/account/reminders", {"kind": ["meeting_eve"]}, form_url="/account/reminders")
    make_call()
    with app.app_context():
        sweep(at(dt.date(2025, 9, 23)))
    assert _reminders(app) == []


def test_a_call_past_its_deadline_is_closed_everywhere(
    app, client, login_as, make_call, make_user, make_signatory
):
    """Nobody has to remember to close it: the deadline does, on every page and list."""
    import time_machine

    passed = make_call(title="Ekspertu atlase", deadline_on=dt.date(2025, 9, 29))
    today = make_call(
        title="Aptauja", deadline_on=dt.date(2025, 10, 1), deadline_time=dt.time(12, 0)
    )
    with time_machine.travel(at(dt.date(2025, 10, 1), 11, 30), tick=False):
        with app.app_context():
            assert not db.session.get(Call, passed.id).is_open
            assert db.session.get(Call, today.id).is_open
            open_ids = set(db.session.scalars(sa.select(Call.id).where(Call.is_open)))
            assert open_ids == {today.id}
        login_as("staff")
        listing = client.get("/calls/?status=closed")
        assert "Ekspertu atlase" in text_of(listing) and "Aptauja" not in text_of(listing)
        assert "Aptauja" in text_of(client.get("/calls/?status=open"))
    with time_machine.travel(at(dt.date(2025, 10, 1), 12, 1), tick=False):
        with app.app_context():
            assert not db.session.get(Call, today.id).is_open
            assert not db.session.scalars(sa.select(Call.id).where(Call.is_open)).all()
        assert "Aptauja" in text_of(client.get("/calls/?status=closed"))
