"""Calendars follow the meeting: a moved meeting's new time and a cancellation reach the
people who were sent the invitation, as the same event (same UID, higher SEQUENCE)."""

import datetime as dt

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from secretariat.core.dates import riga_to_utc
from secretariat.extensions import db
from secretariat.meetings.models import Meeting
from secretariat.people.models import Person
from secretariat.reminders.models import Outbox
from secretariat.reminders.outbox import deliver_due
from secretariat.reminders.rules import sweep

ANNA = "anna@example.lv"


def at(day: dt.date, hour=10, minute=0) -> dt.datetime:
    return riga_to_utc(day, dt.time(hour, minute))


@pytest.fixture
def meeting(mail_app, make_body, make_person, make_membership, make_meeting):
    council = make_body(name="Memoranda padome")
    member = make_person("Anna Bērziņa")
    with mail_app.app_context():
        db.session.get(Person, member.id).emails = ANNA
        db.session.commit()
    make_membership(member, council)
    return make_meeting(
        body=council, kind="working_group", day=dt.date(2025, 9, 24), visibility="members"
    )


def _run(app, moment):
    with app.app_context():
        sweep(moment)
        deliver_due(moment)


def _change(app, meeting, **fields):
    with app.app_context():
        row = db.session.get(Meeting, meeting.id)
        for key, value in fields.items():
            setattr(row, key, value)
        db.session.commit()


def _calendar(message):
    [attachment] = list(message.iter_attachments())
    calendar = Calendar.from_ical(attachment.get_content())
    [event] = calendar.walk("VEVENT")
    return attachment.get_param("method"), str(calendar["METHOD"]), event


def test_a_cancelled_meeting_is_removed_from_calendars_and_comes_back(
    mail_app, smtp_server, meeting
):
    _run(mail_app, at(dt.date(2025, 9, 17)))
    [invitation] = smtp_server.to(ANNA)
    _, _, invited = _calendar(invitation)

    _change(mail_app, meeting, status="cancelled")
    _run(mail_app, at(dt.date(2025, 9, 18)))
    _run(mail_app, at(dt.date(2025, 9, 18), 10, 1))  # sweeping again tells nothing new
    _run(mail_app, at(dt.date(2025, 9, 23)))  # no reminder the day before either
    invitation, cancellation = smtp_server.to(ANNA)
    assert cancellation["Subject"] == "Atcelta: Memoranda padomes sēde, 24.09.2025."
    part_method, method, cancelled = _calendar(cancellation)
    assert (part_method, method, str(cancelled["STATUS"])) == ("CANCEL", "CANCEL", "CANCELLED")
    assert cancelled["UID"] == invited["UID"]
    assert cancelled["SEQUENCE"] > invited["SEQUENCE"]
    assert str(cancelled["ATTENDEE"]) == f"mailto:{ANNA}"

    _change(mail_app, meeting, status="planned")  # it takes place after all
    _run(mail_app, at(dt.date(2025, 9, 19)))
    *_, again = smtp_server.to(ANNA)
    assert again["Subject"] == "Izmaiņas: Memoranda padomes sēde, 24.09.2025."
    part_method, method, back = _calendar(again)
    assert (part_method, method, str(back["STATUS"])) == ("REQUEST", "REQUEST", "CONFIRMED")
    assert back["UID"] == invited["UID"] and back["SEQUENCE"] > cancelled["SEQUENCE"]
    assert len(smtp_server.to(ANNA)) == 3


