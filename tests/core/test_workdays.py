"""Working days in Latvia: weekends and public holidays (with the days off that bridge
them) are not, and planned days move to the next one."""

import datetime as dt

import pytest

from secretariat.core.workdays import holiday_name, is_working_day, next_working_day


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2025, 9, 24), True),  # a Wednesday
        (dt.date(2025, 9, 27), False),  # a Saturday
        (dt.date(2025, 6, 23), False),  # Līgo
        (dt.date(2025, 6, 24), False),  # Jāņi
        (dt.date(2025, 11, 17), False),  # a day off moved to bridge Proclamation Day
        (dt.date(2025, 11, 18), False),
        (dt.date(2025, 12, 24), False),
        (dt.date(2025, 12, 29), True),
    ],
)
def test_working_days(day, working):
    assert is_working_day(day) is working


def test_holidays_have_their_latvian_names():
    assert holiday_name(dt.date(2025, 11, 18)) == "Latvijas Republikas Proklamēšanas diena"
    assert holiday_name(dt.date(2025, 11, 18), "en") == "Republic of Latvia Proclamation Day"
    assert holiday_name(dt.date(2025, 11, 19)) is None


def test_the_next_working_day():
    assert next_working_day(dt.date(2025, 6, 21)) == dt.date(2025, 6, 25)  # the Midsummer weekend
    assert next_working_day(dt.date(2025, 12, 24)) == dt.date(2025, 12, 29)
    assert next_working_day(dt.date(2025, 9, 24)) == dt.date(2025, 9, 24)
    # a reminder never moves onto the day it reminds of: then it stays where it was
    assert next_working_day(dt.date(2025, 6, 21), before=dt.date(2025, 6, 25)) == dt.date(
        2025, 6, 21
    )
