"""Factories for the updates area; the real SMTP server comes from the reminders' harness."""

import datetime as dt

import pytest

from secretariat.extensions import db

from ..conftest import _detached
from ..reminders.conftest import mail_app, smtp_port, smtp_server  # noqa: F401 - fixtures

SEPTEMBER = dt.date(2025, 9, 1)


@pytest.fixture
def make_call(app):
    from secretariat.updates.services import create_call

    def make(title="Padziļināta izpēte par biedrību un nodibinājumu sektoru", **fields):
        fields = {
            "kind": "procurement",
            "deadline_on": dt.date(2025, 9, 29),
            "visibility": "signatories",
            **fields,
        }
        with app.app_context():
            call = create_call(title=title, **fields)
            db.session.commit()
            return _detached(call)

    return make


@pytest.fixture
def make_signatory(make_organisation):
    """An active signatory organisation with contact e-mails."""
    counter = iter(range(1, 10_000))

    def make(emails=None, name=None, signed=dt.date(2010, 1, 1), **fields):
        n = next(counter)
        return make_organisation(
            name=name or f"Biedrība Ābele {n}",
            emails=emails if emails is not None else f"info{n}@abele.lv",
            memorandum_signed_on=signed,
            status=fields.pop("status", "active"),
            **fields,
        )

    return make


@pytest.fixture
def draft(app):
    """Draft (and optionally publish) the update of a month; returns it detached."""
    from secretariat.core.types import utcnow
    from secretariat.updates.services import draft_update, publish_update

    def make(month=SEPTEMBER, visibility="signatories", publish=False, **fields):
        with app.app_context():
            update = draft_update(month, visibility=visibility)
            for key, value in fields.items():
                setattr(update, key, value)
            if publish:
                publish_update(update, utcnow())
            db.session.commit()
            return _detached(update)

    return make
