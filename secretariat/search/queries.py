"""Searching the index: the database's own full-text search, the reader's visibility and the
filters, all in SQL, so what a reader may not see is never read, let alone counted."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from ..auth.permissions import visibility_levels
from ..extensions import db
from .models import FTS_TABLE, VECTOR_COLUMN, SearchEntry
from .sources import KINDS
from .words import query_words

#: results of each kind shown when no kind is chosen
PER_KIND = 5


@dataclass(frozen=True)
class Filters:
    words: tuple[str, ...]
    kind: str | None = None
    body_id: int | None = None
    year: int | None = None


def matching(words) -> sa.ColumnElement:
    """Entries holding every word as a word's beginning, by the database's full-text index."""
    if db.session.get_bind().dialect.name == "postgresql":
        query = " & ".join(f"{word}:*" for word in words)  # words are letters and digits only
        return sa.literal_column(f"search_entries.{VECTOR_COLUMN}").op("@@")(
            sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), query)
        )
    query = " ".join(f'"{word}"*' for word in words)
    return SearchEntry.id.in_(
        sa.select(sa.literal_column("rowid"))
        .select_from(sa.table(FTS_TABLE))
        .where(sa.literal_column(FTS_TABLE).op("MATCH")(query))
    )


def _found(user, filters: Filters, with_kind: bool = True) -> list:
    clauses = [matching(filters.words), SearchEntry.visibility.in_(visibility_levels(user))]
    if filters.body_id is not None:
        clauses.append(SearchEntry.body_id == filters.body_id)
    if with_kind and filters.kind is not None:
        clauses.append(SearchEntry.kind == filters.kind)
    return clauses


@dataclass
class Counts:
    """How many results of each kind, and in which years, for one query (year aside)."""

    by_kind: dict[str, int] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def counts(user, filters: Filters) -> Counts:
    """Counts by kind in the chosen year (every year when none is), and the years that have
    results: one statement grouped by kind and year, read only within what the user sees."""
    rows = db.session.execute(
        sa.select(SearchEntry.kind, SearchEntry.year, sa.func.count())
        .where(*_found(user, filters, with_kind=False))
        .group_by(SearchEntry.kind, SearchEntry.year)
    ).all()
    found = Counts()
    years = set()
    for kind, year, n in rows:
        if year is not None:
            years.add(year)
        if filters.year is None or year == filters.year:
            found.by_kind[kind] = found.by_kind.get(kind, 0) + n
    found.by_kind = {kind: found.by_kind[kind] for kind in KINDS if found.by_kind.get(kind)}
    found.years = sorted(years, reverse=True)
    return found


def _order():
    return (SearchEntry.day.desc().nulls_last(), SearchEntry.title, SearchEntry.id)


def _in_year(query, filters: Filters):
    return query if filters.year is None else query.where(SearchEntry.year == filters.year)


def first_of_each_kind(user, filters: Filters, per_kind: int = PER_KIND) -> list[SearchEntry]:
    """The newest `per_kind` results of every kind, in one statement."""
    ranked = _in_year(
        sa.select(
            SearchEntry.id,
            sa.func.row_number().over(partition_by=SearchEntry.kind, order_by=_order()).label("n"),
        ).where(*_found(user, filters)),
        filters,
    ).subquery()
    return list(
        db.session.scalars(
            sa.select(SearchEntry)
            .join(ranked, ranked.c.id == SearchEntry.id)
            .where(ranked.c.n <= per_kind)
            .order_by(*_order())
        )
    )


def of_one_kind(user, filters: Filters, page: int, per_page: int) -> list[SearchEntry]:
    """A page of the results of the chosen kind, newest first."""
    query = _in_year(sa.select(SearchEntry).where(*_found(user, filters)), filters)
    return list(
        db.session.scalars(query.order_by(*_order()).limit(per_page).offset((page - 1) * per_page))
    )


def parse(q: str | None, kind=None, body_id=None, year=None) -> Filters:
    return Filters(
        words=tuple(query_words(q)),
        kind=kind if kind in KINDS else None,
        body_id=body_id,
        year=year,
    )
