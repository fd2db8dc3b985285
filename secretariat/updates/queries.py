"""Reading updates, calls, communication items and RSVPs, with visibility applied in SQL.

Drafts are read as a signatory would read them, and the open feeds as an anonymous
visitor: a `Reader` of that role goes through the same queries as a signed-in user.
"""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from ..auth.models import User
from ..auth.permissions import can, hidden_from_reader, readable_by, visibility_levels
from ..bodies.models import Body, Membership, NominationRound
from ..decisions.models import Decision
from ..decisions.queries import visible_decisions
from ..extensions import db
from ..meetings.models import PRESENT_MODES, Attendance, Meeting
from ..meetings.queries import visible_meetings
from ..organisations.models import ChangeProposal
from .models import Call, CommunicationItem, MonthlyUpdate, Rsvp

#: what signatories read: the meetings, calls and updates meant for them
FOR_SIGNATORIES = readable_by("signatory")


@dataclass(frozen=True)
class Reader:
    """Someone of a role, for reading as that role would (None: an anonymous visitor)."""

    role: str | None

    @property
    def is_authenticated(self) -> bool:
        return self.role is not None


SIGNATORY = Reader("signatory")
ANONYMOUS = Reader(None)
#: who reads an update of each visibility: its text holds only what they may see
AUDIENCE_READERS = {
    "public": ANONYMOUS,
    "signatories": SIGNATORY,
    "members": Reader("member"),
    "internal": Reader("staff"),
}


# --- monthly updates -------------------------------------------------------------------


def visible_updates(user) -> sa.Select:
    """Updates this user may read: staff see drafts too, everyone else only what is published."""
    query = sa.select(MonthlyUpdate).where(MonthlyUpdate.visibility.in_(visibility_levels(user)))
    if not can("manage", user=user):
        query = query.where(MonthlyUpdate.status == "published")
    return query


def update_archive(user, limit: int | None = None) -> list[MonthlyUpdate]:
    query = visible_updates(user).order_by(MonthlyUpdate.month.desc())
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def published_updates(user, limit: int) -> list[MonthlyUpdate]:
    return list(
        db.session.scalars(
            visible_updates(user)
            .where(MonthlyUpdate.status == "published")
            .order_by(MonthlyUpdate.month.desc())
            .limit(limit)
        )
    )


def last_update_change() -> dt.datetime | None:
    """When any published update was last published or edited, whoever may read it: an
    update narrowed out of a feed changes that feed too (told as a moment, nothing more)."""
    return db.session.scalar(
        sa.select(
            sa.func.max(sa.func.coalesce(MonthlyUpdate.edited_at, MonthlyUpdate.published_at))
        ).where(MonthlyUpdate.status == "published")
    )


def get_visible_update(month: dt.date, user) -> MonthlyUpdate:
    """The month's update if this user may read it; 404 otherwise (its existence is not told)."""
    update = db.session.scalar(
        visible_updates(user)
        .where(MonthlyUpdate.month == month)
        .options(joinedload(MonthlyUpdate.body))
    )
    if update is None:
        hidden_from_reader()
    return update


def update_for_month(month: dt.date) -> MonthlyUpdate | None:
    return db.session.scalar(sa.select(MonthlyUpdate).where(MonthlyUpdate.month == month))


# --- calls and communication items -----------------------------------------------------


def visible_calls(user) -> sa.Select:
    return sa.select(Call).where(Call.visibility.in_(visibility_levels(user)))


def open_calls(user, today: dt.date) -> list[Call]:
    """Calls still taking submissions, soonest deadline first."""
    return list(
        db.session.scalars(
            visible_calls(user)
            .where(Call.is_open, Call.deadline_on >= today)
            .options(joinedload(Call.body))
            .order_by(Call.deadline_on, Call.id)
        )
    )


def call_list(status: str | None = None) -> sa.Select:
    """Every call, for staff: open ones first, by deadline. A call past its deadline is
    closed, whatever its stored status (Call.is_open)."""
    query = sa.select(Call).options(joinedload(Call.body))
    if status == "open":
        query = query.where(Call.is_open)
    elif status == "closed":
        query = query.where(sa.not_(Call.is_open))
    closed_last = sa.case((Call.is_open, 0), else_=1)
    return query.order_by(closed_last, Call.deadline_on.desc(), Call.id.desc())


def visible_communication(user) -> sa.Select:
    return sa.select(CommunicationItem).where(
        CommunicationItem.visibility.in_(visibility_levels(user))
    )


def communication_list() -> sa.Select:
    return (
        sa.select(CommunicationItem)
        .options(joinedload(CommunicationItem.decision))
        .order_by(CommunicationItem.published_on.desc(), CommunicationItem.id.desc())
    )


def recent_decisions(limit: int = 200) -> list[Decision]:
    """Decisions staff may link a communication item to: the latest ones."""
    return list(
        db.session.scalars(
            sa.select(Decision)
            .join(Decision.meeting)
            .options(contains_eager(Decision.meeting))
            .order_by(Meeting.starts_at.desc(), Decision.position)
            .limit(limit)
        )
    )


# --- what the portal shows -------------------------------------------------------------


def upcoming_meetings(user, now: dt.datetime, limit: int = 10) -> list[Meeting]:
    return list(
        db.session.scalars(
            visible_meetings(user)
            .where(Meeting.starts_at >= now, Meeting.status != "cancelled")
            .options(joinedload(Meeting.body))
            .order_by(Meeting.starts_at)
            .limit(limit)
        )
    )


