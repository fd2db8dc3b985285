"""Reading follow-up actions: the tracker's filters."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..meetings.models import Meeting
from ..organisations.models import Organisation, Person
from .models import ACTION_STATUSES, Action


def tracker(filters: dict, today) -> sa.Select:
    query = sa.select(Action).options(
        joinedload(Action.owner_person),
        joinedload(Action.owner_organisation),
        joinedload(Action.meeting).joinedload(Meeting.body),
    )
    if filters.get("status") in ACTION_STATUSES:
        query = query.where(Action.status == filters["status"])
    owner = filters.get("owner") or ""
    kind, _, owner_id = owner.partition(":")
    if owner_id.isdigit():
        if kind == "p":
            query = query.where(Action.owner_person_id == int(owner_id))
        elif kind == "o":
            query = query.where(Action.owner_organisation_id == int(owner_id))
    if filters.get("body"):
        query = query.where(
            Action.meeting_id.in_(sa.select(Meeting.id).where(Meeting.body_id == filters["body"]))
        )
    if filters.get("meeting"):
        query = query.where(Action.meeting_id == filters["meeting"])
    if filters.get("overdue"):
        query = query.where(Action.overdue_clause(today))
    return query.order_by(Action.due_on.is_(None), Action.due_on, Action.id)


def owner_choices() -> list[tuple[str, str]]:
    """Everyone who owns at least one action: people as p:ID, institutions as o:ID."""
    people = db.session.execute(
        sa.select(Person.id, Person.name)
        .where(Person.id.in_(sa.select(Action.owner_person_id)))
        .order_by(Person.search_key)
    )
    institutions = db.session.execute(
        sa.select(Organisation.id, Organisation.name)
        .where(Organisation.id.in_(sa.select(Action.owner_organisation_id)))
        .order_by(Organisation.search_key)
    )
    return [(f"o:{i}", n) for i, n in institutions] + [(f"p:{i}", n) for i, n in people]


def overdue_count(today) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Action.overdue_clause(today)))
