"""People: verbs that change the directory. No request, no commit."""

import sqlalchemy as sa

from ..extensions import db
from ..organisations.models import Organisation
from .models import Person


def find_or_create_person(name: str, organisation: Organisation | None = None) -> Person:
    """The person of that name (at that organisation, when given), created if new."""
    query = sa.select(Person).where(sa.func.lower(Person.name) == name.strip().lower())
    if organisation is not None:
        query = query.where(Person.organisation_id == organisation.id)
    person = db.session.scalars(query.limit(1)).first()
    if person is None:
        person = Person(name=" ".join(name.split()), organisation=organisation)
        db.session.add(person)
        db.session.flush()
    return person
