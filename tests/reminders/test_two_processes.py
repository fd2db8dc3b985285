"""Two scheduler sweeps at once, as two processes: every message delivered exactly once.

Both processes sweep (the same messages, the same signatory call) and deliver three
messages at a time. The SMTP server holds the first message it gets until both processes
have claimed a batch, so the two really deliver side by side.
"""

import asyncio
import datetime as dt
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.meetings.models import Meeting
from secretariat.people.models import Person
from secretariat.reminders.models import Outbox

from .conftest import Controller, Inbox

MEMBERS = 40
#: seconds the SMTP server waits for the second deliverer
GATE = 90


class GatedInbox(Inbox):
    """Takes no message until two deliverers hold claims, or until GATE seconds after the
    first message arrived (then it stays open: a slow machine never waits per message).
    A busy machine may take half a minute or more to start and sweep in the second
    process; the deliverers wait for the server longer than that (SMTP_TIMEOUT below)."""

    def __init__(self, database_url):
        super().__init__()
        self.engine = sa.create_engine(database_url)
        self.open = False
        self.deadline = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.deadline is None:
            self.deadline = time.monotonic() + GATE
        while not self.open and time.monotonic() < self.deadline:
            with self.engine.connect() as conn:
                claimants = conn.execute(
                    sa.text("SELECT count(DISTINCT claimed_by) FROM outbox WHERE claimed_by != ''")
                ).scalar()
            self.open = claimants >= 2
            await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


def test_two_processes_deliver_each_message_once(
    app,
    database_url,
    smtp_port,
    make_body,
    make_person,
    make_membership,
    make_meeting,
    tmp_path,
):
    council = make_body(name="Memoranda padome")
    for n in range(MEMBERS):
        person = make_person(f"Loceklis Nr. {n}")
        with app.app_context():
            db.session.get(Person, person.id).emails = f"loceklis{n}@example.lv"
            db.session.commit()
        make_membership(person, council)
    make_meeting(body=council, kind="working_group", day=dt.date(2025, 9, 24), visibility="members")
    # a session of another body: both sweeps plan its signatory call
    make_meeting(
        body=make_body(name="Paplašinātā padome"), kind="session", day=dt.date(2025, 9, 25)
    )

    inbox = GatedInbox(database_url)
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRETARIAT_ENV": "development",
        "SECRETARIAT_INSTANCE": str(tmp_path),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_SECURITY": "none",
        "SMTP_TIMEOUT": str(GATE + 30),
    }
    command = [
        str(Path(sys.executable).parent / "secretariat"),
        "reminders",
        "run-once",
        "--now",
        "2025-09-23T10:00:00+03:00",
        "--batch",
        "3",
    ]
    try:
        processes = [
            subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=120) for process in processes]
    finally:
        controller.stop()
        inbox.engine.dispose()
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err

    sent = [int(re.search(r"sent (\d+)", out).group(1)) for out, _err in outputs]
    assert all(n > 0 for n in sent), f"one process delivered everything: {sent}"
    assert sum(sent) == 2 * MEMBERS
    received = Counter(rcpt for rcpts, _ in inbox.messages for rcpt in rcpts)
    # an invitation and the eve reminder for each member, each exactly once
    assert len(received) == MEMBERS
    assert set(received.values()) == {2}
    with app.app_context():
        states = Counter(row.state for row in db.session.scalars(sa.select(Outbox)))
        calls = db.session.scalars(
            sa.select(Meeting.id).where(Meeting.kind == "signatory_call")
        ).all()
    assert states == {"sent": 2 * MEMBERS}
    assert len(calls) == 1
