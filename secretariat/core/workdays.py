"""Working days in Latvia: dates the app plans by itself (the signatory call, the day a
reminder goes out) move off weekends and public holidays to the next working day.

The holidays come from the `holidays` package (Latvia's public holidays and the days off
the Cabinet moves to bridge them). A day the app moves is shown with its reason, so
people see why the date is not the one the rule would give.
"""

import datetime as dt
from functools import cache

import holidays


@cache
def _latvian_holidays(year: int, language: str) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("LV", years=year, language=language))


def _language(locale: str) -> str:
    return "lv" if locale == "lv" else "en_US"


def holiday_name(day: dt.date, locale: str = "lv") -> str | None:
    """The public holiday on that day, in the reader's language; None on other days."""
    return _latvian_holidays(day.year, _language(locale)).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(day: dt.date, before: dt.date | None = None) -> dt.date:
    """The day itself if it is a working day, else the next working day. With `before`, a
    day that would move onto or past it stays where it was: a reminder never comes later
    than what it reminds of."""
    moved = day
    while not is_working_day(moved):
        moved += dt.timedelta(days=1)
    if before is not None and moved >= before:
        return day
    return moved
