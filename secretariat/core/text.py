"""Text normalisation shared by search, names and imports."""

import unicodedata


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def search_key(text: str | None) -> str:
    """Lower-case, diacritics removed: "Jēkabpils" → "jekabpils"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def split_lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def initial_and_surname(full_name: str) -> str:
    """The Latvian minutes form of a name: "Andris Broks" → "A.Broks"."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name
    return f"{parts[0][0]}.{' '.join(parts[1:])}"
