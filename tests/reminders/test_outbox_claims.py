"""A claim that runs out, or a deliverer told another moment, never sends a message twice.

One deliverer is slowed down inside its batch (its SMTP server takes long over the first
message); meanwhile a second deliverer runs, as another process would. Each address must
still receive exactly one message.
"""

import datetime as dt
import threading
from collections import Counter

import pytest
import sqlalchemy as sa
import time_machine

from secretariat.extensions import db
from secretariat.reminders import outbox
from secretariat.reminders.models import Outbox
from secretariat.reminders.outbox import CLAIM_FOR, deliver_due, enqueue

REAL = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _other_deliverer(app, now):
    """Another process's delivery pass: its own thread, app context and session."""

    def run():
        with app.app_context():
            try:
                deliver_due(now)
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)


@pytest.mark.parametrize("case", ["slow batch", "run-once told yesterday"])
def test_no_message_is_sent_twice(case, mail_app, smtp_server, monkeypatch):
    """slow batch: each message takes six minutes, so the batch's claim runs out during the
    third; run-once told yesterday: `secretariat reminders run-once --now <yesterday>` beside
    the live scheduler, whose clock says today."""
    with mail_app.app_context():
        for n in range(3):
            due = REAL - dt.timedelta(days=2)
            enqueue(f"k{n}", "action_due", f"r{n}@example.lv", "Termiņš", "t", "<p>t</p>", due)
        db.session.commit()
    real_send, ours = outbox.send, []

    def slow_send(mail):
        if threading.current_thread() is threading.main_thread():
            ours.append(mail.recipient)
            if case == "slow batch":
                clock.shift(dt.timedelta(minutes=6))
                if len(ours) == 2:
                    _other_deliverer(mail_app, REAL + dt.timedelta(minutes=12))
            elif len(ours) == 1:
                _other_deliverer(mail_app, REAL)
        real_send(mail)

    monkeypatch.setattr(outbox, "send", slow_send)
    told = REAL if case == "slow batch" else REAL - dt.timedelta(days=1)
    with time_machine.travel(REAL, tick=False) as clock, mail_app.app_context():
        deliver_due(told)
    assert CLAIM_FOR < dt.timedelta(minutes=12)  # the case needs the claim to run out
    received = Counter(rcpt for rcpts, _ in smtp_server.messages for rcpt in rcpts)
    assert received == {"r0@example.lv": 1, "r1@example.lv": 1, "r2@example.lv": 1}
    with mail_app.app_context():
        assert set(db.session.scalars(sa.select(Outbox.attempts))) == {1}
