"""The signatory call: planned once after each session, on the right day, and following
its session when the session moves or is cancelled."""

import datetime as dt
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from secretariat.core.dates import riga_to_utc
from secretariat.extensions import db
from secretariat.meetings.models import Meeting
from secretariat.reminders.models import Outbox
from secretariat.reminders.rules import rules, sweep

from ..helpers import lv, text_of
from .helpers import at


def _calls(app) -> list[Meeting]:
    with app.app_context():
        calls = db.session.scalars(
            sa.select(Meeting).where(Meeting.kind == "signatory_call").order_by(Meeting.id)
        ).all()
        for call in calls:
            db.session.expunge(call)
        return calls


def _change(app, meeting_id, **fields):
    with app.app_context():
        row = db.session.get(Meeting, meeting_id)
        for key, value in fields.items():
            setattr(row, key, value)
        db.session.commit()


@pytest.mark.parametrize(
    "session_day, call_day",
    [
        (dt.date(2025, 10, 29), dt.date(2025, 11, 6)),  # across a month end
        (dt.date(2025, 12, 30), dt.date(2026, 1, 8)),  # across a year end
        (dt.date(2026, 2, 26), dt.date(2026, 3, 5)),  # past a short February
    ],
)
def test_the_call_lands_on_thursday_of_the_following_week(app, make_meeting, session_day, call_day):
    session = make_meeting(kind="session", day=session_day)
    with app.app_context():
        sweep(at(session_day - dt.timedelta(days=20)))
    [call] = _calls(app)
    assert call.follows_id == session.id
    assert (call.local_start.date(), call.local_start.hour) == (call_day, 15)
    assert call.local_start.weekday() == 3


def test_monday_is_a_weekday_like_the_others(app, make_meeting):
    make_meeting(kind="session", day=dt.date(2025, 9, 24))
    with app.app_context():
        rules()["signatory_call"].weekday = 0
        db.session.commit()
        sweep(at(dt.date(2025, 9, 10)))
    [call] = _calls(app)
    assert call.local_start.date() == dt.date(2025, 9, 29)  # Monday of the following week


def test_extended_sessions_get_a_call_too_with_the_last_calls_hour_and_link(app, make_meeting):
    make_meeting(
        kind="signatory_call",
        day=dt.date(2025, 6, 5),
        start=dt.time(16, 30),
        online_url="https://meet.example.org/memorands",
        ends_at=riga_to_utc(dt.date(2025, 6, 5), dt.time(18, 0)),
        visibility="signatories",
    )
    extended = make_meeting(kind="extended_session", day=dt.date(2025, 9, 24))
    with app.app_context():
        sweep(at(dt.date(2025, 9, 10)))
    _earlier, call = _calls(app)
    assert call.follows_id == extended.id
    assert call.online_url == "https://meet.example.org/memorands"
    assert (call.local_start.date(), call.local_start.time()) == (
        dt.date(2025, 10, 2),
        dt.time(16, 30),
    )
    assert call.ends_at - call.starts_at == dt.timedelta(minutes=90)


def test_the_call_follows_its_session_moved_cancelled_and_reinstated(app, make_meeting):
    session = make_meeting(kind="session", day=dt.date(2025, 9, 24))
    with app.app_context():
        sweep(at(dt.date(2025, 9, 10)))
    [call] = _calls(app)
    assert call.local_start.date() == dt.date(2025, 10, 2)

    _change(app, session.id, starts_at=at(dt.date(2025, 10, 8), 10))
    with app.app_context():
        sweep(at(dt.date(2025, 9, 11)))
    [call] = _calls(app)  # moved, not doubled: after the session, not before it
    assert (call.local_start.date(), call.local_start.hour) == (dt.date(2025, 10, 16), 15)

    _change(app, session.id, status="cancelled")
    with app.app_context():
        sweep(at(dt.date(2025, 9, 12)))
    [call] = _calls(app)
    assert call.status == "cancelled"

    _change(app, session.id, status="planned")
    with app.app_context():
        sweep(at(dt.date(2025, 9, 13)))
    [call] = _calls(app)
    assert (call.status, call.local_start.date()) == ("planned", dt.date(2025, 10, 16))


def test_a_session_taken_back_to_the_secretariat_takes_its_call_with_it(app, make_meeting):
    """Made internal after its call was planned, the session no longer calls signatories
    together; shared again, the call is back."""
    session = make_meeting(kind="session", day=dt.date(2025, 9, 24), visibility="members")
    with app.app_context():
        sweep(at(dt.date(2025, 9, 10)))
    [call] = _calls(app)
    assert call.status == "planned"

    _change(app, session.id, visibility="internal")
    with app.app_context():
        sweep(at(dt.date(2025, 9, 11)))
        waiting = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Outbox)
            .where(
                Outbox.meeting_id == call.id,
                Outbox.sent_at.is_(None),
                Outbox.cancelled_at.is_(None),
            )
        )
    [call] = _calls(app)
    assert call.status == "cancelled"
    assert waiting == 0

    _change(app, session.id, visibility="members")
    with app.app_context():
        sweep(at(dt.date(2025, 9, 12)))
    [call] = _calls(app)
    assert (call.status, call.local_start.date()) == ("planned", dt.date(2025, 10, 2))


