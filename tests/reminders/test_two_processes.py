"""Two scheduler sweeps at once, as two processes: every message delivered exactly once."""

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.organisations.models import Person
from secretariat.reminders.models import Outbox

MEMBERS = 40


def test_two_processes_deliver_each_message_once(
    app,
    database_url,
    smtp_server,
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

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRETARIAT_ENV": "development",
        "SECRETARIAT_INSTANCE": str(tmp_path),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_SECURITY": "none",
    }
    command = [
        str(Path(sys.executable).parent / "secretariat"),
        "reminders",
        "run-once",
        "--now",
        "2025-09-23T10:00:00+03:00",
    ]
    processes = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err

    received = Counter(rcpt for rcpts, _ in smtp_server.messages for rcpt in rcpts)
    # an invitation and the eve reminder for each member, each exactly once
    assert len(received) == MEMBERS
    assert set(received.values()) == {2}
    with app.app_context():
        states = Counter(row.state for row in db.session.scalars(sa.select(Outbox)))
    assert states == {"sent": 2 * MEMBERS}
