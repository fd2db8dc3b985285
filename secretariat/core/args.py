"""Numbers read from addresses — ids in paths, filters and page numbers in query strings —
bounded, so that nothing a client types reaches the database as a number it cannot hold.

Ids are INTEGER columns on both databases: a path id past MAX_ID matches no route (404),
and a query parameter out of range is dropped like any filter nobody could have chosen.
"""

import re
import unicodedata

from flask import request
from werkzeug.routing import IntegerConverter

#: the largest id either database stores; beyond it nothing can match
MAX_ID = 2**31 - 1
#: past this page every list has ended
MAX_PAGE = 100_000
_WHOLE_NUMBER = re.compile(r"[0-9]{1,10}")


class IdConverter(IntegerConverter):
    """`<int:…>` in every route of the app: a number past MAX_ID is no address of ours."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def int_arg(name: str, default: int | None = None, *, low: int = 1, high: int = MAX_ID):
    """A whole number from the query string, or `default` when it is missing, not written
    with plain digits, or outside low…high."""
    text = request.args.get(name, "")
    if not _WHOLE_NUMBER.fullmatch(text):
        return default
    value = int(text)
    return value if low <= value <= high else default


def text_arg(name: str, limit: int = 200) -> str:
    """Text from the query string (a search, a filter), trimmed and cut at `limit`; text
    holding control characters is dropped, as no one types those into a search."""
    text = request.args.get(name, "")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        return ""
    return text.strip()[:limit]


def page_arg() -> int:
    """`?page=`: the first page unless a sensible page number is asked for."""
    return int_arg("page", 1, high=MAX_PAGE)
