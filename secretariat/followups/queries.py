"""Reading follow-up actions: the tracker's filters."""

import sqlalchemy as sa

from ..core.text import search_key
from ..extensions import db
from ..meetings.models import Meeting
from ..organisations.models import Organisation
from ..people.models import Person
from .models import ACTION_STATUSES, Action


def action_rows(ids: list[int]) -> sa.Select:
    """What a list of actions shows of each (followups/listing.py): the action's columns,
    its owners' names and its meeting, as one row per action."""
    return (
        sa.select(
            Action.id,
            Action.title,
            Action.status,
            Action.due_on,
            Person.name.label("owner_person"),
            Organisation.name.label("owner_organisation"),
            Meeting.id.label("meeting_id"),
            Meeting.title.label("meeting_title"),
            Meeting.starts_at.label("meeting_starts_at"),
        )
        .outerjoin(Person, Person.id == Action.owner_person_id)
        .outerjoin(Organisation, Organisation.id == Action.owner_organisation_id)
        .outerjoin(Meeting, Meeting.id == Action.meeting_id)
        .where(Action.id.in_(ids))
    )


def tracker(filters: dict, today) -> sa.Select:
    """The tracker's actions, filtered and sorted; load a page with `action_rows`."""
    query = sa.select(Action)
    if filters.get("status") in ACTION_STATUSES:
        query = query.where(Action.status == filters["status"])
    owner = (filters.get("owner") or "").strip()
    kind, _, owner_id = owner.partition(":")
    if kind == "p" and owner_id.isdigit():
        query = query.where(Action.owner_person_id == int(owner_id))
    elif kind == "o" and owner_id.isdigit():
        query = query.where(Action.owner_organisation_id == int(owner_id))
    elif owner:
        # typed text: a person's or an institution's name, without minding diacritics
        key = search_key(owner)
        query = query.where(
            sa.or_(
                Action.owner_person_id.in_(
                    sa.select(Person.id).where(Person.search_key.contains(key, autoescape=True))
                ),
                Action.owner_organisation_id.in_(
                    sa.select(Organisation.id).where(
                        Organisation.search_key.contains(key, autoescape=True)
                    )
                ),
            )
        )
    if filters.get("body"):
        query = query.where(
            Action.meeting_id.in_(sa.select(Meeting.id).where(Meeting.body_id == filters["body"]))
        )
    if filters.get("meeting"):
        query = query.where(Action.meeting_id == filters["meeting"])
    if filters.get("overdue"):
        query = query.where(Action.overdue_clause(today))
    return query.order_by(Action.due_on.is_(None), Action.due_on, Action.id)


def owner_name(owner: str) -> str:
    """What the owner filter shows: the name behind a p:ID or o:ID link, else the text."""
    kind, _, owner_id = owner.partition(":")
    model = {"p": Person, "o": Organisation}.get(kind)
    if model is None or not owner_id.isdigit():
        return owner
    return db.session.scalar(sa.select(model.name).where(model.id == int(owner_id))) or owner


def overdue_count(today) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Action.overdue_clause(today)))
