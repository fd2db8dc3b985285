"""Words as the index stores them and as a query asks for them, and the highlighted
snippet of a result. One normalisation in Python for both databases: what SQLite and
PostgreSQL tokenise is already plain lower-case words without diacritics, so each finds
exactly what the other does."""

import re

from markupsafe import Markup, escape

from ..core.text import nfc, search_key

#: a word: letters and digits (not the underscore, which both databases split on)
WORD = re.compile(r"[^\W_]+")
#: longer "words" are not words (a pasted hash, a URL without separators): left out
LONGEST_WORD = 60
#: what one record may put in the index, in characters of normalised words
MOST_TERMS = 200_000
#: how many words of a query count
MOST_QUERY_WORDS = 8
SNIPPET = 220
#: Markdown's marks, which a snippet shows as plain text
_MARKUP = re.compile(r"(\*\*|__|`+|^#+\s*|^>\s*)", re.M)


def terms(*texts: str | None) -> str:
    """Texts as the full-text search reads them: "Sēde Jēkabpilī, 03.09.2025." →
    "sede jekabpili 03 09 2025"."""
    words = WORD.findall(search_key(" ".join(t for t in texts if t)))
    return " ".join(w for w in words if len(w) <= LONGEST_WORD)[:MOST_TERMS]


def query_words(text: str | None) -> list[str]:
    """What a query asks for: each word a prefix ("sēd" finds sēde, sēdes, sēdē),
    diacritics and case aside; repeated words once, at most MOST_QUERY_WORDS."""
    found: list[str] = []
    for word in WORD.findall(search_key(text)):
        word = word[:LONGEST_WORD]
        if word not in found:
            found.append(word)
    return found[:MOST_QUERY_WORDS]


def _matches(token: str, words: list[str]) -> bool:
    key = search_key(token)
    return any(key.startswith(word) for word in words)


def _marked(text: str, words: list[str]) -> Markup:
    parts, last = [], 0
    for match in WORD.finditer(text):
        if _matches(match.group(), words):
            parts.append(escape(text[last : match.start()]))
            parts.append(Markup("<mark>{}</mark>").format(match.group()))
            last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def highlight(text: str, words: list[str]) -> Markup:
    """The whole text (a title), escaped, with the words the query found marked."""
    return _marked(nfc(text), words)


def snippet(text: str, words: list[str], width: int = SNIPPET) -> Markup:
    """A stretch of the text around the first word the query found, escaped, with the
    found words marked; the beginning of the text when the words are only in its title."""
    plain = " ".join(_MARKUP.sub("", nfc(text)).split())
    if not plain:
        return Markup("")
    first = next(
        (m.start() for m in WORD.finditer(plain) if _matches(m.group(), words)),
        0,
    )
    start = 0 if first < width // 3 else plain.rfind(" ", 0, first - width // 3) + 1
    end = start + width
    if end < len(plain):
        end = max(plain.rfind(" ", start, end), first + 1)
    shown = _marked(plain[start:end], words)
    before = "… " if start > 0 else ""
    after = " …" if end < len(plain) else ""
    return Markup(before) + shown + Markup(after)
