"""Sending one e-mail: through SMTP when configured, else into instance/mail/*.eml.

SMTP settings come from the environment (config.py): SMTP_HOST, SMTP_PORT,
SMTP_SECURITY (starttls, ssl or none), SMTP_USERNAME, SMTP_PASSWORD, MAIL_FROM.
"""

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app


@dataclass
class Mail:
    recipient: str
    subject: str
    text: str
    html: str
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)  # name, mime, data
    headers: dict[str, str] = field(default_factory=dict)


class DeliveryFailed(Exception):
    """The mail server did not take the message; worth trying again later."""


def build(mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(
        domain=current_app.config["MAIL_FROM"].split("@")[-1].strip(">")
    )
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    for filename, mimetype, data in mail.attachments:
        maintype, subtype = mimetype.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def send(mail: Mail) -> None:
    message = build(mail)
    config = current_app.config
    if not config.get("SMTP_HOST"):
        folder = Path(config["INSTANCE_DIR"]) / "mail"
        folder.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
        (folder / f"{name}.eml").write_bytes(bytes(message))
        return
    try:
        _smtp_send(message, config)
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryFailed(f"{type(error).__name__}: {error}"[:480]) from error


def _smtp_send(message: EmailMessage, config) -> None:
    host, port = config["SMTP_HOST"], int(config["SMTP_PORT"])
    security = config.get("SMTP_SECURITY", "starttls")
    timeout = config.get("SMTP_TIMEOUT", 20)
    if security == "ssl":
        client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    with client:
        if security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if config.get("SMTP_USERNAME"):
            client.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD", ""))
        client.send_message(message)
