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
    headers: dict[str, str] = field(default_factory=dict)


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
        message[name] = value
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
    folder.mkdir(parents=True, exist_ok=True)
    name = message["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
    (folder / f"{name}.eml").write_bytes(bytes(message))


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
