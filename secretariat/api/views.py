"""The read-only JSON API v1 under /api/v1/.

Each route is declared with `api_get`: its query parameters and the schema of its answer.
The same declarations build /api/v1/openapi.json, so a new endpoint (say /updates) is
one function here and one schema in openapi.py."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import wraps

from flask import Blueprint, abort, request
from flask_babel import gettext
from flask_login import current_user

from ..bodies.queries import member_counts
from ..core.dates import today_in_riga
from ..core.web import make_conditional
from ..extensions import db
from . import openapi, queries, serializers
from .errors import ApiError
from .params import (
    BODY,
    DATE_FROM,
    DATE_TO,
    MAX_ID,
    MEASURE_STATUS,
    MEETING,
    MEETING_KIND,
    MEETING_STATUS,
    ORGANISATION_STATUS,
    PAGING,
    PLAN,
    REGION,
    SEARCH,
    Param,
    read_args,
)
from .responses import allow_cross_origin, error_response, json_response, page_of

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.register_error_handler(ApiError, error_response)


@bp.before_request
def refuse_unknown_credentials():
    """A request that says who it is (`Authorization`) but whose token does not work (wrong,
    expired, revoked, or its owner switched off) is refused, never answered as anonymous."""
    if request.headers.get("Authorization") and not current_user.is_authenticated:
        raise ApiError(
            401,
            gettext("Not signed in"),
            gettext("The API token is not valid: it may have expired or been revoked."),
        )


bp.after_request(make_conditional)
bp.after_request(allow_cross_origin)


@dataclass(frozen=True)
class Operation:
    """What openapi.py needs to describe a route."""

    summary: str
    returns: str
    params: Sequence[Param]


def api_get(rule: str, returns: str, params: Sequence[Param] = ()):
    """A GET route that reads its query parameters (refusing any other) and passes them on
    as `args`; ids in the path beyond what a database stores are simply not found."""

    def decorator(view):
        @wraps(view)
        def wrapped(**path):
            if any(value > MAX_ID for value in path.values()):
                abort(404)
            return view(read_args(request.args, params), **path)

        summary = (view.__doc__ or "").strip().splitlines()[0]
        wrapped.api_operation = Operation(summary, returns, tuple(params))
        return bp.get(rule)(wrapped)

    return decorator


def _one(query, options: Sequence = ()):
    """The one row `query` finds, or 404: what the caller may not read does not exist."""
    found = db.session.scalars(query.options(*options)).unique().first()
    if found is None:
        abort(404)
    return found


@api_get(
    "/meetings", "MeetingPage", (*PAGING, DATE_FROM, DATE_TO, MEETING_KIND, BODY, MEETING_STATUS)
)
def meetings(args):
    """Meetings the caller may see, newest first, with their agendas."""
    signed_in = current_user.is_authenticated

    def serializer_for(page: list):
        agendas = queries.agendas([m.id for m in page])
        return lambda m: serializers.meeting(m, signed_in, agendas.get(m.id, []))

    return page_of(
        queries.meetings(current_user, args),
        args,
        options=queries.meeting_options(current_user, agenda=False),
        serializer_for=serializer_for,
    )


@api_get("/meetings/<int:meeting_id>", "MeetingDetail")
def meeting(args, meeting_id):
    """One meeting, with its agenda, breakout groups and the decisions the caller may see."""
    found = _one(
        queries.meeting(current_user, meeting_id),
        queries.meeting_options(current_user, detail=True),
    )
    return json_response(serializers.meeting_detail(found, current_user.is_authenticated))


@api_get("/decisions", "DecisionPage", (*PAGING, DATE_FROM, DATE_TO, BODY, MEETING))
def decisions(args):
    """Decisions the caller may see, newest meeting first, with vote counts."""
    return page_of(
        queries.decisions(current_user, args),
        args,
        serializers.decision,
        queries.decision_options(),
    )


@api_get("/decisions/<int:decision_id>", "DecisionDetail")
def decision(args, decision_id):
    """One decision, with its vote: counts per option and each named vote."""
    found = _one(
        queries.decision(current_user, decision_id), queries.decision_options(named_votes=True)
    )
    return json_response(serializers.decision(found, named_votes=True))


@api_get("/bodies", "BodyPage", PAGING)
def bodies(args):
    """The council and its working groups, with how many members each has today."""
    counts = member_counts(today_in_riga())
    return page_of(queries.bodies(), args, lambda b: serializers.body(b, counts.get(b.id, 0)))


@api_get("/bodies/<int:body_id>", "BodyDetail")
def body(args, body_id):
    """One body with its memberships, past and present."""
    found = _one(queries.body(body_id), queries.body_options())
    today = today_in_riga()
    current = sum(1 for ms in found.memberships if ms.active_on(today))
    return json_response(serializers.body_detail(found, current))


@api_get("/organisations", "OrganisationPage", (*PAGING, SEARCH, ORGANISATION_STATUS, REGION))
def organisations(args):
    """The public register of signatory organisations, by name."""
    return page_of(queries.organisations(args), args, serializers.organisation)


@api_get("/organisations/<int:organisation_id>", "Organisation")
def organisation(args, organisation_id):
    """One signatory organisation's public record."""
    return json_response(serializers.organisation(_one(queries.organisation(organisation_id))))


@api_get("/updates", "UpdatePage", (*PAGING, DATE_FROM, DATE_TO))
def updates(args):
    """Published monthly updates the caller may read, newest month first."""
    return page_of(queries.updates(current_user, args), args, serializers.update)


@api_get("/updates/<int:year>-<int:month>", "UpdateDetail")
def update(args, year, month):
    """One month's published update, its Markdown text and the same as sanitised HTML."""
    try:
        first_day = dt.date(year, month, 1)
    except ValueError:
        abort(404)
    found = _one(queries.update(current_user, first_day))
    return json_response(serializers.update(found, with_text=True))


@api_get("/plans", "PlanPage", PAGING)
def plans(args):
    """Policy plans the caller may read, latest first."""
    return page_of(queries.plans(current_user), args, serializers.plan, queries.plan_options())


@api_get("/plans/<int:plan_id>", "PlanDetail")
def plan(args, plan_id):
    """One plan with its action directions and goals, and its measures counted by status."""
    found = _one(queries.plan(current_user, plan_id), queries.plan_options(detail=True))
    return json_response(serializers.plan(found, queries.plan_counts(found.id)))


@api_get("/measures", "MeasurePage", (*PAGING, PLAN, MEASURE_STATUS))
def measures(args):
    """Measures of the plans the caller may read, in each plan's order, with their
    funding by year."""
    return page_of(
        queries.measures(current_user, args), args, serializers.measure, queries.measure_options()
    )


@api_get("/tasks", "TaskPage", PAGING)
def tasks(args):
    """Delegated state administration tasks the caller may read, latest first."""
    return page_of(
        queries.tasks(current_user), args, serializers.task, queries.task_options(current_user)
    )


@api_get("/tasks/<int:task_id>", "TaskDetail")
def task(args, task_id):
    """One delegated task with its result indicators, beneficiaries and budget by year."""
    found = _one(queries.task(current_user, task_id), queries.task_options(current_user, True))
    return json_response(serializers.task(found, detail=True))


@api_get("/openapi.json", "OpenAPI")
def openapi_document(args):
    """This description of the API (OpenAPI 3.1)."""
    return json_response(openapi.document())
