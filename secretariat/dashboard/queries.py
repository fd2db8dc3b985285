"""What the start page and the audit trail read, with visibility applied in SQL."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import contains_eager

from ..bodies.models import Membership, Nomination
from ..core.audit import AuditEvent
from ..core.dates import riga_to_utc
from ..core.paging import first_by_id
from ..documents.models import Minutes
from ..documents.queries import readable_minutes_clause
from ..extensions import db
from ..followups.models import OPEN_STATUSES, Action
from ..followups.queries import action_rows
from ..meetings.models import PRESENT_MODES, Attendance, Meeting, kinds_where
from ..meetings.queries import listed
from ..organisations.models import ChangeProposal, Organisation
from ..organisations.queries import GAPS, register_query
from ..people.models import Person
from .periods import Period

#: how many rows each list of the start page shows
SHOWN = 6
ACTIONS_SHOWN = 10
#: "due soon" looks this far ahead
SOON = dt.timedelta(days=14)
#: the dashboard's lists of the lowest attendance and of the busiest owners
TURNOUT_SHOWN = 20
OWNERS_SHOWN = 10


def upcoming_meetings(user, now: dt.datetime) -> list:
    """The next meetings, as rows for meetings/listing.py."""
    return db.session.execute(
        listed(user)
        .where(Meeting.starts_at >= now, Meeting.status != "cancelled")
        .order_by(Meeting.starts_at)
        .limit(SHOWN)
    ).all()


def recent_meetings(user, now: dt.datetime) -> list:
    """The latest meetings before now, as rows for meetings/listing.py."""
    return db.session.execute(
        listed(user).where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc()).limit(SHOWN)
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


def overdue_actions(today: dt.date) -> list:
    return first_by_id(
        sa.select(Action).where(Action.overdue_clause(today)).order_by(Action.due_on),
        ACTIONS_SHOWN,
        action_rows,
    )


def actions_due_soon(today: dt.date) -> list:
    return first_by_id(
        sa.select(Action)
        .where(Action.status.in_(OPEN_STATUSES), Action.due_on.between(today, today + SOON))
        .order_by(Action.due_on),
        ACTIONS_SHOWN,
        action_rows,
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


# --- the dashboard: the period's figures, each in one statement ---------------------------


def _in(period: Period):
    return sa.and_(Meeting.starts_at >= period.starts_at, Meeting.starts_at < period.ends_before)


def meetings_in(period: Period) -> list[tuple[str, dt.datetime]]:
    """(kind, start) of every meeting in the period that was not cancelled."""
    return db.session.execute(
        sa.select(Meeting.kind, Meeting.starts_at).where(_in(period), Meeting.status != "cancelled")
    ).all()


@dataclass(frozen=True)
class Turnout:
    """Someone's (or an organisation's) attendance at the council's held sessions."""

    id: int
    name: str
    recorded: int
    present: int

    @property
    def rate(self) -> int:
        """Present at how many in a hundred of the sessions they were recorded at."""
        return round(100 * self.present / self.recorded) if self.recorded else 0


