"""The period a dashboard or a report covers: whole days in Riga, from its first to its last,
chosen on the page (`start`, `end`) or a year or the last twelve months by default."""

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from wtforms.validators import Optional

from ..core.dates import riga_to_utc, short_date
from ..core.forms import BaseForm, LvDateField, not_before

#: a dashboard's charts count by month up to this many months, by year beyond
MONTHLY_UP_TO = 24
LONGEST_YEARS = 30
#: the years a period may reach (as the API's dates)
FIRST_YEAR, LAST_YEAR = 1900, 2999


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def starts_at(self) -> dt.datetime:
        """Its first moment, UTC (meetings are stored in UTC)."""
        return riga_to_utc(self.start, dt.time(0))

    @property
    def ends_before(self) -> dt.datetime:
        """The first moment after it, UTC."""
        return riga_to_utc(self.end + dt.timedelta(days=1), dt.time(0))

    @property
    def by_month(self) -> bool:
        return len(self.months()) <= MONTHLY_UP_TO

    def months(self) -> list[dt.date]:
        """The first day of every month it touches."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return months

    def buckets(self) -> list[tuple[dt.date, dt.date]]:
        """(first, last) day of each month in it (of each year, when it is long), cut to it."""
        if self.by_month:
            starts = self.months()
            ends = [(m + dt.timedelta(days=32)).replace(day=1) for m in starts]
        else:
            starts = [dt.date(y, 1, 1) for y in range(self.start.year, self.end.year + 1)]
            ends = [dt.date(d.year + 1, 1, 1) for d in starts]
        return [
            (max(first, self.start), min(following - dt.timedelta(days=1), self.end))
            for first, following in zip(starts, ends, strict=True)
        ]

    def bucket_label(self, first: dt.date) -> str:
        return f"{first:%m.%Y.}" if self.by_month else f"{first.year}."

    def __str__(self) -> str:
        return f"{short_date(self.start)}–{short_date(self.end)}"

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def last_twelve_months(cls, today: dt.date) -> "Period":
        return cls(_year_before(today) + dt.timedelta(days=1), today)


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class PeriodForm(BaseForm):
    """The period chooser of the dashboard and the report (a GET form: nothing changes)."""

    class Meta:
        csrf = False

    start = LvDateField(_l("From"), validators=[Optional()])
    end = LvDateField(
        _l("To"),
        validators=[
            Optional(),
            not_before("start", _l("The end of the period cannot come before its start.")),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        start, end = self.start.data, self.end.data
        for field in (self.start, self.end):
            if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
                field.errors.append(
                    _l(
                        "A date from %(first)s to %(last)s, please.",
                        first=FIRST_YEAR,
                        last=LAST_YEAR,
                    )
                )
                return False
        if start and end and end.year - start.year > LONGEST_YEARS:
            self.end.errors.append(_l("A period of at most %(n)s years, please.", n=LONGEST_YEARS))
            return False
        return True


def chosen_period(form: PeriodForm, default: Period) -> Period:
    """The period the form names; the default where it names none or cannot be read."""
    if not form.validate():
        return default
    start = form.start.data or default.start
    end = form.end.data or (default.end if start <= default.end else start)
    return Period(start, end) if start <= end else default
