import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..auth.permissions import visibility_levels
from ..extensions import db
from ..people.models import Person
from .models import Body, Membership, NominationRound


def current_members(body: Body, day: dt.date) -> list[Membership]:
    query = (
        sa.select(Membership)
        .where(Membership.body_id == body.id, Membership.active_on_clause(day))
        .options(
            joinedload(Membership.person).joinedload(Person.organisation),
            joinedload(Membership.on_behalf_of),
        )
    )
    rows = db.session.scalars(query).all()
    order = {"chair": 0, "deputy_chair": 1, "secretary": 2, "member": 3, "observer": 4}
    return sorted(rows, key=lambda m: (order[m.position], m.person.search_key))


def member_counts(day: dt.date) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(Membership.body_id, sa.func.count())
        .where(Membership.active_on_clause(day))
        .group_by(Membership.body_id)
    )
    return dict(rows.all())


def former_members(body: Body, day: dt.date) -> list[Membership]:
    """Terms that have ended: the body's history."""
    return list(
        db.session.scalars(
            sa.select(Membership)
            .where(Membership.body_id == body.id, Membership.end_on < day)
            .options(joinedload(Membership.person), joinedload(Membership.on_behalf_of))
            .order_by(Membership.end_on.desc())
        )
    )


def rounds(body: Body) -> list[NominationRound]:
    return list(
        db.session.scalars(
            sa.select(NominationRound)
            .where(NominationRound.body_id == body.id)
            .order_by(NominationRound.opens_on.desc())
        )
    )


def all_bodies() -> list[Body]:
    return list(db.session.scalars(sa.select(Body).order_by(Body.position, Body.name)))


def visible_meetings(body: Body, user, limit: int = 10) -> tuple[list, int]:
    """The body's latest meetings this user may see, and how many there are in all.

    Meetings sit above bodies, so they are reached through the relationship."""
    meeting = Body.meetings.property.mapper.class_
    where = (meeting.body_id == body.id, meeting.visibility.in_(visibility_levels(user)))
    latest = db.session.scalars(
        sa.select(meeting).where(*where).order_by(meeting.starts_at.desc()).limit(limit)
    ).all()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(meeting).where(*where))
    return latest, total


def members_without_email(body_id: int, day: dt.date) -> list[Person]:
    """The body's members on that day whom invitations cannot reach: the sweep writes to a
    person's first e-mail, and these have none (one statement)."""
    return list(
        db.session.scalars(
            sa.select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.body_id == body_id,
                Membership.active_on_clause(day),
                ~Person.emails.contains("@"),
            )
            .distinct()
            .order_by(Person.search_key, Person.id)
        )
    )
