"""Text normalisation shared by search, names and imports."""

import unicodedata
from functools import lru_cache


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def search_key(text: str | None) -> str:
    """Lower-case, diacritics removed: "Jēkabpils" → "jekabpils"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def split_lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ContactLines:
    """Mixin for a record keeping its e-mails and phones one per line (`emails`, `phones`)."""

    @property
    def email_list(self) -> list[str]:
        return split_lines(self.emails)

    @property
    def phone_list(self) -> list[str]:
        return split_lines(self.phones)


def initial_and_surname(full_name: str) -> str:
    """The Latvian minutes form of a name: "Andris Broks" → "A.Broks"."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name
    return f"{parts[0][0]}.{' '.join(parts[1:])}"


# The Latvian alphabet's order, as the secretariat's documents sort names (seed 003 lists
# "M.Lavrenovs, J.Lāčplēsis"): every letter with a diacritic is a letter of its own, after
# its base letter.
_LATVIAN_ORDER = "aābcčdeēfgģhiīyjkķlļmnņoōpqrŗsštuūvwxzž"
_RANK = {letter: rank for rank, letter in enumerate(_LATVIAN_ORDER)}


@lru_cache(maxsize=65536)  # names repeat on every page that sorts them
def latvian_sort_key(text: str | None) -> tuple:
    """Sort names as the Latvian alphabet does: Kļaviņa before Krūmiņa, Ķēniņš after
    Kalniņš, Ošiņš before Ozola, Lavrenovs before Lāčplēsis."""
    folded = nfc(text).casefold()
    primary = []
    for ch in folded:
        letter = ch if ch in _RANK else search_key(ch)[:1]  # other accents: their base letter
        if letter in _RANK:
            primary.append((2, _RANK[letter]))
        elif ch.isdigit():
            primary.append((1, ord(ch)))
        elif ch.isspace() or not ch.isalnum():
            primary.append((0, 0))
        else:
            primary.append((3, ord(ch)))
    return (primary, folded)
