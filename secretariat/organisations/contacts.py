"""Splitting free-text contact cells into phones, e-mails and web addresses.

Seed 004 writes them like "+371 29802373 +371 26044412 info@zemgalei.lv http…";
e-mail domains may carry Latvian letters (augšdaugavasnovads.lv). What is not one
website, e-mail or full phone number — a second web address, a short number such as
"Diennakts tālrunis: 8898" — is kept in `other`, with the words that introduce it.
"""

import re
from dataclasses import dataclass, field

from ..core.text import search_key

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
NUMBER = re.compile(r"\+?\d+")
LATVIA = "+371"
NATIONAL_DIGITS = 8
PHONE_DIGITS = 7  # fewer digits than this make a short number (8898, 112), not a phone
SHORT_DIGITS = 3  # fewer than this are not a number anyone dials
_GONE = "\x00"  # marks text already taken as a web address or e-mail
_LABEL_LIMIT = 80


@dataclass
class Contacts:
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    leftover: str = ""
    #: words that are no phone, e-mail or address, nor a label of one ("info(at)x.lv")
    unread: str = ""


def _clean_url(url: str) -> str:
    url = url.rstrip(".,;:)]")
    return url if url.lower().startswith("http") else f"https://{url}"


def _blank_out(pattern: re.Pattern, text: str) -> str:
    """The text with the pattern's matches replaced by as many markers: positions stay."""
    return pattern.sub(lambda m: _GONE * len(m.group()), text)


def split_contacts(text: str) -> Contacts:
    found = Contacts()
    urls = list(URL.finditer(text))
    rest = _blank_out(URL, text)
    emails = list(EMAIL.finditer(rest))
    rest = _blank_out(EMAIL, rest)
    found.websites = [_clean_url(m.group()) for m in urls]
    found.emails = [m.group().rstrip(".").lower() for m in emails]
    numbers = _numbers(rest)
    found.phones = [number for _, _, number, is_phone in numbers if is_phone]
    # An extra item keeps the words written between it and the item before it as its label.
    spans = sorted([(m.start(), m.end()) for m in (*urls, *emails)] + [n[:2] for n in numbers])
    extras = [(m.start(), _clean_url(m.group())) for m in urls[1:]]
    extras += [(start, number) for start, _, number, is_phone in numbers if not is_phone]
    labels = []
    for start, value in sorted(extras):
        before = max((end for _, end in spans if end <= start), default=0)
        label = " ".join(rest[before:start].replace(_GONE, " ").split()).strip(" ,;")
        if 0 < len(label) <= _LABEL_LIMIT:
            labels.append((before, start))
            found.other.append(f"{label} {value}")
        else:
            found.other.append(value)
    leftover = NUMBER.sub(" ", rest.replace(_GONE, " "))
    found.leftover = " ".join(leftover.replace(";", " ").replace(",", " ").split())
    found.unread = _unread(rest, [n[:2] for n in numbers] + labels)
    return found


#: words that only introduce a contact ("tālr.", "e-pasts:"), compared without case,
#: diacritics or punctuation
LABEL_WORDS = {
    *("tel", "talr", "talrunis", "talruni", "telefons", "mob", "mobilais", "fakss", "fax"),
    *("epasts", "epasti", "email", "emails", "mail", "phone", "phones", "mobile"),
    *("web", "www", "majaslapa", "majas", "lapa", "vietne", "site", "website"),
    *("kontakti", "kontaktinformacija", "contacts", "un", "vai", "and", "or"),
}
_PUNCTUATION = " ,;:.()[]-–—/|*•"


def _unread(rest: str, taken: list[tuple[int, int]]) -> str:
    """What is left of the text once addresses, numbers and their labels are taken."""
    chars = list(rest)
    for start, end in taken:
        chars[start:end] = " " * (end - start)
    words = "".join(chars).replace(_GONE, " ").split()
    kept = [
        word
        for word in words
        if word.strip(_PUNCTUATION)
        and "".join(c for c in search_key(word) if c.isalnum()) not in LABEL_WORDS
    ]
    return " ".join(kept).strip(_PUNCTUATION)


def _numbers(text: str) -> list[tuple[int, int, str, bool]]:
    """Digits gathered into numbers: "+371 6 703 9252" is one, "65221152, 65283783" two.
    Each as (start, end, number, is it a phone); too few digits make a short number."""
    numbers = []
    code, digits, start, end = None, "", 0, 0

    def flush():
        nonlocal code, digits
        if len(digits) >= PHONE_DIGITS:
            numbers.append((start, end, f"{code or LATVIA} {digits}", True))
        elif len(digits) >= SHORT_DIGITS:
            numbers.append((start, end, f"{code} {digits}" if code else digits, False))
        code, digits = None, ""

    for match in NUMBER.finditer(text):
        token = match.group()
        if token.startswith("+"):
            flush()
            start = match.start()
            if token.startswith(LATVIA):
                code, digits = LATVIA, token[len(LATVIA) :]
            elif len(token) > PHONE_DIGITS:  # a foreign number written without spaces
                numbers.append((start, match.end(), token, True))
                continue
            else:
                code = token
        else:
            if not digits and code is None:
                start = match.start()
            digits += token
        end = match.end()
        if code in (None, LATVIA) and len(digits) >= NATIONAL_DIGITS:
            flush()
    flush()
    return numbers
