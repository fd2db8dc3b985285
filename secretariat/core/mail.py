"""Sending one e-mail: through SMTP when configured, else into instance/mail/*.eml.

SMTP settings come from the environment (config.py): SMTP_HOST, SMTP_PORT,
SMTP_SECURITY (starttls, ssl or none), SMTP_USERNAME, SMTP_PASSWORD, SMTP_CA_FILE (a
relay whose certificate a private authority signed), MAIL_FROM.
"""

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app

from .types import utcnow


@dataclass
class Mail:
    recipient: str
    subject: str
    text: str
    html: str
    #: (file name, MIME type with any parameters, data), e.g.
    #: ("sanaksme.ics", "text/calendar; method=REQUEST", b"BEGIN:VCALENDAR…")
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)
    #: headers written as given (ASCII; see Verbatim), e.g. List-Unsubscribe
    headers: dict[str, str] = field(default_factory=dict)


class Verbatim(str):
    """A header value written exactly as given, never as an RFC 2047 encoded word.

    The default policy folds a header longer than 78 characters, and a value with no
    space to fold at (a long URL) it writes as `=?utf-8?q?=3Chttps…?=`: readers of
    List-Unsubscribe (RFC 2369, 8058) then find no `<https://…>` and offer no button.
    This one folds a long value only between its comma-separated items (`<a>, <b>`), and
    leaves one long item whole on its line: RFC 5322 allows 998 characters, and a fold
    before the `<` would only give readers a value that starts with a space."""

    name: str

    def __new__(cls, name: str, value: str):
        if not value.isascii() or "\r" in value or "\n" in value or len(value) > 900:
            raise ValueError(f"{name}: a verbatim header is one ASCII line under 900 characters")
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy) -> str:
        items = self.split(", ")
        line = f"{self.name}: {self}"
        if len(items) == 1 or len(line) <= (policy.max_line_length or len(line)):
            return line + policy.linesep
        return f"{self.name}: " + f",{policy.linesep} ".join(items) + policy.linesep


class DeliveryFailed(Exception):
    """The mail server did not take the message; worth trying again later."""


def build(mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(
        domain=current_app.config["MAIL_FROM"].split("@")[-1].strip(">")
    )
    # RFC 3834: machines (autoresponders, out-of-office) do not answer it
    message["Auto-Submitted"] = "auto-generated"
    for name, value in mail.headers.items():
        message[name] = Verbatim(name, value)
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    for filename, mimetype, data in mail.attachments:
        kind, *parameters = (part.strip() for part in mimetype.split(";"))
        maintype, subtype = kind.split("/", 1)
        params = dict(p.split("=", 1) for p in parameters)
        if maintype == "text":
            message.add_attachment(
                data.decode("utf-8"), subtype=subtype, filename=filename, params=params
            )
        else:
            message.add_attachment(
                data, maintype=maintype, subtype=subtype, filename=filename, params=params
            )
    return message


def send(mail: Mail) -> None:
    """Hand the message over, or raise DeliveryFailed (worth retrying); any other error
    means the message itself cannot be built."""
    message = build(mail)
    config = current_app.config
    try:
        if config.get("SMTP_HOST"):
            _smtp_send(message, config)
        else:
            _write_file(message, Path(config["INSTANCE_DIR"]) / "mail")
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryFailed(f"{type(error).__name__}: {error}"[:480]) from error


def _write_file(message: EmailMessage, folder: Path) -> None:
    """The file holds what an SMTP server would receive: like smtplib, a message to an
    address beyond ASCII (anna@ābele.lv) is written as UTF-8 (RFC 6532), because an
    address cannot be an RFC 2047 encoded word."""
    folder.mkdir(parents=True, exist_ok=True)
    name = message["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
    international = not (str(message["From"]) + str(message["To"])).isascii()
    policy = message.policy.clone(utf8=international)
    (folder / f"{name}.eml").write_bytes(message.as_bytes(policy=policy))


def _smtp_send(message: EmailMessage, config) -> None:
    host, port = config["SMTP_HOST"], int(config["SMTP_PORT"])
    security = config.get("SMTP_SECURITY", "starttls")
    timeout = config.get("SMTP_TIMEOUT", 20)
    context = ssl.create_default_context(cafile=config.get("SMTP_CA_FILE") or None)
    if security == "ssl":
        client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    with client:
        if security == "starttls":
            client.starttls(context=context)
        if config.get("SMTP_USERNAME"):
            client.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD", ""))
        client.send_message(message)
