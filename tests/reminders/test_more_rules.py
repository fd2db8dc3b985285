"""Rule 3 (minutes), and what the other rules owe their readers: the right hour, no message
about an action that was closed, and no invitation to a meeting the reader cannot open."""

import datetime as dt

import pytest
import sqlalchemy as sa

from secretariat.core.dates import RIGA
from secretariat.extensions import db
from secretariat.followups.models import Action
from secretariat.meetings.models import Meeting
from secretariat.people.models import Person
from secretariat.reminders.models import Outbox
from secretariat.reminders.outbox import deliver_due
from secretariat.reminders.rules import rules, sweep

from .helpers import at, outbox_messages

# --- rule 3: minutes --------------------------------------------------------------------


@pytest.fixture
def held(app, make_meeting, make_user):
    make_user("staff", email="sekretariats@example.lv")
    make_user("member", email="loceklis@example.lv")
    return make_meeting(
        kind="session", title="Memoranda padomes sēde", day=dt.date(2025, 9, 24), status="held"
    )


def test_staff_hear_of_minutes_not_circulated_a_week_after_then_weekly(app, held):
    with app.app_context():
        sweep(at(dt.date(2025, 9, 30), 23, 59))  # six days after: not yet
    assert outbox_messages(app, "minutes_missing") == []
    with app.app_context():
        sweep(at(dt.date(2025, 10, 1), 0, 30))  # the seventh day: written for 08:00
        sweep(at(dt.date(2025, 10, 3)))
    [first] = outbox_messages(app, "minutes_missing")
    assert first.recipient == "sekretariats@example.lv"  # the secretariat, not members
    assert first.due_at == at(dt.date(2025, 10, 1))
    assert first.subject == "Protokols nav nosūtīts: Memoranda padomes sēde, 24.09.2025."
    assert f"/meetings/{held.id}/minutes" in first.text_body
    with app.app_context():
        assert deliver_due(at(dt.date(2025, 10, 1), 7, 59))["sent"] == 0
        for week in range(1, 6):
            sweep(at(dt.date(2025, 10, 1) + dt.timedelta(days=7 * week)))
    due = [m.due_at.astimezone(RIGA).date() for m in outbox_messages(app, "minutes_missing")]
    assert due == [dt.date(2025, 10, d) for d in (1, 8, 15, 22)]  # four times at most


def test_circulated_minutes_stop_the_reminders(app, held):
    from secretariat.documents.services import circulate, minutes_of

    with app.app_context():
        sweep(at(dt.date(2025, 10, 1), 0, 30))
        circulate(minutes_of(db.session.get(Meeting, held.id)), at(dt.date(2025, 10, 1), 7))
        db.session.commit()
        sweep(at(dt.date(2025, 10, 1), 7, 30))  # before the 08:00 send
        sweep(at(dt.date(2025, 10, 8)))
    [only] = outbox_messages(app, "minutes_missing")
    assert only.state == "cancelled"


def test_the_minutes_rule_has_its_own_days_and_switch(app, held):
    with app.app_context():
        rules()["minutes_missing"].offset_days = 3
        db.session.commit()
        sweep(at(dt.date(2025, 9, 27)))
    # due on Saturday 27.09.: it goes out on the next working day
    assert [m.due_at for m in outbox_messages(app)] == [at(dt.date(2025, 9, 29))]
    with app.app_context():
        rules()["minutes_missing"].enabled = False
        db.session.commit()
        sweep(at(dt.date(2025, 10, 4)))
    assert len(outbox_messages(app)) == 1


def test_a_planned_meeting_or_draft_minutes_of_a_meeting_not_held_remind_nobody(
    app, make_meeting, make_user
):
    make_user("staff")
    make_meeting(kind="session", day=dt.date(2025, 9, 24), status="planned")
    make_meeting(kind="session", day=dt.date(2025, 9, 24), status="cancelled")
    with app.app_context():
        sweep(at(dt.date(2025, 10, 1)))
    assert outbox_messages(app) == []


# --- rule 4: actions ----------------------------------------------------------------------


@pytest.fixture
def owned(app, make_action, make_person):
    owner = make_person("Jānis Kalniņš")
    with app.app_context():
        db.session.get(Person, owner.id).emails = "janis@example.lv"
        db.session.commit()

    def make(**fields):
        return make_action(title="Sagatavot ziņojumu", owner_person_id=owner.id, **fields)

    return make


def test_an_action_reminder_waits_for_eight_and_is_withdrawn_when_closed(app, owned):
    action = owned(due_on=dt.date(2025, 11, 10))
    with app.app_context():
        sweep(at(dt.date(2025, 11, 7), 0, 30))
        assert deliver_due(at(dt.date(2025, 11, 7), 7, 59))["sent"] == 0
        db.session.get(Action, action.id).status = "done"
        db.session.commit()
        sweep(at(dt.date(2025, 11, 7), 7, 59))
        assert deliver_due(at(dt.date(2025, 11, 7), 8))["sent"] == 0
    [reminder] = outbox_messages(app)
    assert (reminder.due_at, reminder.state) == (at(dt.date(2025, 11, 7)), "cancelled")


