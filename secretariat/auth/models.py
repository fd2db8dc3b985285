import datetime as dt
import secrets

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import Audited
from ..core.types import UTCDateTime, choice, utcnow
from ..extensions import db

ROLES = ("admin", "staff", "member", "signatory")


class User(Audited, UserMixin, db.Model):
    __tablename__ = "users"
    __audit_type__ = "user"
    __audit_label__ = "email"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(choice("user_role", ROLES))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    locale: Mapped[str] = mapped_column(sa.String(5), default="lv")
    active: Mapped[bool] = mapped_column(default=True)
    calendar_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=lambda: secrets.token_urlsafe(32)
    )
    #: part of every signed-in session's id: raised at sign-out, it ends the user's sessions
    #: everywhere, even a copied session cookie
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation")
    person = relationship("Person")

    def get_id(self) -> str:
        """What the session holds: the user and the session generation it belongs to."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        self.session_version += 1

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in ("admin", "staff")

    @property
    def display_name(self) -> str:
        return self.name or self.email
