"""Column types and choice lists shared by the areas."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """A moment in time, stored as naive UTC, returned as aware UTC.

    SQLite keeps no time zone, so storing naive UTC on both databases keeps
    comparisons and sorting identical.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def choice(name: str, values: tuple[str, ...]) -> sa.Enum:
    """A string column limited to `values`, with a named CHECK constraint on both databases."""
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=max(len(v) for v in values),
    )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
