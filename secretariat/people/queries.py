"""Reading the directory of people."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..extensions import db
from .models import Person


def all_people() -> list[Person]:
    return list(
        db.session.scalars(
            sa.select(Person).options(joinedload(Person.organisation)).order_by(Person.search_key)
        )
    )
