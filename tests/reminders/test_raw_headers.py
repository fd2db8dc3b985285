"""What mail programs read: the header bytes of the .eml file and of what the SMTP server
receives, not what Python's parser makes of them (policy.default decodes RFC 2047 words,
so a header a mail program cannot use still reads well through it)."""

import datetime as dt
import email
import email.policy
import re
from pathlib import Path

import pytest

from secretariat.reminders.outbox import deliver_due
from secretariat.reminders.rules import sweep

from .test_delivery import RIGA_SUMMER, _council_with_member

NOW = dt.datetime(2025, 9, 17, 10, 0, tzinfo=RIGA_SUMMER)
#: RFC 2369: the header is the URL in angle brackets; RFC 8058: HTTPS, and the POST body
ONE_CLICK = re.compile(
    rb"\r\nList-Unsubscribe: <(https://sekretariats\.example\.lv/unsubscribe/"
    rb"[A-Za-z0-9_.-]+/one-click)>\r\n"
)
POST = b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"


def header_block(raw: bytes) -> bytes:
    """The message's own headers, as sent (CRLF line ends, as SMTP carries them)."""
    raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return b"\r\n" + raw.split(b"\r\n\r\n", 1)[0] + b"\r\n"


def assert_one_click(raw: bytes, client) -> None:
    headers = header_block(raw)
    found = ONE_CLICK.search(headers)
    assert found, headers.decode("utf-8", "replace")
    assert POST in headers
    assert b"=?" not in headers.split(b"List-Unsubscribe", 1)[1].split(b"MIME-Version")[0]
    assert all(len(line) <= 998 for line in headers.split(b"\r\n"))
    # the address works as a mail provider uses it: one POST, no page, no form token
    path = found.group(1).decode().removeprefix("https://sekretariats.example.lv")
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200


@pytest.fixture
def invite(make_body, make_person, make_membership, make_meeting, make_agenda_item):
    """A council member at `address` invited to a session, the message sent by `app`."""

    def send(app, address):
        factories = (make_body, make_person, make_membership, make_meeting, make_agenda_item)
        _council_with_member(*factories, app, address)
        with app.app_context():
            sweep(NOW)
            assert deliver_due(NOW)["sent"] == 1

    return send


@pytest.mark.parametrize("address", ["anna@abele.lv", "anna@ābele.lv"])
def test_the_smtp_server_receives_a_one_click_unsubscribe_header(
    address, mail_app, smtp_server, client, invite
):
    invite(mail_app, address)
    [raw] = smtp_server.raw_to(address)
    assert_one_click(raw, client)


@pytest.mark.parametrize("address", ["anna@abele.lv", "anna@ābele.lv"])
def test_the_eml_file_carries_it_too_and_parses_without_defects(address, app, client, invite):
    app.config["PUBLIC_URL"] = "https://sekretariats.example.lv"
    invite(app, address)
    [path] = (Path(app.config["INSTANCE_DIR"]) / "mail").glob("*.eml")
    raw = path.read_bytes()
    assert_one_click(raw, client)
    # an address is never an RFC 2047 word (anna@=?utf-8?q?=C4=81bele?=.lv): beyond ASCII
    # the file is UTF-8 (RFC 6532), as smtplib sends it to a server that takes SMTPUTF8
    assert f"\r\nTo: {address}\r\n".encode() in header_block(raw)
    # (read as an RFC 6532 reader reads it: Python's BytesParser takes headers as ASCII)
    message = email.message_from_string(raw.decode("utf-8"), policy=email.policy.default)
    assert message["To"].defects == ()
    assert [str(a) for a in message["To"].addresses] == [address]