def test_a_re_dated_action_is_reminded_of_its_new_date_only(app, owned):
    action = owned(due_on=dt.date(2025, 11, 10))
    with app.app_context():
        sweep(at(dt.date(2025, 11, 7), 0, 30))
        db.session.get(Action, action.id).due_on = dt.date(2025, 11, 20)
        db.session.commit()
        sweep(at(dt.date(2025, 11, 7), 0, 31))
        sweep(at(dt.date(2025, 11, 17), 0, 30))
    old, new = outbox_messages(app)
    assert (old.state, new.state) == ("cancelled", "waiting")
    assert new.subject.endswith("termiņš 20.11.2025.")
    # 17.11. is a day off and 18.11. Proclamation Day: the next working day is 19.11.
    assert new.due_at == at(dt.date(2025, 11, 19))


def test_the_overdue_reminder_honours_its_days(app, owned):
    owned(due_on=dt.date(2025, 11, 10))
    with app.app_context():
        rules()["action_overdue"].offset_days = 3
        db.session.commit()
        sweep(at(dt.date(2025, 11, 12), 20))
    assert outbox_messages(app, "action_overdue") == []
    with app.app_context():
        sweep(at(dt.date(2025, 11, 13), 0, 5))
    [overdue] = outbox_messages(app, "action_overdue")
    assert overdue.due_at == at(dt.date(2025, 11, 13))


def test_the_digest_says_how_many_more_it_did_not_list(app, make_action, make_user):
    make_user("staff", email="sekretariats@example.lv")
    for n in range(53):
        make_action(title=f"Uzdevums {n}", due_on=dt.date(2025, 10, 1) + dt.timedelta(days=n % 9))
    with app.app_context():
        sweep(at(dt.date(2025, 11, 17), 9))  # a Monday
    [digest] = outbox_messages(app, "overdue_digest")
    assert digest.text_body.count("- Uzdevums") == 50
    assert "… un vēl 3." in digest.text_body


# --- rule 5: nominations ------------------------------------------------------------------


def test_nomination_messages_go_out_at_eight_riga_time(app, nomination_round):
    with app.app_context():
        sweep(at(dt.date(2026, 1, 5), 0, 1))
        sweep(at(dt.date(2026, 1, 27), 0, 1))
    opens, closes = outbox_messages(app)
    assert (opens.kind, opens.due_at) == ("nomination_open", at(dt.date(2026, 1, 5)))
    assert (closes.kind, closes.due_at) == ("nomination_closing", at(dt.date(2026, 1, 27)))


# --- rule 1: who is invited -------------------------------------------------------------


@pytest.mark.parametrize(
    "visibility, invited", [("internal", False), ("members", True), ("public", True)]
)
def test_members_are_invited_only_to_meetings_they_may_open(
    app, make_body, make_person, make_membership, make_meeting, visibility, invited
):
    council = make_body()
    member = make_person("Anna Bērziņa")
    with app.app_context():
        db.session.get(Person, member.id).emails = "anna@example.lv"
        db.session.commit()
    make_membership(member, council)
    make_meeting(body=council, kind="working_group", visibility=visibility)
    with app.app_context():
        sweep(at(dt.date(2025, 9, 23), 10))
    assert [m.kind for m in outbox_messages(app)] == (
        ["meeting_invitation", "meeting_eve"] if invited else []
    )


@pytest.mark.parametrize(
    "visibility, opted_out, told",
    [("members", False, True), ("internal", False, False), ("members", True, False)],
)
def test_members_hear_when_minutes_are_circulated(
    app, make_body, make_person, make_membership, make_meeting, visibility, opted_out, told
):
    """Once, however many sweeps; not for a meeting members cannot open, and not to a
    member who turned this reminder off."""
    from secretariat.documents.services import circulate, minutes_of
    from secretariat.reminders.models import ReminderOptOut

    body = make_body(name="Memoranda padome")
    member = make_person("Ilze Ozola")
    with app.app_context():
        db.session.get(Person, member.id).emails = "ilze@example.lv"
        if opted_out:
            db.session.add(ReminderOptOut(email="ilze@example.lv", kind="minutes_circulated"))
        db.session.commit()
    make_membership(member, body)
    meeting = make_meeting(
        body=body, day=dt.date(2025, 9, 24), status="held", visibility=visibility
    )
    with app.app_context():
        circulate(minutes_of(db.session.get(Meeting, meeting.id)), at(dt.date(2025, 9, 30), 9))
        db.session.commit()
        sweep(at(dt.date(2025, 9, 30), 10))
        sweep(at(dt.date(2025, 9, 30), 11))  # once, however many sweeps
        rows = db.session.scalars(
            sa.select(Outbox).where(Outbox.kind == "minutes_circulated")
        ).all()
    assert [(r.recipient, r.subject) for r in rows] == (
        [("ilze@example.lv", "Protokols lasīšanai: Memoranda padomes sēde, 24.09.2025.")]
        if told
        else []
    )
