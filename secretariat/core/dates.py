"""Dates the Latvian way: 03.09.2025. and "2025. gada 3. septembris".

Moments are stored in UTC and shown in Europe/Riga; calendar dates are plain dates.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date

RIGA = ZoneInfo("Europe/Riga")

_DOTTED = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\.?\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_date(text: str) -> dt.date:
    """Read 03.09.2025., 3.9.2025 or 2025-09-03; raise ValueError otherwise."""
    if m := _DOTTED.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError(text)
    return dt.date(year, month, day)


def parse_time(text: str) -> dt.time:
    """Read 10:00 or 10.00; raise ValueError otherwise."""
    m = _TIME.match(text)
    if not m:
        raise ValueError(text)
    return dt.time(int(m.group(1)), int(m.group(2)))


def riga_to_utc(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=RIGA).astimezone(dt.UTC)


def to_riga(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(RIGA)


def short_date(value: dt.date | dt.datetime | None, locale: str = "lv") -> str:
    """03.09.2025. in Latvian; 03/09/2025 in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = to_riga(value).date()
    if locale == "lv":
        return value.strftime("%d.%m.%Y.")
    return value.strftime("%d/%m/%Y")


def long_date(value: dt.date | dt.datetime | None, locale: str = "lv") -> str:
    """2025. gada 3. septembris in Latvian; 3 September 2025 in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = to_riga(value).date()
    if locale == "lv":
        return babel_format_date(value, "long", locale="lv")
    return babel_format_date(value, "d MMMM y", locale="en")


def short_time(value: dt.datetime | None) -> str:
    return to_riga(value).strftime("%H:%M") if value else ""


def form_date(value: dt.date | None) -> str:
    """How a date is written back into a form field (always the Latvian way)."""
    return value.strftime("%d.%m.%Y.") if value else ""


def today_in_riga() -> dt.date:
    """Today's date in Riga: what "overdue" and "current member" are measured against."""
    return dt.datetime.now(RIGA).date()
