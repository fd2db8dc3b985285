"""Answers that arrive at the same moment — an RSVP sent from two tabs, two clicks on an
unsubscribe link — are one answer, never a server error (each is an upsert)."""

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.reminders.models import ReminderOptOut
from secretariat.updates.models import Rsvp

from .conftest import csrf_token, sign_in

AT_ONCE = 6


def at_once(monkeypatch, module, name: str, requests) -> list:
    """Run the requests in threads that all pass `module.name` (a step before the write)
    together, so every one of them writes as if the others had not; returns what each
    answered, or the exception it raised."""
    barrier = threading.Barrier(len(requests))
    original = getattr(module, name)

    def together(*args, **kwargs):
        result = original(*args, **kwargs)
        barrier.wait(timeout=30)
        return result

    monkeypatch.setattr(module, name, together)
    outcomes = [None] * len(requests)

    def run(index):
        try:
            outcomes[index] = requests[index]()
        except Exception as error:  # TESTING lets what would be a 500 through
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_simultaneous_rsvps_of_one_organisation_are_one_answer(
    app, monkeypatch, make_user, make_organisation, make_meeting
):
    from secretariat.updates import services

    meeting = make_meeting(day=dt.date(2099, 10, 2), visibility="signatories")
    organisation = make_organisation(name="Biedrība Ābele")
    clients = []
    for _ in range(AT_ONCE):  # colleagues of one organisation, each in their own browser
        client = app.test_client()
        sign_in(client, make_user("signatory", organisation=organisation).email)
        clients.append((client, csrf_token(client, "/portal/")))

    def answer(client, token, attending):
        return lambda: (
            client.post(
                f"/portal/meetings/{meeting.id}/rsvp",
                data={"csrf_token": token, "attending": attending},
            ).status_code
        )

    outcomes = at_once(
        monkeypatch,
        services,
        "may_answer",
        [answer(c, t, "yes" if i % 2 else "no") for i, (c, t) in enumerate(clients)],
    )
    assert outcomes == [302] * AT_ONCE
    with app.app_context():
        rows = db.session.scalars(sa.select(Rsvp)).all()
        assert len(rows) == 1
        assert rows[0].organisation_id == organisation.id


def test_an_rsvp_enters_the_audit_trail_once_then_its_changes(
    app, client, make_user, make_organisation, make_meeting
):
    from secretariat.core.audit import AuditEvent

    meeting = make_meeting(day=dt.date(2099, 10, 2), visibility="signatories")
    user = make_user("signatory", organisation=make_organisation())
    sign_in(client, user.email)
    token = csrf_token(client, "/portal/")
    for attending in ("yes", "yes", "no"):
        client.post(
            f"/portal/meetings/{meeting.id}/rsvp",
            data={"csrf_token": token, "attending": attending},
        )
    with app.app_context():
        events = db.session.execute(
            sa.select(AuditEvent.action, AuditEvent.user_id, AuditEvent.changes)
            .where(AuditEvent.object_type == "rsvp")
            .order_by(AuditEvent.id)
        ).all()
    assert [(action, who) for action, who, _ in events] == [
        ("create", user.id),
        ("update", user.id),  # answered again: only the time changed
        ("update", user.id),
    ]
    assert events[0].changes["attending"] is True
    assert "attending" not in events[1].changes
    assert events[2].changes["attending"] == [True, False]


@pytest.mark.parametrize("path", ["", "/one-click"])
def test_simultaneous_unsubscribes_are_one_opt_out(app, monkeypatch, path):
    from secretariat.reminders import views
    from secretariat.reminders.sweeping import unsubscribe_token

    with app.app_context():
        token = unsubscribe_token("ilze@abele.lv", "meeting_invitation")
    url = f"/unsubscribe/{token}{path}"

    def click():
        client = app.test_client()
        if path:  # the mail provider's post carries no form token
            data = {"List-Unsubscribe": "One-Click"}
        else:
            data = {"csrf_token": csrf_token(client, url)}
        return lambda: client.post(url, data=data).status_code

    outcomes = at_once(
        monkeypatch, views, "read_unsubscribe_token", [click() for _ in range(AT_ONCE)]
    )
    assert outcomes == [200] * AT_ONCE
    with app.app_context():
        assert db.session.scalars(sa.select(ReminderOptOut.email)).all() == ["ilze@abele.lv"]
