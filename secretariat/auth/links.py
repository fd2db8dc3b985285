"""Single-use links sent by e-mail: an invitation to choose a password (valid 72 hours) and
a password reset (valid one hour).

The link carries a random token of 256 bits; only its SHA-256 is stored, so the database
alone cannot open an account. The token travels in the link's fragment (after #), which
browsers never send to a server or put in a Referer: it cannot appear in a web server's or
proxy's access log. The page moves it into the form it posts (static/js/app.js), or the
person pastes it. A newer link of the same kind replaces an older one; using a link spends
it, in the same transaction as the password it sets.
"""

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa

from ..core.audit import record_event
from ..extensions import db
from .models import AccountToken, User

VALID_FOR = {"invitation": dt.timedelta(hours=72), "reset": dt.timedelta(hours=1)}


class LinkProblem(Exception):
    """The link cannot be used: "unknown" (mistyped or tampered), "expired", "used", or
    "inactive" (the account is switched off)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(user: User, purpose: str, now: dt.datetime, by: User | None = None) -> str:
    """A new link for `user`; the older unused links of the same kind stop working."""
    db.session.execute(
        sa.update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > now,
        )
        .values(expires_at=now)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user=user,
            purpose=purpose,
            token_hash=digest(token),
            created_at=now,
            expires_at=now + VALID_FOR[purpose],
            created_by_id=by.id if by is not None else None,
        )
    )
    db.session.flush()
    return token


def check(token: str, now: dt.datetime) -> AccountToken:
    """The link's row if it can still be used; LinkProblem otherwise. Nothing changes."""
    row = (
        db.session.scalar(
            sa.select(AccountToken).where(AccountToken.token_hash == digest(token.strip()))
        )
        if token and len(token) <= 100
        else None
    )
    if row is None:
        raise LinkProblem("unknown")
    if row.used_at is not None:
        raise LinkProblem("used")
    if row.expires_at <= now:
        raise LinkProblem("expired")
    if not row.user.active:
        raise LinkProblem("inactive")
    return row


def spend(token: str, now: dt.datetime) -> User:
    """Use the link once (of two requests racing with one link, one wins); the account's
    other unused links stop working too."""
    row = check(token, now)
    spent = db.session.execute(
        sa.update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if spent != 1:
        raise LinkProblem("used")
    db.session.execute(
        sa.update(AccountToken)
        .where(
            AccountToken.user_id == row.user_id,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > now,
        )
        .values(expires_at=now)
    )
    record_event(row, {"used_at": [None, now.isoformat()]})
    return row.user
