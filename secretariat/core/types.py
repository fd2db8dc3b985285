"""Column types and choice lists shared by the areas, and column values as plain JSON."""

import base64
import datetime as dt
import decimal
import enum

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


def plain(value):
    """A column's value as JSON can hold it: dates and times in ISO 8601, decimals as exact
    strings, enums by value, bytes as {"$base64": …}; anything else unchanged."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes | memoryview):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    return value
