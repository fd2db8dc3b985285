"""What a password must be: long enough, not one of the passwords everybody tries first,
and not the account's own e-mail address (ASVS 5, V6.2). No composition rules: a long
passphrase of plain words is a good password."""

from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 10
MAX_LENGTH = 200
_COMMON = Path(__file__).with_name("common-passwords.txt")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = _COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why this password will not do ("short", "long", "common", "email"), or None."""
    if len(password) < MIN_LENGTH:
        return "short"
    if len(password) > MAX_LENGTH:
        return "long"
    folded = password.casefold()
    if folded in common_passwords() or len(set(folded)) <= 2:
        return "common"
    if email and folded.strip() == email.strip().casefold():
        return "email"
    return None
