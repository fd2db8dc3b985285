"""Each rule fires at its moment and not before (the clock is set per sweep)."""

import datetime as dt

import pytest
import sqlalchemy as sa

from secretariat.core.dates import RIGA
from secretariat.extensions import db
from secretariat.meetings.models import Meeting
from secretariat.people.models import Person
from secretariat.reminders.models import Outbox
from secretariat.reminders.rules import call_day, days_before, sweep

from ..helpers import lv
from .helpers import at, outbox_messages


@pytest.fixture
def council(app, make_body, make_person, make_membership):
    body = make_body(name="Memoranda padome")
    member = make_person("Anna Bērziņa")
    with app.app_context():
        db.session.get(Person, member.id).emails = "anna@example.lv"
        db.session.commit()
    make_membership(member, body)
    return body


def test_invitation_seven_days_before_and_not_earlier(app, council, make_meeting):
    meeting = make_meeting(
        body=council, kind="working_group", day=dt.date(2025, 9, 24), visibility="members"
    )
    with app.app_context():
        sweep(at(dt.date(2025, 9, 16), 23, 59))
    assert outbox_messages(app) == []
    with app.app_context():
        sweep(at(dt.date(2025, 9, 17), 10, 0))
    [invitation] = outbox_messages(app)
    assert (invitation.kind, invitation.meeting_id) == ("meeting_invitation", meeting.id)
    assert invitation.due_at == at(dt.date(2025, 9, 17), 10, 0)
    with app.app_context():
        sweep(at(dt.date(2025, 9, 23), 10, 0))
    assert [m.kind for m in outbox_messages(app)] == ["meeting_invitation", "meeting_eve"]


def test_moving_a_meeting_cancels_old_reminders_and_plans_new_ones(app, council, make_meeting):
    meeting = make_meeting(
        body=council, kind="working_group", day=dt.date(2025, 9, 24), visibility="members"
    )
    with app.app_context():
        sweep(at(dt.date(2025, 9, 18)))
        moved = db.session.get(Meeting, meeting.id)
        moved.starts_at = at(dt.date(2025, 9, 25), 14)
        db.session.commit()
        sweep(at(dt.date(2025, 9, 18), 8, 1))
        assert [m.state for m in outbox_messages(app)] == [
            "cancelled"
        ]  # the new one is not due yet
        sweep(at(dt.date(2025, 9, 18), 14, 0))
    old, new = outbox_messages(app)
    assert old.state == "cancelled" and new.state == "waiting"
    assert new.scheduled_for == at(dt.date(2025, 9, 25), 14)


def test_cancelling_a_meeting_cancels_its_waiting_reminders(app, council, make_meeting):
    meeting = make_meeting(
        body=council, kind="working_group", day=dt.date(2025, 9, 24), visibility="members"
    )
    with app.app_context():
        sweep(at(dt.date(2025, 9, 18)))
        db.session.get(Meeting, meeting.id).status = "cancelled"
        db.session.commit()
        sweep(at(dt.date(2025, 9, 18), 8, 1))
    [only] = outbox_messages(app)
    assert only.state == "cancelled"


def test_reminders_keep_the_local_hour_across_daylight_saving(app, council, make_meeting):
    # summer time ends on 26.10.2025; the meeting is at 10:00 on 27.10 (winter time)
    make_meeting(
        body=council, kind="working_group", day=dt.date(2025, 10, 27), visibility="members"
    )
    with app.app_context():
        sweep(at(dt.date(2025, 10, 20), 9, 59))  # a minute before the invitation is due
    assert outbox_messages(app) == []
    with app.app_context():
        sweep(at(dt.date(2025, 10, 20), 10))
        sweep(at(dt.date(2025, 10, 26), 9, 59))  # a minute before the eve reminder is due
    assert [m.kind for m in outbox_messages(app)] == ["meeting_invitation"]
    with app.app_context():
        sweep(at(dt.date(2025, 10, 26), 10))
    invitation, eve = outbox_messages(app)
    assert eve.kind == "meeting_eve"
    assert invitation.due_at.astimezone(RIGA).hour == eve.due_at.astimezone(RIGA).hour == 10
    assert days_before(at(dt.date(2025, 10, 27), 10), 1).astimezone(RIGA).hour == 10


@pytest.mark.parametrize(
    "session, call",
    [
        (dt.date(2025, 9, 24), dt.date(2025, 10, 2)),  # the seeds: Wednesday → next Thursday
        (dt.date(2025, 10, 29), dt.date(2025, 11, 6)),  # across a month end
        # across a year end; 01.01. is New Year's Day and 02.01.2026 a day off: Monday
        (dt.date(2025, 12, 25), dt.date(2026, 1, 5)),
        (dt.date(2026, 12, 30), dt.date(2027, 1, 7)),
        (dt.date(2025, 9, 28), dt.date(2025, 10, 2)),  # a Sunday session
    ],
)
def test_signatory_call_on_thursday_of_the_following_week(session, call):
    assert call_day(session, 7, 3) == call


