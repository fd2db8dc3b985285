import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..organisations.models import Person
from .models import Body, Membership


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
