"""A database holding demo data mails only example domains, whatever SMTP is set to."""

import datetime as dt
import logging

import sqlalchemy as sa

from secretariat.core.settings import DEMO_DATA, remember
from secretariat.core.types import utcnow
from secretariat.extensions import db
from secretariat.reminders.models import Outbox
from secretariat.reminders.outbox import deliver_due, enqueue


def _queue(recipients):
    now = utcnow() - dt.timedelta(minutes=1)
    for n, recipient in enumerate(recipients):
        enqueue(
            f"test:{n}", "meeting_invitation", recipient, "Sēde", "Teksts", "<p>Teksts</p>", now
        )
    db.session.commit()


RECIPIENTS = ["anna@example.lv", "info@providus.lv", "x@mail.example.com", "ivars@ābele.lv"]


def test_demo_data_never_reaches_a_real_address(mail_app, smtp_server, caplog):
    with mail_app.app_context():
        remember(DEMO_DATA, "seed")
        _queue(RECIPIENTS)
        with caplog.at_level(logging.WARNING, logger="secretariat.reminders.outbox"):
            counts = deliver_due(utcnow())
        rows = {r.recipient: r for r in db.session.scalars(sa.select(Outbox))}
    assert counts["sent"] == 2 and counts["withheld"] == 2
    received = sorted(rcpt for rcpts, _ in smtp_server.messages for rcpt in rcpts)
    assert received == ["anna@example.lv", "x@mail.example.com"]
    for withheld in ("info@providus.lv", "ivars@ābele.lv"):
        assert rows[withheld].state == "cancelled" and "demo data" in rows[withheld].last_error
    assert "holds demo data: 2 messages" in caplog.text


def test_a_real_database_mails_everyone(mail_app, smtp_server):
    with mail_app.app_context():
        _queue(RECIPIENTS)
        counts = deliver_due(utcnow())
    assert counts == {"sent": 4, "retry": 0, "failed": 0}
    assert len(smtp_server.messages) == 4
