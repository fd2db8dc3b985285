"""Splitting free-text contact cells into phones, e-mails and web addresses.

Seed 004 writes them like "+371 29802373 +371 26044412 info@zemgalei.lv http…";
e-mail domains may carry Latvian letters (augšdaugavasnovads.lv).
"""

import re
from dataclasses import dataclass, field

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
NUMBER = re.compile(r"\+?\d+")
LATVIA = "+371"
NATIONAL_DIGITS = 8


@dataclass
class Contacts:
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    leftover: str = ""


def _clean_url(url: str) -> str:
    url = url.rstrip(".,;:)]")
    return url if url.lower().startswith("http") else f"https://{url}"


def split_contacts(text: str) -> Contacts:
    found = Contacts()
    for url in URL.findall(text):
        found.websites.append(_clean_url(url))
    rest = URL.sub(" ", text)
    for email in EMAIL.findall(rest):
        found.emails.append(email.rstrip(".").lower())
    rest = EMAIL.sub(" ", rest)
    found.phones = _phones(rest)
    found.leftover = " ".join(NUMBER.sub(" ", rest).replace(";", " ").replace(",", " ").split())
    return found


def _phones(text: str) -> list[str]:
    """Digits gathered into numbers: "+371 6 703 9252" is one, "65221152, 65283783" two."""
    numbers, code, digits = [], None, ""

    def flush():
        nonlocal code, digits
        if len(digits) >= 7:
            numbers.append(f"{code or LATVIA} {digits}")
        code, digits = None, ""

    for token in NUMBER.findall(text):
        if token.startswith("+"):
            flush()
            if token.startswith(LATVIA):
                code, digits = LATVIA, token[len(LATVIA) :]
            else:
                code = token
        else:
            digits += token
        if code in (None, LATVIA) and len(digits) >= NATIONAL_DIGITS:
            flush()
    flush()
    return numbers