def _turnout(model, onclause, period: Period, limit: int, *where) -> list[Turnout]:
    """Attendance rows at held council sessions in the period, by `model` (a person or an
    organisation) joined `onclause`, lowest share present first."""
    who, name = model.id, model.name
    present = sa.func.sum(sa.case((Attendance.mode.in_(PRESENT_MODES), 1), else_=0))
    recorded = sa.func.count(Attendance.id)
    rows = db.session.execute(
        sa.select(who, name, recorded, present)
        .select_from(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(model, onclause)
        .where(
            _in(period),
            Meeting.status == "held",
            Meeting.kind.in_(kinds_where("council_session")),
            *where,
        )
        .group_by(who, name)
        .order_by((present * 100) / recorded, name, who)
        .limit(limit)
    ).all()
    return [Turnout(*row) for row in rows]


def turnout_of_members(period: Period, limit: int = TURNOUT_SHOWN) -> list[Turnout]:
    """Members' attendance at council sessions in the period, lowest first: who is missing
    sessions. A member is anyone with a seat on the meeting's body."""
    seated = (
        sa.select(Membership.id)
        .where(Membership.person_id == Attendance.person_id, Membership.body_id == Meeting.body_id)
        .exists()
    )
    return _turnout(Person, Person.id == Attendance.person_id, period, limit, seated)


def turnout_of_organisations(period: Period, limit: int = TURNOUT_SHOWN) -> list[Turnout]:
    """The organisations people represented at council sessions in the period, lowest first."""
    return _turnout(Organisation, Organisation.id == Attendance.representing_id, period, limit)


@dataclass(frozen=True)
class ActionFlow:
    first: dt.date
    opened: int
    closed: int
    overdue: int


def action_flow(period: Period) -> list[ActionFlow]:
    """For each month (or year) of the period: actions opened, actions done, and actions
    overdue at its end (due before its last day, not done by then; dropped ones aside).
    One statement, one pass over the actions: a sum for each figure of each month."""
    buckets = period.buckets()
    sums = []
    for first, last in buckets:
        begins = riga_to_utc(first, dt.time(0))
        following = riga_to_utc(last + dt.timedelta(days=1), dt.time(0))
        sums += [
            _count_where(Action.created_at >= begins, Action.created_at < following),
            _count_where(Action.status == "done", Action.completed_on.between(first, last)),
            _count_where(
                Action.created_at < following,
                Action.due_on < last,
                sa.or_(
                    Action.status.in_(OPEN_STATUSES),
                    sa.and_(Action.status == "done", Action.completed_on > last),
                ),
            ),
        ]
    row = db.session.execute(sa.select(*sums).select_from(Action)).one()
    return [
        ActionFlow(first, *(n or 0 for n in row[3 * i : 3 * i + 3]))
        for i, (first, _) in enumerate(buckets)
    ]


def _count_where(*conditions):
    return sa.func.sum(sa.case((sa.and_(*conditions), 1), else_=0))


@dataclass(frozen=True)
class OwnerLoad:
    name: str
    open: int
    overdue: int


def actions_by_owner(today: dt.date, limit: int = OWNERS_SHOWN) -> list[OwnerLoad]:
    """Who holds the most open actions, and how many of them are overdue."""
    overdue = sa.func.sum(sa.case((Action.due_on < today, 1), else_=0))
    rows = db.session.execute(
        sa.select(Person.name, Organisation.name, sa.func.count(Action.id), overdue)
        .select_from(Action)
        .outerjoin(Person, Person.id == Action.owner_person_id)
        .outerjoin(Organisation, Organisation.id == Action.owner_organisation_id)
        .where(Action.status.in_(OPEN_STATUSES))
        .group_by(
            Action.owner_person_id, Action.owner_organisation_id, Person.name, Organisation.name
        )
        .order_by(sa.func.count(Action.id).desc(), Person.name, Organisation.name)
        .limit(limit)
    ).all()
    return [
        OwnerLoad(_owner(person, organisation), n, late or 0)
        for person, organisation, n, late in rows
    ]


def _owner(person: str | None, organisation: str | None) -> str:
    if person and organisation:
        return f"{person} ({organisation})"
    return person or organisation or gettext("No owner")


#: the register's gaps the dashboard counts, each as the register's own filter
GAP_FILTERS = {gap: {"status": "active", "signed": True, "gaps": [gap]} for gap in GAPS}
SIGNATORIES = {"status": "active", "signed": True}


def _counted(query: sa.Select):
    return sa.select(sa.func.count()).select_from(query.order_by(None).subquery()).scalar_subquery()


def queue_and_gap_counts(today: dt.date) -> dict[str, int]:
    """What waits for staff (correction proposals, nominations, overdue actions), and the
    register's active signatories and their data gaps, counted by the very queries the
    register's list runs: one statement."""
    columns = {
        "proposals": sa.select(sa.func.count(ChangeProposal.id))
        .where(ChangeProposal.status == "pending")
        .scalar_subquery(),
        "nominations": sa.select(sa.func.count(Nomination.id))
        .where(Nomination.status == "submitted")
        .scalar_subquery(),
        "overdue": sa.select(sa.func.count(Action.id))
        .where(Action.overdue_clause(today))
        .scalar_subquery(),
        "signatories": _counted(register_query(SIGNATORIES, today)),
        **{gap: _counted(register_query(f, today)) for gap, f in GAP_FILTERS.items()},
    }
    row = db.session.execute(sa.select(*(c.label(k) for k, c in columns.items()))).one()
    return dict(row._mapping)


def by_region(period: Period) -> dict[str, dict[str, int]]:
    """Visiting sessions held in the period, and active signatory NGOs, by planning region."""
    visiting = (
        sa.select(sa.literal("visiting").label("what"), Meeting.region, sa.func.count())
        .where(_in(period), Meeting.kind == "visiting_session", Meeting.status == "held")
        .group_by(Meeting.region)
    )
    ngos = (
        sa.select(sa.literal("ngos").label("what"), Organisation.region, sa.func.count())
        .where(
            Organisation.kind == "ngo",
            Organisation.status == "active",
            Organisation.memorandum_signed_on.is_not(None),
        )
        .group_by(Organisation.region)
    )
    found: dict[str, dict[str, int]] = {"visiting": {}, "ngos": {}}
    for what, region, n in db.session.execute(sa.union_all(visiting, ngos)):
        found[what][region or ""] = found[what].get(region or "", 0) + n
    return found
