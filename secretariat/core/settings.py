"""Facts about an installation that live in its database, one row a key.

The first is `demo_data`: set by `secretariat demo load`, it makes the outbox keep every
message away from real addresses (reminders/outbox.py), whatever SMTP settings are set,
because the seeds carry organisations' real public e-mail addresses.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

DEMO_DATA = "demo_data"
#: the only domains (and their subdomains) a database holding demo data sends mail to
DEMO_MAIL_DOMAINS = ("example.org", "example.lv", "example.com")


class Setting(db.Model):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text, default="")


def setting(key: str) -> str | None:
    return db.session.scalar(sa.select(Setting.value).where(Setting.key == key))


def remember(key: str, value: str) -> None:
    db.session.merge(Setting(key=key, value=value))
    db.session.flush()


def holds_demo_data() -> bool:
    return setting(DEMO_DATA) is not None


def demo_may_mail(address: str) -> bool:
    """Whether a database holding demo data may send to this address."""
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    return any(domain == allowed or domain.endswith("." + allowed) for allowed in DEMO_MAIL_DOMAINS)
