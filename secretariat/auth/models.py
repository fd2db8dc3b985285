import datetime as dt
import secrets

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import Audited
from ..core.types import UTCDateTime, choice, utcnow
from ..extensions import db

ROLES = ("admin", "staff", "member", "signatory")
#: roles that must sign in with a second factor (enrolment is asked for at their next sign-in);
#: the others may choose to
TWO_FACTOR_ROLES = ("admin", "staff")
TOKEN_PURPOSES = ("invitation", "reset")


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
    #: the TOTP secret (base32); it signs in only once confirmed with a code
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the last time step whose code was accepted: a code is good once
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    #: when the current ten recovery codes were made, and when one was last used
    recovery_codes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    recovery_code_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

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

    @property
    def two_factor_required(self) -> bool:
        return self.role in TWO_FACTOR_ROLES

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_confirmed_at is not None

    @property
    def invited(self) -> bool:
        """Invited, and no password chosen yet."""
        return self.password_hash is None


class AccountToken(Audited, db.Model):
    """A single-use link sent by e-mail: an invitation to choose a password, or a password
    reset. Only the token's SHA-256 is stored; the link itself exists only in the e-mail."""

    __tablename__ = "account_tokens"
    __audit_type__ = "account_token"
    __audit_label__ = "purpose"
    __audit_parent__ = ("user", "user_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(choice("account_token_purpose", TOKEN_PURPOSES))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    user = relationship("User", foreign_keys=[user_id])


class RecoveryCode(db.Model):
    """One of a user's ten single-use codes for signing in without their authenticator;
    stored as SHA-256 (each code carries 80 random bits)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ApiToken(Audited, db.Model):
    """A personal, read-only key for the API (`Authorization: Bearer …`): it reads what its
    owner may read, until it expires, is revoked or its owner is switched off. Shown once;
    stored as SHA-256."""

    __tablename__ = "api_tokens"
    __audit_type__ = "api_token"
    __audit_label__ = "name"
    __audit_parent__ = ("user", "user_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: the token's first characters, so its owner can tell their tokens apart
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")

    def usable(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)