def test_signatory_call_is_created_and_invites_signatories(
    app, council, make_meeting, make_organisation
):
    make_organisation(
        name="Biedrība Ābele",
        emails="info@abele.lv\nvalde@abele.lv",
        memorandum_signed_on=dt.date(2010, 1, 1),
    )
    make_organisation(
        name="Izslēgta",
        emails="x@izslegta.lv",
        status="struck_off",
        memorandum_signed_on=dt.date(2010, 1, 1),
    )
    make_organisation(name="Nav parakstījusi", emails="y@cita.lv")
    session = make_meeting(body=council, kind="session", day=dt.date(2025, 12, 25))
    with app.app_context():
        sweep(at(dt.date(2025, 12, 20)))
        sweep(at(dt.date(2025, 12, 20), 8, 5))  # a second sweep creates no second call
        calls = db.session.scalars(sa.select(Meeting).where(Meeting.kind == "signatory_call")).all()
        assert len(calls) == 1
        assert calls[0].follows_id == session.id
        assert calls[0].local_start.date() == dt.date(2026, 1, 5)  # off the holidays
        assert calls[0].local_start.hour == 15
        call_id = calls[0].id
        assert (
            lv(
                "(Planned for %(wanted)s, %(why)s: moved to the next working day.)",
                wanted="01.01.2026.",
                why="Jaungada diena",
            )
            in calls[0].description
        )
        sweep(at(dt.date(2025, 12, 29), 16))
    invited = {
        m.recipient for m in outbox_messages(app, "meeting_invitation") if m.meeting_id == call_id
    }
    assert invited == {"info@abele.lv", "valde@abele.lv"}


def test_action_due_overdue_and_weekly_digest(app, make_action, make_person, make_user):
    owner = make_person("Jānis Kalniņš")
    with app.app_context():
        db.session.get(Person, owner.id).emails = "janis@example.lv"
        db.session.commit()
    make_user("staff", email="sekretariats@example.lv")
    make_action(title="Sagatavot ziņojumu", owner_person_id=owner.id, due_on=dt.date(2025, 11, 10))
    with app.app_context():
        sweep(at(dt.date(2025, 11, 6)))  # four days before: too early
    assert outbox_messages(app) == []
    with app.app_context():
        sweep(at(dt.date(2025, 11, 7)))  # three days before
    assert [m.kind for m in outbox_messages(app)] == ["action_due"]
    with app.app_context():
        sweep(at(dt.date(2025, 11, 10), 20))  # the due day itself: not overdue yet
    assert [m.kind for m in outbox_messages(app)] == ["action_due"]
    with app.app_context():
        sweep(at(dt.date(2025, 11, 11), 9))  # Tuesday: overdue, but no digest on Tuesdays
    assert [m.kind for m in outbox_messages(app)] == ["action_due", "action_overdue"]
    with app.app_context():
        sweep(at(dt.date(2025, 11, 17), 7, 59))  # Monday before 08:00
        sweep(at(dt.date(2025, 11, 17), 8, 0))
        sweep(at(dt.date(2025, 11, 17), 12, 0))
    digest = outbox_messages(app, "overdue_digest")
    assert [(m.recipient, m.subject) for m in digest] == [
        ("sekretariats@example.lv", "Nokavētie uzdevumi, 47. nedēļa")
    ]
    assert "Sagatavot ziņojumu" in digest[0].text_body


def test_nomination_round_opening_and_closing(app, nomination_round):
    with app.app_context():
        sweep(at(dt.date(2026, 1, 4)))
    assert outbox_messages(app) == []
    with app.app_context():
        sweep(at(dt.date(2026, 1, 5)))
        sweep(at(dt.date(2026, 1, 26)))  # four days before closing
    assert [m.kind for m in outbox_messages(app)] == ["nomination_open"]
    with app.app_context():
        sweep(at(dt.date(2026, 1, 27)))
    assert [m.kind for m in outbox_messages(app)] == ["nomination_open", "nomination_closing"]


def test_switched_off_rules_write_nothing(app, council, make_meeting):
    from secretariat.reminders.rules import rules

    make_meeting(body=council, kind="working_group", day=dt.date(2025, 9, 24), visibility="members")
    with app.app_context():
        rules()["meeting_invitation"].enabled = False
        db.session.commit()
        sweep(at(dt.date(2025, 9, 18)))
    assert outbox_messages(app) == []


def test_opted_out_addresses_get_no_optional_reminders(app, client, council, make_meeting):
    from secretariat.reminders.rules import unsubscribe_token

    from ..conftest import submit
    from ..helpers import lv, text_of

    make_meeting(body=council, kind="working_group", day=dt.date(2025, 9, 24), visibility="members")
    with app.app_context():
        token = unsubscribe_token("anna@example.lv", "meeting_invitation")
    page = client.get(f"/unsubscribe/{token}")
    assert "anna@example.lv" in text_of(page)
    done = submit(client, f"/unsubscribe/{token}")
    assert lv("Done") in text_of(done)
    with app.app_context():
        sweep(at(dt.date(2025, 9, 23), 10))
    assert [m.kind for m in outbox_messages(app)] == ["meeting_eve"]
    assert client.get("/unsubscribe/forged-token").status_code == 404