def test_a_call_staff_moved_or_cancelled_is_theirs(app, make_meeting):
    session = make_meeting(kind="session", day=dt.date(2025, 9, 24))
    other = make_meeting(kind="session", day=dt.date(2025, 9, 25))
    with app.app_context():
        sweep(at(dt.date(2025, 9, 10)))
    moved, cancelled = _calls(app)
    # staff put the first call on Friday instead, and cancel the second one
    _change(app, moved.id, starts_at=at(dt.date(2025, 10, 3), 15), ends_at=None)
    _change(app, cancelled.id, status="cancelled")
    _change(app, session.id, starts_at=at(dt.date(2025, 10, 1), 10))
    _change(app, other.id, starts_at=at(dt.date(2025, 10, 1), 14))
    with app.app_context():
        sweep(at(dt.date(2025, 9, 11)))
    moved, cancelled = _calls(app)
    assert moved.local_start.date() == dt.date(2025, 10, 3)
    assert cancelled.status == "cancelled"


def test_an_hour_staff_set_is_kept_when_the_day_follows_the_session(app, make_meeting):
    session = make_meeting(kind="session", day=dt.date(2025, 9, 24))
    with app.app_context():
        sweep(at(dt.date(2025, 9, 10)))
    [call] = _calls(app)
    _change(app, call.id, starts_at=at(dt.date(2025, 10, 2), 17), ends_at=None)
    _change(app, session.id, starts_at=at(dt.date(2025, 10, 8), 10))
    with app.app_context():
        sweep(at(dt.date(2025, 9, 11)))
    [call] = _calls(app)
    assert (call.local_start.date(), call.local_start.hour) == (dt.date(2025, 10, 16), 17)


def test_a_call_made_before_plans_existed_is_taken_over_not_doubled(app, make_meeting):
    session = make_meeting(kind="session", day=dt.date(2025, 9, 24))
    with app.app_context():
        call = Meeting(
            body_id=session.body_id,
            kind="signatory_call",
            title="Tiešsaistes tikšanās",
            starts_at=at(dt.date(2025, 10, 2), 15),
            visibility="signatories",
            follows_id=session.id,
        )
        db.session.add(call)
        db.session.commit()
        sweep(at(dt.date(2025, 9, 10)))
    assert [c.title for c in _calls(app)] == ["Tiešsaistes tikšanās"]


@pytest.mark.parametrize("visibility, invited", [("signatories", True), ("members", False)])
def test_signatories_are_invited_only_to_a_call_they_may_open(
    app, make_meeting, make_organisation, visibility, invited
):
    make_organisation(
        name="Biedrība Ābele", emails="info@abele.lv", memorandum_signed_on=dt.date(2010, 1, 1)
    )
    make_meeting(kind="session", day=dt.date(2025, 9, 24))
    with app.app_context():
        sweep(at(dt.date(2025, 9, 10)))
    [call] = _calls(app)
    _change(app, call.id, visibility=visibility)
    with app.app_context():
        sweep(at(dt.date(2025, 9, 25), 16))
        recipients = db.session.scalars(
            sa.select(Outbox.recipient).where(Outbox.meeting_id == call.id)
        ).all()
    assert recipients == (["info@abele.lv"] if invited else [])


def test_two_sweeps_at_once_make_one_call(app, make_meeting):
    """Both sweeps have read that the session has no call yet before either writes one; the
    database must still end up with one. (On SQLite the first write already makes the other
    sweep wait, so this can only go wrong on PostgreSQL; the outcome is checked on both.)"""
    session = make_meeting(kind="session", day=dt.date(2025, 9, 24))
    with app.app_context():
        engine = db.engine
    both_read = threading.Barrier(2, timeout=3)
    waited = threading.local()

    def before_writing_a_call(conn, cursor, statement, parameters, context, executemany):
        writes_call = statement.startswith("INSERT INTO signatory_call_plans") or (
            statement.startswith("INSERT INTO meetings")
        )
        if writes_call and not getattr(waited, "done", False):
            waited.done = True
            try:
                both_read.wait()
            except threading.BrokenBarrierError:
                pass  # the other sweep is waiting for our lock: go on alone

    errors = []

    def run():
        try:
            with app.app_context():
                sweep(at(dt.date(2025, 9, 10)))
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    event.listen(engine, "before_cursor_execute", before_writing_a_call)
    try:
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(engine, "before_cursor_execute", before_writing_a_call)
    assert errors == []
    assert [call.follows_id for call in _calls(app)] == [session.id]


def test_the_session_page_shows_the_call_that_follows_it(app, client, login_as, make_meeting):
    session = make_meeting(kind="session", day=dt.date(2025, 9, 24), visibility="signatories")
    with app.app_context():
        sweep(at(dt.date(2025, 9, 10)))
    [call] = _calls(app)
    login_as("signatory")
    page = text_of(client.get(f"/meetings/{session.id}"))
    assert f"{lv('Followed by')} {lv('Online meeting with signatories')}: 02.10.2025., 15:00" in (
        page
    )
    call_page = text_of(client.get(f"/meetings/{call.id}"))
    assert f"{lv('Follows')} Memoranda padomes sēde" in call_page


def test_a_reader_does_not_see_what_follows_where_they_may_not_look(
    app, client, login_as, make_meeting
):
    session = make_meeting(kind="session", day=dt.date(2025, 9, 24), visibility="members")
    with app.app_context():
        sweep(at(dt.date(2025, 9, 10)))
    [call] = _calls(app)
    _change(app, call.id, visibility="internal")
    login_as("member")
    page = text_of(client.get(f"/meetings/{session.id}"))
    assert lv("Followed by") not in page
