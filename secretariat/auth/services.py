"""Accounts: creating users, checking passwords."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select

from ..core.types import utcnow
from ..extensions import db
from .models import ROLES, User

_hashers: dict[tuple, tuple[PasswordHasher, str]] = {}


def _hasher_and_dummy() -> tuple[PasswordHasher, str]:
    """argon2id with the library's defaults (tests ask for cheaper parameters), and a hash
    to verify against when the e-mail is unknown, so that is as slow as a wrong password."""
    params = current_app.config.get("PASSWORD_HASH_PARAMS") or {}
    key = tuple(sorted(params.items()))
    if key not in _hashers:
        hasher = PasswordHasher(**params)
        _hashers[key] = (hasher, hasher.hash("not-a-real-password"))
    return _hashers[key]


def _hasher() -> PasswordHasher:
    return _hasher_and_dummy()[0]


def _dummy_hash() -> str:
    return _hasher_and_dummy()[1]


MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    pass


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == User.normalise_email(email)))


def create_user(
    email: str,
    password: str | None,
    role: str,
    name: str = "",
    organisation=None,
    person=None,
) -> User:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}")
    if role == "signatory" and organisation is None:
        raise AccountError("a signatory user needs an organisation")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password shorter than {MIN_PASSWORD_LENGTH} characters")
    email = User.normalise_email(email)
    if "@" not in email:
        raise AccountError("not an e-mail address")
    if find_user(email):
        raise AccountError(f"a user with e-mail {email} exists")
    user = User(
        email=email,
        name=name,
        role=role,
        password_hash=hash_password(password) if password else None,
        organisation=organisation,
        person=person,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = find_user(email)
    stored = user.password_hash if user and user.password_hash else _dummy_hash()
    try:
        _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active or not user.password_hash:
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user
