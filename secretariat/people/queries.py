"""Reading the directory of people: search and filters in SQL, and what a person's page
shows, each list in one statement. The areas above people are reached through the
person's relationships, not imported."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..core.lookup import related_model
from ..core.text import search_key
from ..extensions import db
from ..organisations.models import Organisation
from .models import PERSON_KINDS, Person

MEETINGS_SHOWN = 30


def all_people() -> list[Person]:
    return list(
        db.session.scalars(
            sa.select(Person).options(joinedload(Person.organisation)).order_by(Person.search_key)
        )
    )


def directory_query(filters: dict, today: dt.date) -> sa.Select:
    """People matching the directory's filters, by name: `q` (any part of the name, title,
    institution or e-mail, without minding case or diacritics), `body` (a seat there today),
    `organisation` (theirs, or the one they sit for) and `kind`."""
    membership = related_model(Person.memberships)
    query = sa.select(Person)
    for word in search_key(filters.get("q") or "").split():
        query = query.where(Person.search_text.contains(word, autoescape=True))
    if filters.get("body"):
        query = query.where(
            Person.id.in_(
                sa.select(membership.person_id).where(
                    membership.body_id == filters["body"], membership.active_on_clause(today)
                )
            )
        )
    if filters.get("organisation"):
        organisation_id = filters["organisation"]
        query = query.where(
            sa.or_(
                Person.organisation_id == organisation_id,
                Person.id.in_(
                    sa.select(membership.person_id).where(
                        membership.on_behalf_of_id == organisation_id
                    )
                ),
            )
        )
    if filters.get("kind") in PERSON_KINDS:
        query = query.where(Person.kind == filters["kind"])
    if filters.get("no_email"):
        query = query.where(~Person.emails.contains("@"))
    return query.order_by(Person.search_key, Person.id)


def directory_row():
    """What a row of the directory shows beside the person (loader options)."""
    membership = related_model(Person.memberships)
    return (
        joinedload(Person.organisation),
        selectinload(Person.memberships).joinedload(membership.body),
    )


def person_page(person: Person) -> dict:
    """A person's memberships, meetings attended, actions owned, nominations and accounts:
    one statement each, however long their record."""
    membership = related_model(Person.memberships)
    attendance = related_model(Person.attendances)
    action = related_model(Person.owned_actions)
    user = related_model(Person.users)
    meeting = related_model(attendance.meeting)
    nomination = related_model(Organisation.nominations)
    memberships = db.session.scalars(
        sa.select(membership)
        .where(membership.person_id == person.id)
        .options(joinedload(membership.body), joinedload(membership.on_behalf_of))
        .order_by(membership.start_on.desc())
    ).all()
    attended = db.session.execute(
        sa.select(attendance, sa.func.count().over().label("total"))
        .join(meeting, attendance.meeting_id == meeting.id)
        .where(attendance.person_id == person.id)
        .options(joinedload(attendance.meeting).joinedload(meeting.body))
        .order_by(meeting.starts_at.desc())
        .limit(MEETINGS_SHOWN)
    ).all()
    actions = db.session.scalars(
        sa.select(action)
        .where(action.owner_person_id == person.id)
        .order_by(action.due_on.is_(None), action.due_on.desc(), action.id)
    ).all()
    # the rounds that gave them a seat, and those that named them by their e-mail
    emails = [email.lower() for email in person.email_list]
    nominations = db.session.scalars(
        sa.select(nomination)
        .where(
            sa.or_(
                nomination.membership_id.in_(
                    sa.select(membership.id).where(membership.person_id == person.id)
                ),
                sa.func.lower(nomination.candidate_email).in_(emails),
            )
        )
        .options(joinedload(nomination.round), joinedload(nomination.organisation))
        .order_by(nomination.submitted_at.desc())
    ).all()
    accounts = db.session.scalars(
        sa.select(user).where(user.person_id == person.id).order_by(user.email)
    ).all()
    return {
        "memberships": memberships,
        "attended": [row[0] for row in attended],
        "attended_total": attended[0].total if attended else 0,
        "actions": actions,
        "nominations": nominations,
        "accounts": accounts,
    }


def merge_candidates(person: Person, text: str, limit: int = 20) -> list[Person]:
    """Records that may be the same person: by the text typed, else by the same name."""
    query = sa.select(Person).where(Person.id != person.id)
    words = search_key(text).split() if text else person.search_key.split()
    for word in words:
        query = query.where(Person.search_text.contains(word, autoescape=True))
    return list(
        db.session.scalars(
            query.options(joinedload(Person.organisation))
            .order_by(Person.search_key, Person.id)
            .limit(limit)
        )
    )


def all_bodies() -> list:
    """The council and working groups, for the body filter."""
    body = related_model(related_model(Person.memberships).body)
    return list(db.session.scalars(sa.select(body).order_by(body.position, body.name)))


def organisations_with_people() -> list[sa.Row]:
    """The organisations someone of the directory belongs to, for the organisation filter:
    their ids and names only (thousands of options; records would cost more than the page)."""
    return list(
        db.session.execute(
            sa.select(Organisation.id, Organisation.name)
            .where(Organisation.id.in_(sa.select(Person.organisation_id)))
            .order_by(Organisation.search_key)
        )
    )
