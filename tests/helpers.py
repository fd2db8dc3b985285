"""Small helpers for assertions on what a person sees."""

import html
import io
import re
import unicodedata
from pathlib import Path

from babel.support import Translations
from pypdf import PdfReader

import secretariat

_TRANSLATIONS = Path(secretariat.__file__).parent / "translations"
DIACRITICS = "ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž"


def lv(message: str, **params) -> str:
    """The Latvian text a user sees for an English msgid; fails if it was never translated."""
    translated = Translations.load(str(_TRANSLATIONS), ["lv"]).gettext(message)
    assert translated != message, f"no Latvian translation for {message!r}"
    return translated % params if params else translated


def lv_plural(singular: str, plural: str, n: int, **params) -> str:
    """The Latvian text for `n` of something (ngettext), with `num` filled in."""
    translated = Translations.load(str(_TRANSLATIONS), ["lv"]).ngettext(singular, plural, n)
    assert translated not in (singular, plural), f"no Latvian translation for {plural!r}"
    return translated % {"num": n, **params}


def text_of(response) -> str:
    """The page's text with tags removed and entities decoded, white space collapsed."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def field_errors(response, field_id: str) -> list[str]:
    """The error messages shown beside one form field."""
    body = response.get_data(as_text=True)
    return [
        html.unescape(m)
        for m in re.findall(
            rf'<p class="error" id="{re.escape(field_id)}-error"[^>]*>(.*?)</p>', body
        )
    ]


def pdf_text(data: bytes) -> tuple[str, int, set[str]]:
    """A PDF's text (NFC, white space collapsed), its page count and its fonts' names."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return " ".join(unicodedata.normalize("NFC", text).split()), len(reader.pages), fonts
