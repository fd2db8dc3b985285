"""A real SMTP server on a loopback port, helpers to read what it received, and the records
the rules work on."""

import datetime as dt
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []
        #: (recipients, the bytes as they came over the wire)
        self.raw = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        self.raw.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]

    def raw_to(self, address) -> list[bytes]:
        return [data for rcpt, data in self.raw if address in rcpt]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def smtp_server(smtp_port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture
def mail_app(app, smtp_port):
    app.config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp_port,
        SMTP_SECURITY="none",
        SMTP_TIMEOUT=5,
        PUBLIC_URL="https://sekretariats.example.lv",
    )
    return app


@pytest.fixture
def make_meeting(make_meeting):
    """Meetings shared with the members, as council sessions are: the reminder rules skip
    internal ones, which the tests that need them ask for by name."""

    def make(*args, visibility="members", **fields):
        return make_meeting(*args, visibility=visibility, **fields)

    return make


@pytest.fixture
def nomination_round(app, make_body, make_organisation):
    """The council's round for 2026-1 (5–30 January), and one signatory to tell about it."""
    from secretariat.bodies.models import Body
    from secretariat.bodies.services import open_round
    from secretariat.extensions import db

    body = make_body(name="Memoranda padome")
    make_organisation(
        name="Biedrība Ābele", emails="info@abele.lv", memorandum_signed_on=dt.date(2010, 1, 1)
    )
    with app.app_context():
        opened = open_round(
            db.session.get(Body, body.id),
            "2026-1",
            dt.date(2026, 1, 5),
            dt.date(2026, 1, 30),
            dt.date(2026, 2, 1),
        )
        db.session.commit()
        return opened.id
