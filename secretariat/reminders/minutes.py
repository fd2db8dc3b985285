"""Rule 3: minutes. The secretariat hears when a held meeting's minutes are still not
circulated `offset_days` after it, then weekly, until they are (or four reminders)."""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..core.dates import riga_to_utc
from ..core.workdays import next_working_day
from ..documents.models import Minutes
from ..extensions import db
from ..meetings.models import Meeting
from .actions import MORNING
from .models import Outbox, ReminderRule
from .outbox import withdraw
from .sweeping import Sweep

KIND = "minutes_missing"
REPEAT_DAYS = 7
REMINDERS = 4


def _not_circulated():
    return sa.or_(Minutes.id.is_(None), Minutes.status == "draft")


def remind_minutes(run: Sweep, rule: ReminderRule) -> None:
    latest = run.today - dt.timedelta(days=rule.offset_days)
    earliest = latest - dt.timedelta(days=REPEAT_DAYS * (REMINDERS - 1))
    meetings = db.session.scalars(
        sa.select(Meeting)
        .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
        .where(
            Meeting.status == "held",
            Meeting.starts_at >= riga_to_utc(earliest, dt.time(0)),
            Meeting.starts_at < riga_to_utc(latest + dt.timedelta(days=1), dt.time(0)),
            _not_circulated(),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    staff = run.staff()
    for meeting in meetings:
        held_on = meeting.local_start.date()
        round_ = (latest - held_on).days // REPEAT_DAYS
        due_on = held_on + dt.timedelta(days=rule.offset_days + REPEAT_DAYS * round_)
        stamp = meeting.starts_at.strftime("%Y%m%dT%H%M")
        keys = run.missing({e: f"{rule.kind}:{meeting.id}:{stamp}:{round_}:{e}" for e in staff})
        day = held_on.strftime("%d.%m.%Y.")
        run.write_all(
            keys,
            rule.kind,
            "minutes",
            _l("Minutes not circulated: %(title)s, %(day)s", title=meeting.title, day=day),
            riga_to_utc(next_working_day(due_on), MORNING),
            meeting=meeting,
            intro=_l(
                "The meeting below was held on %(day)s; its minutes have not been "
                "circulated to members yet.",
                day=day,
            ),
            url=run.link("documents.minutes", meeting_id=meeting.id),
        )


def withdraw_circulated(now: dt.datetime) -> int:
    """Reminders waiting about minutes that were circulated (or a meeting no longer held)."""
    settled = (
        sa.select(Meeting.id)
        .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
        .where(
            Meeting.id == Outbox.meeting_id,
            sa.or_(Meeting.status != "held", sa.not_(_not_circulated())),
        )
    )
    return withdraw(now, Outbox.kind == KIND, sa.exists(settled))


CIRCULATED = "minutes_circulated"
#: minutes circulated longer ago than this are not announced any more
ANNOUNCE_WITHIN = dt.timedelta(days=14)


def tell_members(run: Sweep, rule: ReminderRule) -> None:
    """When minutes are circulated, the body's members hear that they can read them."""
    circulated = db.session.scalars(
        sa.select(Minutes)
        .join(Minutes.meeting)
        .where(
            Minutes.status == "circulated",
            Minutes.circulated_at >= run.now - ANNOUNCE_WITHIN,
            Minutes.circulated_at <= run.now,
            Meeting.visibility != "internal",  # members could not open them
        )
        .order_by(Minutes.circulated_at, Minutes.id)
    ).all()
    for minutes in circulated:
        meeting = minutes.meeting
        day = meeting.local_start.strftime("%d.%m.%Y.")
        keys = run.missing(
            {
                email: f"{rule.kind}:{minutes.id}:{email}"
                for email in run.body_members(meeting.body_id, meeting.local_start.date())
            }
        )
        run.write_all(
            keys,
            rule.kind,
            "minutes",
            _l("Minutes to read: %(title)s, %(day)s", title=meeting.title, day=day),
            minutes.circulated_at,
            meeting=meeting,
            intro=_l(
                "The draft minutes of the meeting below are circulated to the members: "
                "read them before they are approved."
            ),
            url=run.link("documents.minutes", meeting_id=meeting.id),
        )
