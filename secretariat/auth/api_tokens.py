"""Personal API tokens: read-only keys for scripts, sent as `Authorization: Bearer …` to
/api/v1/. A token reads what its owner may read, and stops working when it expires, is
revoked or its owner is switched off. The token is shown once; only its SHA-256 is kept."""

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa

from ..extensions import db
from .models import ApiToken, User

#: tokens start so, to be recognised in scripts and by secret scanners
PREFIX = "msk_"
#: how often "last used" is written: not on every request
LAST_USED_EVERY = dt.timedelta(hours=1)
LIFETIMES = (30, 90, 365)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(user: User, name: str, days: int | None, now: dt.datetime) -> tuple[ApiToken, str]:
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user=user,
        name=name,
        token_hash=_digest(token),
        prefix=token[:10],
        created_at=now,
        expires_at=now + dt.timedelta(days=days) if days else None,
    )
    db.session.add(row)
    db.session.flush()
    return row, token


def revoke(row: ApiToken, now: dt.datetime) -> None:
    if row.revoked_at is None:
        row.revoked_at = now
        db.session.flush()


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
        )
    )


def user_for(token: str, now: dt.datetime) -> User | None:
    """The active owner of a usable token, or None."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or not row.usable(now) or not row.user.active:
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_EVERY:
        row.last_used_at = now
        db.session.commit()
    return row.user
