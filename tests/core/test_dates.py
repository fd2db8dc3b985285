import datetime as dt

import pytest

from secretariat.core import dates


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("03.09.2025.", dt.date(2025, 9, 3)),
        ("3.9.2025", dt.date(2025, 9, 3)),
        (" 24.09.2025 ", dt.date(2025, 9, 24)),
        ("2025-09-03", dt.date(2025, 9, 3)),
    ],
)
def test_reads_latvian_and_iso_dates(typed, expected):
    assert dates.parse_date(typed) == expected


@pytest.mark.parametrize("typed", ["31.02.2025.", "2025-13-01", "03/09/2025", "vakar", ""])
def test_refuses_impossible_or_foreign_dates(typed):
    with pytest.raises(ValueError):
        dates.parse_date(typed)


def test_latvian_forms():
    day = dt.date(2025, 9, 3)
    assert dates.short_date(day) == "03.09.2025."
    assert dates.long_date(day) == "2025. gada 3. septembris"
    assert dates.long_date(day, "en") == "3 September 2025"


def test_riga_time_is_stored_as_utc_across_daylight_saving():
    summer = dates.riga_to_utc(dt.date(2025, 9, 24), dt.time(10, 0))
    winter = dates.riga_to_utc(dt.date(2025, 11, 26), dt.time(10, 0))
    assert (summer.hour, winter.hour) == (7, 8)
    assert dates.short_time(summer) == dates.short_time(winter) == "10:00"
    assert dates.short_date(dates.riga_to_utc(dt.date(2025, 9, 3), dt.time(0, 30))) == "03.09.2025."


def test_parse_time():
    assert dates.parse_time("9.30") == dt.time(9, 30)
    with pytest.raises(ValueError):
        dates.parse_time("25:00")