def recent_held_meetings(user, limit: int = 8) -> list[Meeting]:
    return list(
        db.session.scalars(
            visible_meetings(user)
            .where(Meeting.status == "held")
            .options(joinedload(Meeting.body))
            .order_by(Meeting.starts_at.desc())
            .limit(limit)
        )
    )


def latest_decisions(user, limit: int = 8) -> list[Decision]:
    return list(
        db.session.scalars(
            visible_decisions(user)
            .options(contains_eager(Decision.meeting))
            .order_by(Meeting.starts_at.desc(), Decision.position)
            .limit(limit)
        )
    )


def open_rounds(today: dt.date) -> list[NominationRound]:
    return list(
        db.session.scalars(
            sa.select(NominationRound)
            .where(NominationRound.opens_on <= today, NominationRound.closes_on >= today)
            .options(joinedload(NominationRound.body))
            .order_by(NominationRound.closes_on)
        )
    )


def may_answer(meeting: Meeting, now: dt.datetime) -> bool:
    """Signatories answer for meetings meant for them, until the meeting starts."""
    return (
        meeting.visibility in FOR_SIGNATORIES
        and meeting.status == "planned"
        and meeting.starts_at > now
    )


def answers_of(organisation_id: int | None, meetings) -> dict[int, Rsvp]:
    """This organisation's answers for these meetings, by meeting id."""
    ids = [m.id for m in meetings]
    if not organisation_id or not ids:
        return {}
    rows = db.session.scalars(
        sa.select(Rsvp).where(Rsvp.organisation_id == organisation_id, Rsvp.meeting_id.in_(ids))
    )
    return {row.meeting_id: row for row in rows}


# --- the signatory's own organisation ------------------------------------------------------

#: how many of its meetings and proposals the portal lists
OWN_SHOWN = 10


@dataclass(frozen=True)
class Participation:
    """A meeting the organisation took part in: its people present, and its answer."""

    meeting: Meeting
    present: int
    attending: bool | None
    #: how many such meetings there are in all (the list shows the latest)
    total: int


def participation(organisation_id: int, user, now: dt.datetime) -> list[Participation]:
    """Past meetings this reader may see where the organisation's people were recorded
    (representing it) or it answered whether it would attend, newest first, in one
    statement; meetings the reader may not see are neither listed nor counted."""
    present = (
        sa.select(sa.func.count(Attendance.id))
        .where(
            Attendance.meeting_id == Meeting.id,
            Attendance.representing_id == organisation_id,
            Attendance.mode.in_(PRESENT_MODES),
        )
        .scalar_subquery()
    )
    answer = (
        sa.select(Rsvp.attending)
        .where(Rsvp.meeting_id == Meeting.id, Rsvp.organisation_id == organisation_id)
        .scalar_subquery()
    )
    recorded = sa.exists().where(
        Attendance.meeting_id == Meeting.id, Attendance.representing_id == organisation_id
    )
    answered = sa.exists().where(
        Rsvp.meeting_id == Meeting.id, Rsvp.organisation_id == organisation_id
    )
    rows = db.session.execute(
        visible_meetings(user)
        .add_columns(present, answer, sa.func.count().over())
        .where(Meeting.starts_at < now, sa.or_(recorded, answered))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(OWN_SHOWN)
    ).all()
    return [Participation(*row) for row in rows]


def delegates(organisation_id: int, today) -> list[Membership]:
    """Who sits on the council and its working groups on the organisation's behalf today."""
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(Membership.body)
            .where(
                Membership.on_behalf_of_id == organisation_id, Membership.active_on_clause(today)
            )
            .options(joinedload(Membership.person), contains_eager(Membership.body))
            .order_by(Body.position, Body.name, Membership.start_on)
        )
    )


def proposals_of(organisation_id: int) -> list[ChangeProposal]:
    """The organisation's proposed corrections of its record, waiting ones first, then the
    latest answered."""
    return list(
        db.session.scalars(
            sa.select(ChangeProposal)
            .where(ChangeProposal.organisation_id == organisation_id)
            .order_by(
                (ChangeProposal.status == "pending").desc(),
                ChangeProposal.created_at.desc(),
                ChangeProposal.id.desc(),
            )
            .limit(OWN_SHOWN)
        )
    )


# --- calendars ---------------------------------------------------------------------------

#: how far back a calendar feed reaches; everything ahead is always in it
CALENDAR_PAST = dt.timedelta(days=400)


def calendar_meetings(user, now: dt.datetime, body_id: int | None = None) -> list[Meeting]:
    query = visible_meetings(user).where(Meeting.starts_at >= now - CALENDAR_PAST)
    if body_id is not None:
        query = query.where(Meeting.body_id == body_id)
    return list(db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))


def last_calendar_change(now: dt.datetime, body_id: int | None = None) -> dt.datetime | None:
    """The last change to any meeting a calendar could show, whoever may see it: a meeting
    made internal leaves the calendar, which changes with it (told as a moment only)."""
    query = sa.select(sa.func.max(Meeting.updated_at)).where(
        Meeting.starts_at >= now - CALENDAR_PAST
    )
    if body_id is not None:
        query = query.where(Meeting.body_id == body_id)
    return db.session.scalar(query)


def user_by_calendar_token(token: str) -> User | None:
    return db.session.scalar(
        sa.select(User).where(User.calendar_token == token, User.active.is_(True))
    )
