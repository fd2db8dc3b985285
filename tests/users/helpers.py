"""Reading the link an account e-mail carries, as its reader would."""

import re

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.reminders.models import Outbox

_LINK = re.compile(r"(https?://\S+/account/set-password)#([\w-]+)")


def mailed_link(app, recipient: str, kind: str | None = None) -> tuple[str, str]:
    """(address, token) of the newest account e-mail to `recipient`."""
    with app.app_context():
        query = sa.select(Outbox).where(Outbox.recipient == recipient).order_by(Outbox.id.desc())
        if kind:
            query = query.where(Outbox.kind == kind)
        message = db.session.scalars(query).first()
        assert message is not None, f"no e-mail to {recipient}"
        address, token = _LINK.search(message.text_body).groups()
        assert f"{address}#{token}" in message.html_body
        return address, token
