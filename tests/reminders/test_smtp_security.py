"""SMTP with STARTTLS, with implicit TLS, and with a login, against a real server whose
certificate a test authority signed (trustme), as a private mail relay's would be."""

import datetime as dt
import ssl

import pytest
import sqlalchemy as sa
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from secretariat.extensions import db
from secretariat.reminders.models import Outbox
from secretariat.reminders.outbox import deliver_due, enqueue

from .conftest import Inbox, free_port

NOW = dt.datetime(2025, 9, 17, 7, 0, tzinfo=dt.UTC)
# with TLS from the first byte aiosmtpd cannot see the TLS and warns about logins without it
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
USER, PASSWORD = "sekretariats", "pareiza parole"


class SecureInbox(Inbox):
    """Remembers whether each message came over TLS and who had logged in."""

    def __init__(self):
        super().__init__()
        self.sessions = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        login = session.auth_data.login.decode() if session.authenticated else None
        tls = server.transport.get_extra_info("ssl_object") is not None
        self.sessions.append({"tls": tls, "login": login})
        return await super().handle_DATA(server, session, envelope)


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


@pytest.fixture(scope="module")
def authority():
    return trustme.CA()


@pytest.fixture
def ca_file(authority, tmp_path):
    path = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return str(path)


def _server_context(authority) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture(params=["starttls", "ssl"])
def secure_server(request, authority):
    """A server that insists on TLS (STARTTLS, or TLS from the first byte) and a login."""
    inbox, port = SecureInbox(), free_port()
    context = _server_context(authority)
    if request.param == "ssl":
        # TLS from the first byte: aiosmtpd cannot tell, so it is told logins are safe
        tls = {"ssl_context": context, "auth_require_tls": False}
    else:
        tls = {"tls_context": context, "require_starttls": True}
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticator,
        auth_required=True,
        **tls,
    )
    controller.start()
    yield request.param, port, inbox
    controller.stop()


def _one_message(app, **config):
    app.config.update(
        {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_USERNAME": USER,
            "SMTP_PASSWORD": PASSWORD,
            "SMTP_TIMEOUT": 5,
            **config,
        }
    )
    with app.app_context():
        enqueue("k1", "action_due", "anna@ābele.lv", "Termiņš tuvojas", "Teksts", "<p>T</p>", NOW)
        db.session.commit()
        return deliver_due(NOW)


def test_tls_and_login_deliver(app, secure_server, ca_file):
    security, port, inbox = secure_server
    counts = _one_message(app, SMTP_PORT=port, SMTP_SECURITY=security, SMTP_CA_FILE=ca_file)
    assert counts == {"sent": 1, "retry": 0, "failed": 0}
    [message] = inbox.to("anna@ābele.lv")
    assert message["Subject"] == "Termiņš tuvojas"
    assert inbox.sessions == [{"tls": True, "login": USER}]


def test_a_wrong_password_is_retried_with_the_reason_shown(app, secure_server, ca_file):
    security, port, inbox = secure_server
    counts = _one_message(
        app, SMTP_PORT=port, SMTP_SECURITY=security, SMTP_CA_FILE=ca_file, SMTP_PASSWORD="nepareiza"
    )
    assert counts == {"sent": 0, "retry": 1, "failed": 0}
    assert inbox.messages == []
    with app.app_context():
        assert "SMTPAuthenticationError" in db.session.scalar(sa.select(Outbox.last_error))


def test_a_certificate_nobody_vouches_for_is_refused(app, secure_server):
    security, port, inbox = secure_server
    counts = _one_message(app, SMTP_PORT=port, SMTP_SECURITY=security, SMTP_CA_FILE="")
    assert counts == {"sent": 0, "retry": 1, "failed": 0}
    assert inbox.messages == []
    with app.app_context():
        assert "CERTIFICATE_VERIFY_FAILED" in db.session.scalar(sa.select(Outbox.last_error))
