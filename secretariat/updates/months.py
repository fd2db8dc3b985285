"""Months as updates name them: 2025-09 in addresses and commands, "2025. gada septembris"
to readers. An update covers a month that has begun; a later one is refused."""

import datetime as dt
import re

from babel.dates import format_date
from flask_babel import lazy_gettext as _l

from ..core.dates import riga_to_utc, today_in_riga

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class BadMonth(ValueError):
    """A month that cannot be read, or has not begun; `message` says which, for the reader."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def parse_month(text: str | None, today: dt.date | None = None) -> dt.date:
    """The first day of the month written as 2025-09; BadMonth when malformed or to come."""
    match = _MONTH.match((text or "").strip())
    month = int(match.group(2)) if match else 0
    if not match or not 1 <= month <= 12 or int(match.group(1)) < 1900:
        raise BadMonth(_l("Write the month as year-month, e.g. 2025-09."))
    first = dt.date(int(match.group(1)), month, 1)
    if first > (today or today_in_riga()).replace(day=1):
        raise BadMonth(
            _l("%(month)s has not begun yet: there is nothing to report.", month=slug(first))
        )
    return first


def slug(first: dt.date) -> str:
    return first.strftime("%Y-%m")


def next_month(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def bounds(first: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month's start and the next month's start, as UTC moments (Riga midnights)."""
    return riga_to_utc(first, dt.time(0)), riga_to_utc(next_month(first), dt.time(0))


def month_name(first: dt.date, locale: str = "lv") -> str:
    """2025. gada septembris in Latvian; September 2025 in English."""
    if locale == "lv":
        return format_date(first, "y. 'gada' LLLL", locale="lv")
    return format_date(first, "LLLL y", locale="en")