def test_a_meeting_made_internal_leaves_calendars_without_telling_more(
    mail_app, smtp_server, meeting
):
    """Anna may no longer read it: her calendar loses the event through a CANCEL that names
    nothing new (not the new title, not the new time); shared again, it comes back."""
    _run(mail_app, at(dt.date(2025, 9, 17)))
    [invitation] = smtp_server.to(ANNA)
    _, _, invited = _calendar(invitation)

    _change(
        mail_app,
        meeting,
        visibility="internal",
        title="Slepena personāla lieta",
        starts_at=at(dt.date(2025, 9, 25), 9),
    )
    _run(mail_app, at(dt.date(2025, 9, 18)))
    _run(mail_app, at(dt.date(2025, 9, 18), 10, 1))  # once
    invitation, withdrawal = smtp_server.to(ANNA)
    assert withdrawal["Subject"] == "Izņemta no jūsu kalendāra: 24.09.2025. sanāksme"
    text = withdrawal.get_body(("plain",)).get_content()
    part_method, method, event = _calendar(withdrawal)
    assert (part_method, method, str(event["STATUS"])) == ("CANCEL", "CANCEL", "CANCELLED")
    assert event["UID"] == invited["UID"] and event["SEQUENCE"] > invited["SEQUENCE"]
    assert "SUMMARY" not in event and "DTSTART" not in event and "DESCRIPTION" not in event
    everything = withdrawal.as_string()
    assert "Slepena" not in text and "Slepena" not in everything
    assert "25.09" not in text

    _change(mail_app, meeting, visibility="members", title="Memoranda padomes sēde")
    _run(mail_app, at(dt.date(2025, 9, 19)))
    *_, again = smtp_server.to(ANNA)
    assert again["Subject"] == "Izmaiņas: Memoranda padomes sēde, 25.09.2025."
    part_method, _, back = _calendar(again)
    assert part_method == "REQUEST" and back["UID"] == invited["UID"]
    assert len(smtp_server.to(ANNA)) == 3


def test_a_moved_meeting_updates_calendars_at_once_and_each_time(mail_app, smtp_server, meeting):
    _run(mail_app, at(dt.date(2025, 9, 17)))
    [invitation] = smtp_server.to(ANNA)
    _, _, invited = _calendar(invitation)

    # two weeks later: its own invitation would be due only on 01.10, but Anna's calendar
    # says 24.09 now, so she hears at once
    _change(mail_app, meeting, starts_at=at(dt.date(2025, 10, 8), 14))
    _run(mail_app, at(dt.date(2025, 9, 18)))
    _run(mail_app, at(dt.date(2025, 10, 1), 15))  # and no second invitation when that comes
    invitation, moved = smtp_server.to(ANNA)
    assert moved["Subject"] == "Izmaiņas: Memoranda padomes sēde, 08.10.2025."
    assert "2025. gada 8. oktobris, 14:00" in moved.get_body(("plain",)).get_content()
    _, method, event = _calendar(moved)
    assert method == "REQUEST"
    assert event["UID"] == invited["UID"] and event["SEQUENCE"] > invited["SEQUENCE"]
    assert event["DTSTART"].dt == dt.datetime(2025, 10, 8, 14, 0, tzinfo=event["DTSTART"].dt.tzinfo)

    _change(mail_app, meeting, starts_at=at(dt.date(2025, 9, 24)))  # and back again
    _run(mail_app, at(dt.date(2025, 9, 19)))
    *_, back = smtp_server.to(ANNA)
    assert back["Subject"] == "Izmaiņas: Memoranda padomes sēde, 24.09.2025."
    _, _, event = _calendar(back)
    assert event["DTSTART"].dt.day == 24 and event["SEQUENCE"] > invited["SEQUENCE"] + 1
    assert len(smtp_server.to(ANNA)) == 3


def test_moved_away_and_back_before_sending_is_invited_once(mail_app, smtp_server, meeting):
    """The waiting invitation is withdrawn when the meeting moves, and comes back when the
    meeting is back at its time (the same message, so it is still sent once)."""
    with mail_app.app_context():
        sweep(at(dt.date(2025, 9, 17)))
    _change(mail_app, meeting, starts_at=at(dt.date(2025, 10, 20)))
    with mail_app.app_context():
        sweep(at(dt.date(2025, 9, 17), 10, 1))
        assert db.session.scalars(sa.select(Outbox.kind)).all() == ["meeting_invitation"]
        assert db.session.scalar(sa.select(Outbox)).state == "cancelled"
    _change(mail_app, meeting, status="cancelled", starts_at=at(dt.date(2025, 9, 24)))
    _change(mail_app, meeting, status="planned")  # back at its time and reinstated
    with mail_app.app_context():
        sweep(at(dt.date(2025, 9, 17), 10, 2))
        [row] = db.session.scalars(sa.select(Outbox)).all()
        assert (row.kind, row.state, row.scheduled_for) == (
            "meeting_invitation",
            "waiting",
            at(dt.date(2025, 9, 24)),
        )
        assert deliver_due(at(dt.date(2025, 9, 17), 10, 3))["sent"] == 1
    assert len(smtp_server.to(ANNA)) == 1
