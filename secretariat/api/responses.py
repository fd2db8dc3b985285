"""How the API answers: compact UTF-8 JSON, pages in an envelope with links (ETags: core/web.py)."""

import json
import math
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from flask import Response, request

from ..core.links import public_url
from ..extensions import db
from .errors import ApiError


def json_response(payload, status: int = 200) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, mimetype="application/json")


def error_response(error: ApiError) -> Response:
    response = json_response(error.payload(), error.status)
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


def page_of(
    query: sa.Select,
    args: dict,
    serialize: Callable | None = None,
    options: Sequence = (),
    serializer_for: Callable[[list], Callable] | None = None,
) -> Response:
    """One page of `query` in the envelope {items, page, per_page, total, links}.

    Two statements for the rows (the count and the page) plus one per collection the
    `options` load: the same number with ten rows or ten thousand. Instead of `serialize`,
    `serializer_for` is given the page's records, may read what they show in one more
    statement, and returns the serializer that uses it."""
    page, per_page = args["page"], args["per_page"]
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )
    rows = db.session.scalars(
        query.options(*options).limit(per_page).offset((page - 1) * per_page)
    ).unique()
    if serializer_for is not None:
        rows = rows.all()
        serialize = serializer_for(rows)
    last = max(1, math.ceil(total / per_page))
    return json_response(
        {
            "items": [serialize(row) for row in rows],
            "page": page,
            "per_page": per_page,
            "total": total,
            "links": {
                "self": _page_url(page),
                "next": _page_url(page + 1) if page < last else None,
                "prev": _page_url(min(page - 1, last)) if page > 1 else None,
            },
        }
    )


def _page_url(page: int) -> str:
    args = {**request.args.to_dict(), "page": page}
    return public_url(request.endpoint, **(request.view_args or {}), **args)


def allow_cross_origin(response: Response) -> Response:
    """Any web page may read public data. `*` makes browsers send no cookies along, so a
    page elsewhere never reads what a signed-in visitor may see."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match, Authorization"
    response.headers["Access-Control-Expose-Headers"] = "ETag"
    return response