def test_people_choose_their_optional_reminders(app, client, make_user, council, make_meeting):
    from ..conftest import sign_in, submit
    from ..helpers import lv, text_of

    user = make_user("member", email="anna@example.lv")
    sign_in(client, user.email)
    page = text_of(client.get("/account/reminders"))
    assert lv("Invitation with the agenda") in page
    kept = ["meeting_eve", "overdue_digest"]
    submit(client, "/account/reminders", {"kind": kept}, form_url="/account/reminders")
    make_meeting(body=council, kind="working_group", day=dt.date(2025, 9, 24), visibility="members")
    with app.app_context():
        sweep(at(dt.date(2025, 9, 23), 10))
    assert [m.kind for m in outbox_messages(app)] == ["meeting_eve"]
    submit(
        client,
        "/account/reminders",
        {"kind": ["meeting_invitation"]},
        form_url="/account/reminders",
    )
    with app.app_context():
        sweep(at(dt.date(2025, 9, 23), 10, 1))
    assert sorted(m.kind for m in outbox_messages(app)) == ["meeting_eve", "meeting_invitation"]


def test_each_reader_gets_their_own_language(app, make_action, make_person, make_user):
    from secretariat.auth.models import User

    owner = make_person("Jānis Kalniņš")
    make_user("staff", email="lv@example.lv")
    english = make_user("staff", email="en@example.lv")
    with app.app_context():
        db.session.get(User, english.id).locale = "en"
        db.session.get(Person, owner.id).emails = "janis@example.lv"
        db.session.commit()
    make_action(title="Sagatavot ziņojumu", owner_person_id=owner.id, due_on=dt.date(2025, 11, 10))
    with app.app_context():
        sweep(at(dt.date(2025, 11, 17), 9))
    subjects = {m.recipient: m.subject for m in outbox_messages(app, "overdue_digest")}
    assert subjects == {
        "lv@example.lv": "Nokavētie uzdevumi, 47. nedēļa",
        "en@example.lv": "Overdue follow-up actions, week 47",
    }
    [english_mail] = [
        m for m in outbox_messages(app, "overdue_digest") if m.recipient.startswith("en")
    ]
    assert "These follow-up actions are overdue:" in english_mail.text_body
    assert "Sagatavot ziņojumu — Jānis Kalniņš, 10/11/2025" in english_mail.text_body


def test_a_meeting_made_internal_tells_its_invitees_nothing_more(app, council, make_meeting):
    """Invited members learn neither the new name nor the new agenda of a meeting the
    secretariat has since taken back: its waiting reminder is withdrawn, and all that is
    left to send is a bare CANCEL that takes it out of their calendars."""
    from secretariat.meetings.services import add_agenda_item
    from secretariat.reminders.outbox import deliver_due

    meeting = make_meeting(
        body=council, title="Padomes sēde", day=dt.date(2025, 10, 1), visibility="members"
    )
    with app.app_context():
        sweep(at(dt.date(2025, 9, 24), 10))  # the invitation, a week before
        deliver_due(at(dt.date(2025, 9, 24), 10))
        m = db.session.get(Meeting, meeting.id)
        m.visibility = "internal"
        m.title = "Slepena pārdēvēta sanāksme"
        m.starts_at = m.starts_at + dt.timedelta(hours=2)
        add_agenda_item(m, "Slepens jautājums")
        db.session.commit()
        sweep(at(dt.date(2025, 9, 25), 10))
        sweep(at(dt.date(2025, 9, 30), 10))  # the eve reminder would be due now
        waiting = db.session.scalars(
            sa.select(Outbox).where(Outbox.sent_at.is_(None), Outbox.cancelled_at.is_(None))
        ).all()
        bodies = " ".join(
            row.subject + row.text_body + row.html_body + (row.ics or "")
            for row in db.session.scalars(sa.select(Outbox))
        )
    assert {row.kind for row in waiting} == {"meeting_cancelled"}
    assert all("METHOD:CANCEL" in row.ics and "SUMMARY" not in row.ics for row in waiting)
    assert "Slepena" not in bodies and "Slepens jautājums" not in bodies


def test_an_internal_session_gets_no_signatory_call_until_it_is_shared(app, council, make_meeting):
    session = make_meeting(body=council, day=dt.date(2025, 10, 1), visibility="internal")
    with app.app_context():
        sweep(at(dt.date(2025, 9, 20), 10))
        calls = lambda: db.session.scalars(  # noqa: E731
            sa.select(Meeting).where(Meeting.kind == "signatory_call")
        ).all()
        assert calls() == []
        db.session.get(Meeting, session.id).visibility = "members"
        db.session.commit()
        written = sweep(at(dt.date(2025, 9, 20), 11))
        assert len(calls()) == 1, written
