"""The query parameters the API accepts: each one read, checked and documented in one place.

A view names its parameters; `read_args` refuses anything else (an unknown or repeated
parameter, a value out of range) with a 400 naming the parameter, and the OpenAPI
description is built from the same declarations, so the two cannot drift apart: every
bound a reader enforces is in its schema (minimum and maximum, maxLength, a pattern), and
a client generated from the description never sends a value that earns a 400.
"""

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from ..core.args import MAX_ID, MAX_PAGE
from ..core.labels import REGIONS
from ..meetings.models import MEETING_KINDS, MEETING_STATUSES
from ..organisations.models import ORGANISATION_STATUSES
from ..programmes.models import MEASURE_STATUSES
from .errors import bad_parameter

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
_WHOLE_NUMBER = re.compile(r"^[0-9]{1,12}$")
#: a day from EARLIEST to LATEST as the schema states it (with format: date for the rest)
DATE_PATTERN = r"^(19[0-9]{2}|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
#: text without control characters (Unicode's Cc: U+0000–U+001F, U+007F–U+009F), written
#: alike for Python and ECMA-262, which JSON Schema patterns follow
NO_CONTROL_CHARACTERS = r"^[^\u0000-\u001f\u007f-\u009f]*$"
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NO_CONTROL = re.compile(NO_CONTROL_CHARACTERS)


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict
    read: Callable[[str, str], object] = field(compare=False)
    default: object = None


def _whole_number(low: int, high: int):
    def read(name: str, text: str) -> int:
        if not _WHOLE_NUMBER.match(text) or not low <= int(text) <= high:
            raise bad_parameter(
                name,
                gettext(
                    "“%(name)s” must be a whole number from %(min)s to %(max)s.",
                    name=name,
                    min=low,
                    max=high,
                ),
            )
        return int(text)

    return read


def _read_date(name: str, text: str) -> dt.date:
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise bad_parameter(
            name,
            gettext("“%(name)s” must be a date written YYYY-MM-DD, e.g. 2025-09-24.", name=name),
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise bad_parameter(
            name,
            gettext(
                "“%(name)s” must be a date from %(min)s to %(max)s.",
                name=name,
                min=EARLIEST.isoformat(),
                max=LATEST.isoformat(),
            ),
        )
    return day


def _one_of(values: Sequence[str]):
    def read(name: str, text: str) -> str:
        if text not in values:
            raise bad_parameter(
                name,
                gettext(
                    "“%(name)s” must be one of: %(values)s.", name=name, values=", ".join(values)
                ),
            )
        return text

    return read


def _text(max_length: int):
    def read(name: str, text: str) -> str:
        if not _NO_CONTROL.fullmatch(text):
            raise bad_parameter(
                name, gettext("“%(name)s” may not contain control characters.", name=name)
            )
        if len(text) > max_length:
            raise bad_parameter(
                name,
                gettext(
                    "“%(name)s” may be at most %(max)s characters long.",
                    name=name,
                    max=max_length,
                ),
            )
        return text.strip()

    return read


def _id(name: str, description: str) -> Param:
    return Param(
        name,
        description,
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        _whole_number(1, MAX_ID),
    )


def _choice(name: str, description: str, values: Sequence[str]) -> Param:
    return Param(name, description, {"type": "string", "enum": list(values)}, _one_of(values))


def _date(name: str, description: str) -> Param:
    schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    return Param(name, description, schema, _read_date)


PAGE = Param(
    "page",
    "Page number, from 1.",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    _whole_number(1, MAX_PAGE),
    default=1,
)
PER_PAGE = Param(
    "per_page",
    f"Items per page, 1 to {MAX_PER_PAGE}.",
    {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
    _whole_number(1, MAX_PER_PAGE),
    default=DEFAULT_PER_PAGE,
)
PAGING = (PAGE, PER_PAGE)

DATE_FROM = _date(
    "from",
    "From this day on: the meeting's date in Riga, YYYY-MM-DD, 1900-01-01 to 2999-12-31.",
)
DATE_TO = _date(
    "to",
    "Up to and including this day, YYYY-MM-DD, 1900-01-01 to 2999-12-31; not before `from` "
    "(a `to` before `from` is a 400).",
)
BODY = _id("body", "Only those of this body (its id).")
MEETING = _id("meeting", "Only decisions of this meeting (its id).")
MEETING_KIND = _choice("kind", "Only meetings of this kind.", MEETING_KINDS)
MEETING_STATUS = _choice("status", "Only meetings in this status.", MEETING_STATUSES)
SEARCH = Param(
    "q",
    "Words of the name, in any case and with or without diacritics (Jēkabpils = jekabpils), "
    "or the start of the registration number: at most 200 characters, no control characters.",
    {"type": "string", "maxLength": 200, "pattern": NO_CONTROL_CHARACTERS},
    _text(200),
)
ORGANISATION_STATUS = _choice("status", "Only organisations in this status.", ORGANISATION_STATUSES)
REGION = _choice("region", "Only organisations of this planning region.", REGIONS)
PLAN = _id("plan", "Only measures of this plan (its id).")
MEASURE_STATUS = _choice("status", "Only measures in this status.", MEASURE_STATUSES)


#: the path's numbers, as the routes take them (an id beyond MAX_ID, or a month no update
#: has, is simply not found)
PATH_SCHEMAS = {
    "year": {"type": "integer", "minimum": EARLIEST.year, "maximum": LATEST.year},
    "month": {"type": "integer", "minimum": 1, "maximum": 12},
}
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def read_args(args: MultiDict, params: Sequence[Param]) -> dict:
    """The request's query parameters, read and checked; 400 for anything else."""
    known = {p.name: p for p in params}
    for name in args:
        if name not in known:
            raise bad_parameter(
                name,
                gettext(
                    "Unknown parameter “%(name)s”. This address accepts: %(names)s.",
                    name=name,
                    names=", ".join(known) or "—",
                ),
            )
        if len(args.getlist(name)) > 1:
            raise bad_parameter(name, gettext("“%(name)s” may be given only once.", name=name))
    values = {p.name: p.read(p.name, args[p.name]) if p.name in args else p.default for p in params}
    if values.get("from") and values.get("to") and values["from"] > values["to"]:
        raise bad_parameter(
            "from",
            gettext(
                "“from” (%(start)s) is after “to” (%(end)s).",
                start=values["from"].isoformat(),
                end=values["to"].isoformat(),
            ),
        )
    return values
