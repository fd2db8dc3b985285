"""Accounts: creating users, checking and setting passwords, roles, switching off."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select

from ..core.types import utcnow
from ..extensions import db
from .models import ROLES, User
from .passwords import MIN_LENGTH as MIN_PASSWORD_LENGTH
from .passwords import password_problem

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


class AccountError(ValueError):
    pass


class PasswordRefused(AccountError):
    """The password will not do; `reason` is one of passwords.password_problem's."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def check_password(password: str, email: str = "") -> None:
    """Raise PasswordRefused unless the password will do."""
    if reason := password_problem(password, email):
        raise PasswordRefused(reason)


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
    email = User.normalise_email(email)
    if password is not None:
        reason = password_problem(password, email)
        if reason == "short":
            raise AccountError(f"password shorter than {MIN_PASSWORD_LENGTH} characters")
        if reason:
            raise AccountError(f"password refused: {_REASONS[reason]}")
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


_REASONS = {
    "long": "longer than 200 characters",
    "common": "one of the most common passwords",
    "email": "the account's own e-mail address",
}


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None. Signing in is not finished
    until the second factor, where the account has or needs one (see signin.py)."""
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
    return user


def password_matches(user: User, password: str) -> bool:
    """Whether `password` is the user's own (asked again before changing what protects
    the account)."""
    try:
        return bool(user.password_hash) and _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def set_password(user: User, password: str) -> None:
    """A new password (checked first); every session of the user ends, as a password that
    may have been known to someone else no longer lets them in."""
    check_password(password, user.email)
    user.password_hash = hash_password(password)
    user.end_sessions()
    db.session.flush()


def record_sign_in(user: User) -> None:
    user.last_login_at = utcnow()


def change_account(user: User, role: str, organisation=None, person=None, name=None) -> None:
    """An administrator changes what the account is: its role, organisation (signatories)
    and person. A new role ends the user's sessions: they sign in again as what they are
    now (staff with a second factor)."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}")
    if role == "signatory" and organisation is None:
        raise AccountError("a signatory user needs an organisation")
    if role != user.role:
        user.end_sessions()
    user.role = role
    user.organisation = organisation if role == "signatory" else None
    user.person = person
    if name is not None:
        user.name = name
    db.session.flush()


def switch_off(user: User) -> None:
    """The account can no longer sign in, and every session of it ends now."""
    user.active = False
    user.end_sessions()
    db.session.flush()


def switch_on(user: User) -> None:
    user.active = True
    db.session.flush()
