"""The signatory call: the online meeting with signatory organisations after each session.

For every council session (or extended session) that is held or planned, the rule plans
one call on the set weekday of the week `offset_days` after it (Thursday of the following
week by default), at the time and with the online link of the most recent call. The plan
row (one per session, unique) is what keeps two sweeps running at once from making two.

Afterwards the call follows its session: moved to the day the rule now gives, cancelled
with it (or when it is made internal), reinstated with it. Staff have the last word: a call
they moved to another day keeps its day (a changed hour on the same day is kept, and the
day still follows), and a call they cancelled stays cancelled.
"""

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import joinedload

from ..core.dates import riga_to_utc, to_riga
from ..core.workdays import holiday_name, next_working_day
from ..extensions import db
from ..meetings.models import Meeting, kinds_where
from ..meetings.services import create_meeting
from .models import ReminderRule, SignatoryCallPlan
from .outbox import dialect_insert
from .sweeping import Sweep

#: the sessions the online meeting with signatories follows
SESSION_KINDS = kinds_where("signatory_call_follows")
CALL_TIME = dt.time(15, 0)
CALL_LENGTH = dt.timedelta(hours=1)
THURSDAY = 3
#: sessions this far back still get their call (the call comes about a week later) ...
LOOKBACK = dt.timedelta(days=14)
#: ... and sessions this far ahead already have it planned
LOOKAHEAD = dt.timedelta(days=62)


def rule_weekday(session_day: dt.date, offset_days: int, weekday: int) -> dt.date:
    """The given weekday of the week `offset_days` after the session (Thursday of the
    following week by default, across month and year ends)."""
    later = session_day + dt.timedelta(days=offset_days)
    return later - dt.timedelta(days=later.weekday()) + dt.timedelta(days=weekday)


def call_day(session_day: dt.date, offset_days: int, weekday: int) -> dt.date:
    """The signatory call's day: the rule's weekday (rule_weekday), or the next working day
    when that is a weekend or a Latvian public holiday."""
    return next_working_day(rule_weekday(session_day, offset_days, weekday))


def _weekday(rule: ReminderRule) -> int:
    return THURSDAY if rule.weekday is None else rule.weekday


def _rule_day(session: Meeting, rule: ReminderRule) -> dt.date:
    return call_day(session.local_start.date(), rule.offset_days, _weekday(rule))


def _moved_note(wanted: dt.date, day: dt.date) -> str:
    """What the call's page says when its day was moved off a holiday or weekend."""
    if wanted == day:
        return ""
    why = holiday_name(wanted) or gettext("a weekend")
    return " " + gettext(
        "(Planned for %(wanted)s, %(why)s: moved to the next working day.)",
        wanted=wanted.strftime("%d.%m.%Y."),
        why=why,
    )


def plan_signatory_calls(run: Sweep, rule: ReminderRule) -> None:
    _follow_sessions(run, rule)
    _plan_new(run, rule)


def _plan_new(run: Sweep, rule: ReminderRule) -> None:
    sessions = db.session.scalars(
        sa.select(Meeting)
        .outerjoin(SignatoryCallPlan, SignatoryCallPlan.session_id == Meeting.id)
        .where(
            Meeting.kind.in_(SESSION_KINDS),
            Meeting.status != "cancelled",
            # a session the secretariat keeps to itself is not announced to signatories
            # until it is made visible beyond the secretariat
            Meeting.visibility != "internal",
            Meeting.starts_at >= run.now - LOOKBACK,
            Meeting.starts_at <= run.now + LOOKAHEAD,
            SignatoryCallPlan.id.is_(None),
        )
        .order_by(Meeting.id)
    ).all()
    if not sessions:
        return
    # calls made before plans existed (or by the demo data) are taken over, not doubled
    earlier = {}
    for call in db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.kind == "signatory_call",
            Meeting.follows_id.in_([s.id for s in sessions]),
        )
        .order_by(Meeting.id.desc())
    ):
        earlier[call.follows_id] = call
    model = _latest_call()
    for session in sessions:
        call = earlier.get(session.id)
        if call is not None:
            _plan(session, call.starts_at, call)
            continue
        day = _rule_day(session, rule)
        wanted = rule_weekday(session.local_start.date(), rule.offset_days, _weekday(rule))
        at = model.local_start.time().replace(tzinfo=None) if model else CALL_TIME
        starts_at = riga_to_utc(day, at)
        if starts_at <= run.now:
            continue  # its day has passed: nothing to plan any more
        if not _plan(session, starts_at):
            continue  # another sweep planned it a moment ago
        length = model.ends_at - model.starts_at if model and model.ends_at else CALL_LENGTH
        call = create_meeting(
            body_id=session.body_id,
            kind="signatory_call",
            title=gettext("Online meeting with signatory organisations"),
            starts_at=starts_at,
            ends_at=starts_at + length,
            online_url=model.online_url if model else "",
            visibility="signatories",
            status="planned",
            description=gettext(
                "What the council discussed and decided at its session "
                "of %(day)s, how to get involved, and your questions.",
                day=session.local_start.strftime("%d.%m.%Y."),
            )
            + _moved_note(wanted, day),
        )
        call.follows = session
        db.session.execute(
            sa.update(SignatoryCallPlan)
            .where(SignatoryCallPlan.session_id == session.id)
            .values(call_id=call.id)
        )
        run.written += 1


def _plan(session: Meeting, starts_at: dt.datetime, call: Meeting | None = None) -> bool:
    """Claim the session for one call; False when a plan exists already. On PostgreSQL a
    second sweep's insert waits for the first one's commit, then does nothing."""
    inserted = db.session.execute(
        dialect_insert()(SignatoryCallPlan)
        .values(
            session_id=session.id,
            call_id=call.id if call else None,
            planned_start=starts_at,
            cancelled_by_rule=False,
        )
        .on_conflict_do_nothing(index_elements=["session_id"])
        .returning(SignatoryCallPlan.id)
    )
    return inserted.first() is not None


def _latest_call() -> Meeting | None:
    """The most recent call that was not cancelled: its hour and link are the usual ones."""
    return db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.kind == "signatory_call", Meeting.status != "cancelled")
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )


def _follow_sessions(run: Sweep, rule: ReminderRule) -> None:
    """Every call still ahead follows its session, wherever the session has moved."""
    plans = db.session.scalars(
        sa.select(SignatoryCallPlan)
        .join(Meeting, Meeting.id == SignatoryCallPlan.call_id)
        .where(Meeting.starts_at > run.now, Meeting.status != "held")
        .options(joinedload(SignatoryCallPlan.session), joinedload(SignatoryCallPlan.call))
        .order_by(SignatoryCallPlan.id)
    ).all()
    for plan in plans:
        session, call = plan.session, plan.call
        # a session cancelled, or taken back to the secretariat, has no call to announce
        if session.status == "cancelled" or session.visibility == "internal":
            if call.status == "planned":
                call.status = "cancelled"
                plan.cancelled_by_rule = True
            continue
        if call.status == "cancelled":
            if not plan.cancelled_by_rule:
                continue  # staff cancelled it
            call.status = "planned"
            plan.cancelled_by_rule = False
        planned = to_riga(plan.planned_start).date()
        if call.local_start.date() != planned:
            continue  # staff moved it to another day
        day = _rule_day(session, rule)
        if day != planned:
            starts_at = riga_to_utc(day, call.local_start.time().replace(tzinfo=None))
            if call.ends_at is not None:
                call.ends_at = starts_at + (call.ends_at - call.starts_at)
            call.starts_at = starts_at
            plan.planned_start = starts_at
