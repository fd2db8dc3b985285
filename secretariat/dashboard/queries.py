"""What the start page and the audit trail read, with visibility applied in SQL."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from ..core.audit import AuditEvent
from ..core.paging import first_by_id
from ..documents.models import Minutes
from ..documents.queries import readable_minutes_clause
from ..extensions import db
from ..followups.models import OPEN_STATUSES, Action
from ..meetings.models import Meeting
from ..meetings.queries import visible_meetings

#: how many rows each list of the start page shows
SHOWN = 6
ACTIONS_SHOWN = 10
#: "due soon" looks this far ahead
SOON = dt.timedelta(days=14)


def upcoming_meetings(user, now: dt.datetime) -> list[Meeting]:
    return db.session.scalars(
        visible_meetings(user)
        .where(Meeting.starts_at >= now, Meeting.status != "cancelled")
        .options(joinedload(Meeting.body))
        .order_by(Meeting.starts_at)
        .limit(SHOWN)
    ).all()


def recent_meetings(user, now: dt.datetime) -> list[Meeting]:
    return db.session.scalars(
        visible_meetings(user)
        .where(Meeting.starts_at < now)
        .options(joinedload(Meeting.body))
        .order_by(Meeting.starts_at.desc())
        .limit(SHOWN)
    ).all()


def minutes_to_read(user) -> list[Minutes]:
    """Draft minutes circulated to this reader, waiting for their reading."""
    return db.session.scalars(
        sa.select(Minutes)
        .join(Minutes.meeting)
        .where(Minutes.status == "circulated", readable_minutes_clause(user))
        .options(contains_eager(Minutes.meeting))
        .order_by(Meeting.starts_at.desc())
        .limit(ACTIONS_SHOWN)
    ).all()


_OWNERS = (
    joinedload(Action.owner_person),
    joinedload(Action.owner_organisation),
    joinedload(Action.meeting),
)


def overdue_actions(today: dt.date) -> list[Action]:
    return first_by_id(
        sa.select(Action).where(Action.overdue_clause(today)).order_by(Action.due_on),
        ACTIONS_SHOWN,
        _OWNERS,
    )


def actions_due_soon(today: dt.date) -> list[Action]:
    return first_by_id(
        sa.select(Action)
        .where(Action.status.in_(OPEN_STATUSES), Action.due_on.between(today, today + SOON))
        .order_by(Action.due_on),
        ACTIONS_SHOWN,
        _OWNERS,
    )


def audit_trail(object_type: str | None = None) -> sa.Select:
    """Every audit event, newest first; with a type, only events about that kind of record."""
    query = sa.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if object_type is not None:
        query = query.where(AuditEvent.object_type == object_type)
    return query


def audit_trail_of(object_type: str, object_id: int) -> sa.Select:
    """The events of one record and of the records that belong to it (a meeting's agenda)."""
    return (
        sa.select(AuditEvent)
        .where(
            sa.or_(
                sa.and_(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id),
                sa.and_(AuditEvent.parent_type == object_type, AuditEvent.parent_id == object_id),
            )
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
