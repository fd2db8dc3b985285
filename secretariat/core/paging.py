"""Pages of records that sort and cut by id first, then load only what the page shows.

A list ordered by a column and joined to the records it names (an action's owner, its
meeting) makes the database join every matching row before it sorts and keeps fifty.
Sorting and cutting the ids alone, then loading those rows with their joins, keeps the
cost of a page the same with a thousand rows or a hundred thousand.
"""

import sqlalchemy as sa
from flask import current_app

from ..extensions import db


def _load(model, ids: list[int], options) -> list:
    if not ids:
        return []
    rows = {
        row.id: row
        for row in db.session.scalars(sa.select(model).where(model.id.in_(ids)).options(*options))
    }
    return [rows[i] for i in ids if i in rows]


def paginate_by_id(query: sa.Select, options=(), per_page: int | None = None):
    """`db.paginate` for a query of one model whose page items need joined records."""
    model = query.column_descriptions[0]["entity"]
    page = db.paginate(
        query.with_only_columns(model.id),
        per_page=per_page or current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    page.items = _load(model, list(page.items), options)
    return page


def first_by_id(query: sa.Select, limit: int, options=()) -> list:
    """The first `limit` records of a query of one model, loaded with `options`."""
    model = query.column_descriptions[0]["entity"]
    ids = list(db.session.scalars(query.with_only_columns(model.id).limit(limit)))
    return _load(model, ids, options)
