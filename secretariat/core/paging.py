"""Pages of records that sort and cut by id first, then load only what the page shows.

A list ordered by a column and joined to the records it names (an action's owner, its
meeting) makes the database join every matching row before it sorts and keeps fifty.
Sorting and cutting the ids alone, then loading those rows with their joins, keeps the
cost of a page the same with a thousand rows or a hundred thousand.

A list that shows a few columns reads them as rows instead of records (`rows_of`,
`paginate_rows`): fifty tracked records with their joins cost more than the page's queries.
"""

from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app
from flask_sqlalchemy.pagination import SelectPagination

from ..extensions import db
from .args import page_arg


def _load(model, ids: list[int], options) -> list:
    if not ids:
        return []
    rows = {
        row.id: row
        for row in db.session.scalars(sa.select(model).where(model.id.in_(ids)).options(*options))
    }
    return [rows[i] for i in ids if i in rows]


def _load_rows(rows_of: Callable[[list[int]], sa.Select], ids: list[int]) -> list:
    if not ids:
        return []
    found = {row.id: row for row in db.session.execute(rows_of(ids))}
    return [found[i] for i in ids if i in found]


def paginate_by_id(query: sa.Select, options=(), per_page: int | None = None, rows_of=None):
    """`db.paginate` for a query of one model whose page items need joined records; with
    `rows_of` (ids -> a select of columns labelled with `id`), the items are those rows."""
    model = query.column_descriptions[0]["entity"]
    page = db.paginate(
        query.with_only_columns(model.id),
        per_page=per_page or current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    ids = list(page.items)
    page.items = _load_rows(rows_of, ids) if rows_of else _load(model, ids, options)
    return page


def first_by_id(query: sa.Select, limit: int, rows_of: Callable[[list[int]], sa.Select]) -> list:
    """The first `limit` of a query of one model, as the rows `rows_of` selects for them."""
    model = query.column_descriptions[0]["entity"]
    ids = list(db.session.scalars(query.with_only_columns(model.id).limit(limit)))
    return _load_rows(rows_of, ids)


class RowPagination(SelectPagination):
    """A page of a select's rows (named tuples), not records."""

    def _query_items(self) -> list:
        select = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return self._query_args["session"].execute(select).all()


def paginate_rows(query: sa.Select, per_page: int | None = None) -> RowPagination:
    """`db.paginate` for a select of columns: its items are rows, read by column label."""
    return RowPagination(
        select=query,
        session=db.session(),
        page=page_arg(),
        per_page=per_page or current_app.config["PAGE_SIZE"],
        error_out=False,
    )
