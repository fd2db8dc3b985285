"""The demo is alive on the day it is loaded: what is coming, last month's session and
update, invitations on the first scheduler pass, and never a message to a real address."""

import datetime as dt
import email
import email.policy
from pathlib import Path

import pytest
import sqlalchemy as sa
import time_machine
from sqlalchemy.orm import joinedload

from secretariat.core.dates import RIGA
from secretariat.extensions import db
from secretariat.meetings.models import Meeting
from secretariat.updates.models import Call, MonthlyUpdate

#: a Friday in January: last month is in the year before
TODAY = dt.datetime(2027, 1, 8, 9, 0, tzinfo=RIGA)


@pytest.fixture
def loaded(app, runner):
    with time_machine.travel(TODAY, tick=False):
        result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return app


def _meetings(app, kind, after=TODAY):
    """The meetings of a kind from `after` on, each with `local_day` and what it follows."""
    with app.app_context():
        found = db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.kind == kind, Meeting.starts_at >= after)
            .options(joinedload(Meeting.follows))
            .order_by(Meeting.starts_at)
        ).all()
        for meeting in found:
            meeting.local_day = meeting.local_start.date()
        db.session.expunge_all()
        return found


def test_the_next_three_sessions_each_with_its_signatory_call(loaded):
    sessions = _meetings(loaded, "session")
    assert len(sessions) == 3 and {s.status for s in sessions} == {"planned"}
    assert 0 < (sessions[0].local_day - TODAY.date()).days <= 7  # invited on the first pass
    assert all(s.local_day.weekday() < 5 for s in sessions)
    assert [s.local_day.month for s in sessions] == [1, 2, 3]
    calls = _meetings(loaded, "signatory_call")
    assert [c.follows.id for c in calls] == [s.id for s in sessions]
    assert {c.local_day.weekday() for c in calls} == {3}  # Thursdays, the week after
    assert all(c.visibility == "signatories" and c.online_url for c in calls)


def test_a_visiting_session_a_working_group_meeting_and_an_open_call_are_ahead(loaded):
    [visiting] = _meetings(loaded, "visiting_session")
    assert visiting.visibility == "public" and visiting.description.startswith(
        "Demonstrācijas dati."
    )
    assert len(_meetings(loaded, "working_group")) == 1
    with loaded.app_context():
        [call] = db.session.scalars(sa.select(Call).where(Call.deadline_on >= TODAY.date()))
        assert call.deadline_on.month == 2 and call.status == "open"
        assert call.visibility == "public"


def test_last_months_session_was_held_and_its_update_published_on_the_first(loaded):
    december = _meetings(loaded, "session", after=dt.datetime(2026, 12, 1, tzinfo=RIGA))
    [held] = [s for s in december if s.local_day.month == 12]
    assert held.status == "held" and held.visibility == "public"
    with loaded.app_context():
        update = db.session.scalar(
            sa.select(MonthlyUpdate).where(MonthlyUpdate.month == dt.date(2026, 12, 1))
        )
        assert update.status == "published" and update.visibility == "public"
        assert update.published_at.astimezone(RIGA).date() == dt.date(2027, 1, 1)


def test_council_sessions_carry_protocol_numbers_unique_in_their_year(loaded, client):
    with loaded.app_context():
        sessions = db.session.scalars(
            sa.select(Meeting).where(
                Meeting.kind.in_(("session", "extended_session", "visiting_session"))
            )
        ).all()
        numbers = [(s.local_start.year, s.number) for s in sessions]
        september = next(s for s in sessions if s.local_start.date() == dt.date(2025, 9, 24))
        september_id = september.id
    assert all(number for _, number in numbers)
    assert len(set(numbers)) == len(numbers)
    from .conftest import sign_in
    from .helpers import lv, text_of

    password = (Path(loaded.config["INSTANCE_DIR"]) / "demo-password.txt").read_text().strip()
    sign_in(client, "member@example.org", password)
    minutes = text_of(client.get(f"/meetings/{september_id}/minutes"))
    assert f"{lv('MINUTES')} {lv('No. %(n)s', n='8')}" in minutes


def test_loading_again_on_another_day_tops_up_what_has_passed(app, runner):
    with time_machine.travel(TODAY, tick=False):
        runner.invoke(args=["demo", "load"])
        runner.invoke(args=["demo", "load"])
    assert len(_meetings(app, "session")) == 3
    later = TODAY + dt.timedelta(days=40)
    with time_machine.travel(later, tick=False):
        assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert len(_meetings(app, "session", after=later)) == 3


def test_the_first_scheduler_pass_invites_the_council_and_mails_no_real_address(
    loaded, runner, client
):
    with time_machine.travel(TODAY, tick=False):
        result = runner.invoke(args=["reminders", "run-once"])
    assert result.exit_code == 0, result.output
    assert "withheld (demo data)" in result.output
    messages = [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in (Path(loaded.config["INSTANCE_DIR"]) / "mail").glob("*.eml")
    ]
    domains = {m["To"].addresses[0].domain for m in messages}
    assert domains <= {"example.org", "example.lv", "example.com"}
    invitations = [
        m for m in messages if any(part.get_content_type() == "text/calendar" for part in m.walk())
    ]
    assert len(invitations) >= 10  # the council's members, each with the event
    calendar = next(
        part for part in invitations[0].walk() if part.get_content_type() == "text/calendar"
    )
    assert "METHOD:REQUEST" in calendar.get_content()
    with time_machine.travel(TODAY, tick=False):
        assert "BEGIN:VEVENT" in client.get("/calendar/public.ics").get_data(as_text=True)
        assert "<entry" in client.get("/updates/feed.atom").get_data(as_text=True)
