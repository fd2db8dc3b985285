"""Small helpers for assertions on what a person sees."""

import html
import io
import re
import unicodedata
from dataclasses import dataclass
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
            rf'<p class="error" id="{re.escape(field_id)}-error(?:-\d+)?"[^>]*>(.*?)</p>', body
        )
    ]


@dataclass
class PdfStructure:
    """What assistive technology reads in a PDF: its tags, language and title, and what
    an archive checks: its PDF/A identification."""

    lang: str | None
    marked: bool
    display_title: bool
    pdfa: tuple[str, str] | None
    #: the structure tree's element types, depth first from the root
    tags: list[str]
    pages: int
    #: pages whose marked content the tree maps back to its elements
    pages_in_parent_tree: int


def pdf_structure(data: bytes) -> PdfStructure:
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    tags: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if not isinstance(node, dict) or "/S" not in node:
            return
        tags.append(str(node["/S"]).lstrip("/"))
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    tree = root.get("/StructTreeRoot")
    parent_tree_pages = 0
    if tree is not None:
        tree = tree.get_object()
        kids = tree["/K"].get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)
        numbers = tree["/ParentTree"].get_object()["/Nums"]
        for key, value in zip(numbers[::2], numbers[1::2], strict=True):
            value = value.get_object()
            if int(key) < len(reader.pages) and isinstance(value, list) and value:
                parent_tree_pages += 1
    xmp = reader.xmp_metadata
    part = xmp.pdfaid_part if xmp is not None else None
    conformance = xmp.pdfaid_conformance if xmp is not None else None
    return PdfStructure(
        lang=str(root["/Lang"]) if "/Lang" in root else None,
        marked=bool(root.get("/MarkInfo", {}).get("/Marked")),
        display_title=bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")),
        pdfa=(str(part), str(conformance)) if part else None,
        tags=tags,
        pages=len(reader.pages),
        pages_in_parent_tree=parent_tree_pages,
    )


def pdf_text(data: bytes) -> tuple[str, int, set[str]]:
    """A PDF's text (NFC, white space collapsed), its page count and its fonts' names."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return " ".join(unicodedata.normalize("NFC", text).split()), len(reader.pages), fonts
