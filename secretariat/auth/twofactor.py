"""The second factor: time-based one-time codes (TOTP, RFC 6238: six digits, 30 seconds)
from an authenticator app, and ten single-use recovery codes for when the phone is lost.

A code is good once: the last time step accepted is stored, and a code of that step or an
earlier one is refused (ASVS 5, V6.5). The clock may be one step off either way. Recovery
codes carry 80 random bits each and are stored as SHA-256.
"""

import base64
import datetime as dt
import hashlib
import hmac
import secrets

import pyotp
import segno
import sqlalchemy as sa

from ..core.types import utcnow
from ..extensions import db
from .models import RecoveryCode, User

ISSUER = "Memoranda padomes sekretariāts"
STEP = 30
RECOVERY_CODES = 10


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code(user: User, secret: str) -> str:
    """The enrolment QR code as an SVG data URI (the CSP allows `img-src data:`)."""
    return segno.make(provisioning_uri(user, secret), error="m").svg_data_uri(scale=5, border=2)


def grouped(secret: str) -> str:
    """The secret as people type it into an app by hand: groups of four."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _step(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // STEP


def _matching_step(secret: str, code: str, now: dt.datetime, after: int | None) -> int | None:
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    for step in (_step(now) - 1, _step(now), _step(now) + 1):
        if after is not None and step <= after:
            continue  # that code was used already
        if hmac.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def verify(user: User, code: str, now: dt.datetime | None = None) -> bool:
    """Whether `code` is the user's current code, used now for the first time."""
    if not user.two_factor_enabled:
        return False
    step = _matching_step(user.totp_secret, code, now or utcnow(), user.totp_last_step)
    if step is None:
        return False
    # two sign-ins racing with one code: only one moves the last step forward
    moved = db.session.execute(
        sa.update(User)
        .where(
            User.id == user.id,
            sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
    ).rowcount
    db.session.expire(user, ["totp_last_step"])
    return moved == 1


def _normalised(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(_normalised(code).encode("ascii", "ignore")).hexdigest()


def new_recovery_codes(user: User, now: dt.datetime | None = None) -> list[str]:
    """Ten new codes, shown once; the earlier ones stop working."""
    now = now or utcnow()
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(10)).decode("ascii").lower()
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    user.recovery_codes_at = now
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str, now: dt.datetime | None = None) -> bool:
    """Sign in with a recovery code instead of the app's code: each works once."""
    if not user.two_factor_enabled or len(_normalised(code)) != 16:
        return False
    now = now or utcnow()
    used = db.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
    ).rowcount
    if used == 1:
        user.recovery_code_used_at = now
    return used == 1


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def enrol(user: User, secret: str, code: str, now: dt.datetime | None = None) -> list[str] | None:
    """Confirm the secret the app was given with a code from it: the second factor is on, and
    the ten recovery codes are returned (to show once). None when the code is wrong."""
    now = now or utcnow()
    step = _matching_step(secret, code, now, None)
    if step is None:
        return None
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = secret, now, step
    return new_recovery_codes(user, now)


def remove(user: User) -> None:
    """No second factor any more (an administrator's reset, or a member's choice); the
    user's sessions end. Staff and administrators enrol again at their next sign-in."""
    user.totp_secret = user.totp_confirmed_at = user.totp_last_step = None
    user.recovery_codes_at = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.end_sessions()
    db.session.flush()
