"""What the reminder tests share: a Riga moment, and the outbox as it stands."""

import datetime as dt

import sqlalchemy as sa

from secretariat.core.dates import riga_to_utc
from secretariat.extensions import db
from secretariat.reminders.models import Outbox


def at(day: dt.date, hour=8, minute=0) -> dt.datetime:
    """That day at that time in Riga, as the UTC moment a sweep runs at."""
    return riga_to_utc(day, dt.time(hour, minute))


def outbox_messages(app, kind=None) -> list[Outbox]:
    """Every message written (of one kind), oldest first, detached from the session."""
    with app.app_context():
        query = sa.select(Outbox).order_by(Outbox.id)
        if kind:
            query = query.where(Outbox.kind == kind)
        rows = db.session.scalars(query).all()
        for row in rows:
            db.session.expunge(row)
        return rows
