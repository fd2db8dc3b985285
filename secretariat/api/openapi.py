"""The OpenAPI 3.1 description of the API, built from the routes' own declarations
(`api_get` in views.py) and the response schemas below.

Every object schema lists all its properties as required and allows no others, so the
tests that check real answers against it notice a field added or dropped on one side."""

import re

from flask import current_app

from ..auth.permissions import VISIBILITIES
from ..bodies.models import BODY_KINDS, POSITIONS
from ..decisions.models import VOTE_MODES
from ..meetings.models import MEETING_KINDS, MEETING_STATUSES
from ..organisations.models import ORGANISATION_STATUSES
from ..programmes.models import MEASURE_STATUSES, TASK_REPORT_STATUSES
from .params import ID_SCHEMA, PATH_SCHEMAS
from .serializers import ORGANISATION_DAYS, ORGANISATION_FIELDS, POPOLO_OPTIONS, POPOLO_RESULTS

PREFIX = "/api/v1"

DESCRIPTION = """\
Read-only data of the NGO and Cabinet of Ministers Cooperation Memorandum Council:
meetings with their agendas, decisions with their votes, the council and its working
groups with their memberships, the public register of signatory organisations, and what
the council oversees: policy plans with their measures, and delegated state
administration tasks with their results and budgets.

**Who sees what.** Without signing in you get public data only. A script sends a personal
API token (each user makes their own under Account → API tokens) as
`Authorization: Bearer msk_…`, and a signed-in browser sends its session cookie; either
gets what that person's role may read: council members also members-only meetings,
signatory organisations also signatories-only ones, secretariat staff everything. A token
that is wrong, expired or revoked, or whose owner was switched off, is refused with 401.

**Pages.** Lists answer `{items, page, per_page, total, links}`; `links.next` and
`links.prev` are absolute URLs, or null at either end. `per_page` is 1 to 200 (50 by
default). A page past the last one is empty.

**Caching.** Every answer carries an `ETag`; send it back in `If-None-Match` and an
unchanged answer is `304 Not Modified` with no body.

**Errors.** Anything the API cannot answer is a 4xx with
`{"error": …, "message": …}` (and `parameter` when one query parameter is to blame),
in Latvian, or in English for a session that chose English. Unknown or repeated query
parameters are refused, not ignored. Each parameter's schema states every bound the API
enforces (ranges, lengths, the characters text may hold), so a value the schema allows is
never refused; the one rule across parameters is that `to` may not be before `from`.
A request line longer than 4,094 bytes is refused by the web server with
`414 URI Too Long` (not JSON) before it reaches the API; the longest request the schemas
allow is well under that.

**Formats.** Moments are ISO 8601 in Riga time with their UTC offset; days are
`YYYY-MM-DD`. Votes follow Popolo: our *for*, *against* and *abstain* are the options
`yes`, `no` and `abstain`; a decision adopted is the result `pass`, rejected `fail`.
The register shows no e-mail addresses or phone numbers: those are for the secretariat.
Amounts of money are strings holding exact decimals with two places (`"16000.00"`), so
budgets add up to the cent.
"""

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
BOOLEAN = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}
DAY = {"type": "string", "format": "date"}
MOMENT = {"type": "string", "format": "date-time"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _or_null(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


def _list(schema: dict) -> dict:
    return {"type": "array", "items": schema}


def _object(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


def _page(item: str) -> dict:
    return _object(
        {
            "items": _list(_ref(item)),
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 200},
            "total": COUNT,
            "links": _object({"self": URL, "next": _or_null(URL), "prev": _or_null(URL)}),
        }
    )


_MEETING = {
    "id": INTEGER,
    "kind": _enum(MEETING_KINDS),
    "number": STRING,
    "title": STRING,
    "status": _enum(MEETING_STATUSES),
    "visibility": _enum(VISIBILITIES),
    "body": _ref("Ref"),
    "starts_at": MOMENT,
    "ends_at": _or_null(MOMENT),
    "place": STRING,
    "region": STRING,
    "online_url": {
        **_or_null(STRING),
        "description": "The link to join online; null for callers who are not signed in.",
    },
    "host_organisation": _or_null(_ref("Ref")),
    "participants_count": _or_null(COUNT),
    "agenda": _list(_ref("AgendaItem")),
    "links": _object({"self": URL, "html": URL, "decisions": URL}),
}

_VOTE_COUNTS = {
    "result": {
        **_or_null(_enum(POPOLO_RESULTS.values())),
        "description": "pass: adopted; fail: not adopted; null: not recorded.",
    },
    "mode": {
        **_enum(VOTE_MODES),
        "description": "named: each vote is recorded; totals: only the counts are.",
    },
    "counts": _list(_ref("Count")),
}

_DECISION = {
    "id": INTEGER,
    "number": STRING,
    "title": STRING,
    "text": STRING,
    "adopted": _or_null(BOOLEAN),
    "visibility": _enum(VISIBILITIES),
    "date": DAY,
    "meeting": _object(
        {"id": INTEGER, "title": STRING, "kind": _enum(MEETING_KINDS), "number": STRING}
    ),
    "body": _ref("Ref"),
    "agenda_item": _or_null(_object({"position": INTEGER, "title": STRING})),
    "vote_event": _ref("VoteCounts"),
    "links": _object({"self": URL, "html": URL, "meeting": URL}),
}

_BODY = {
    "id": INTEGER,
    "kind": _enum(BODY_KINDS),
    "name": STRING,
    "short_name": STRING,
    "mandate": STRING,
    "member_count": {**COUNT, "description": "Members whose term includes today."},
    "links": _object({"self": URL, "meetings": URL}),
}

_UPDATE = {
    "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
    "title": STRING,
    "visibility": _enum(VISIBILITIES),
    "published_at": _or_null({**STRING, "format": "date-time"}),
    "links": _object({"self": URL, "html": URL, "pdf": URL}),
}

AMOUNT = {
    "type": "string",
    "pattern": "^[0-9]{1,10}\\.[0-9]{2}$",
    "description": "Euro, an exact decimal with two places (16000.00), never a float.",
}
QUANTITY = {
    "type": "string",
    "pattern": "^[0-9]{1,10}(\\.[0-9]{1,2})?$",
    "description": "An exact decimal number (50, 1.5).",
}
YEAR = {"type": "integer", "minimum": 1990, "maximum": 2100}
_NUMBERED = {"number": STRING, "title": STRING}

_PLAN = {
    "id": INTEGER,
    "title": STRING,
    "first_year": YEAR,
    "last_year": YEAR,
    "responsible": {**_or_null(_ref("Ref")), "description": "The responsible ministry."},
    "description": STRING,
    "documents": {**_list(URL), "description": "Web addresses of the plan's documents."},
    "visibility": _enum(VISIBILITIES),
    "links": _object({"self": URL, "html": URL, "pdf": URL, "measures": URL}),
}

_TASK = {
    "id": INTEGER,
    "title": STRING,
    "delegating": {**_or_null(_ref("Ref")), "description": "The delegating institution."},
    "performer": {**_or_null(_ref("Ref")), "description": "The organisation performing it."},
    "contract_number": STRING,
    "starts_on": DAY,
    "ends_on": DAY,
    "objectives": {**_list(STRING), "description": "The tasks the contract sets, in order."},
    "visibility": _enum(VISIBILITIES),
    "report": _object(
        {
            "status": {
                **_enum(TASK_REPORT_STATUSES),
                "description": "due, received, or reviewed at a council meeting.",
            },
            "due_on": _or_null(DAY),
            "received_on": _or_null(DAY),
            "meeting": {
                **_or_null(_object({"id": INTEGER, "title": STRING})),
                "description": "Where the council reviewed it; null when the caller may not "
                "read that meeting.",
            },
        }
    ),
    "links": _object({"self": URL, "html": URL, "pdf": URL}),
}

SCHEMAS = {
    "Error": _object(
        {
            "error": {**STRING, "description": "What went wrong, in a few words."},
            "message": {**STRING, "description": "What to do about it."},
            "parameter": {**STRING, "description": "The query parameter to blame."},
        },
        optional=("parameter",),
    ),
    "Ref": _object({"id": INTEGER, "name": STRING}),
    "AgendaItem": _object(
        {
            "position": INTEGER,
            "title": STRING,
            "presenter": STRING,
            "duration_minutes": _or_null(COUNT),
        }
    ),
    "Meeting": _object(_MEETING),
    "MeetingDetail": _object(
        {
            **_MEETING,
            "description": STRING,
            "breakouts": _list(
                _object(
                    {
                        "position": INTEGER,
                        "topic": STRING,
                        "facilitator": STRING,
                        "summary": STRING,
                        "participants_count": _or_null(COUNT),
                    }
                )
            ),
            "decisions": _list(
                _object(
                    {
                        "id": INTEGER,
                        "number": STRING,
                        "title": STRING,
                        "adopted": _or_null(BOOLEAN),
                        "agenda_position": _or_null(INTEGER),
                        "links": _object({"self": URL}),
                    }
                )
            ),
        }
    ),
    "MeetingPage": _page("Meeting"),
    "Count": _object({"option": _enum(POPOLO_OPTIONS.values()), "value": COUNT}),
    "Vote": _object({"voter": _ref("Ref"), "option": _enum(POPOLO_OPTIONS.values())}),
    "VoteCounts": _object(_VOTE_COUNTS),
    "VoteEvent": _object(
        {
            **_VOTE_COUNTS,
            "votes": {
                **_list(_ref("Vote")),
                "description": "Each named vote, by the voter's name; empty for totals.",
            },
        }
    ),
    "Decision": _object(_DECISION),
    "DecisionDetail": _object({**_DECISION, "vote_event": _ref("VoteEvent")}),
    "DecisionPage": _page("Decision"),
    "Membership": _object(
        {
            "id": INTEGER,
            "person": _ref("Ref"),
            "role": _enum(POSITIONS),
            "on_behalf_of": _or_null(_ref("Ref")),
            "voting_right": BOOLEAN,
            "start_date": DAY,
            "end_date": _or_null(DAY),
        }
    ),
    "Body": _object(_BODY),
    "BodyDetail": _object({**_BODY, "memberships": _list(_ref("Membership"))}),
    "BodyPage": _page("Body"),
    "Organisation": _object(
        {
            "id": INTEGER,
            **{name: STRING for name in ORGANISATION_FIELDS},
            "registration_number": _or_null(STRING),
            "status": _enum(ORGANISATION_STATUSES),
            **{name: _or_null(DAY) for name in ORGANISATION_DAYS},
            "links": _object({"self": URL}),
        }
    ),
    "OrganisationPage": _page("Organisation"),
    "Update": _object(_UPDATE),
    "UpdateDetail": _object(
        {
            **_UPDATE,
            "text": {**STRING, "description": "The update as the secretariat wrote it (Markdown)."},
            "html": {**STRING, "description": "The same text rendered, sanitised HTML."},
        }
    ),
    "UpdatePage": _page("Update"),
    "Plan": _object(_PLAN),
    "PlanDetail": _object(
        {
            **_PLAN,
            "status_counts": _object({status: COUNT for status in MEASURE_STATUSES}),
            "directions": _list(_object({**_NUMBERED, "goals": _list(_object(_NUMBERED))})),
        }
    ),
    "PlanPage": _page("Plan"),
    "Measure": _object(
        {
            "id": INTEGER,
            "plan": _object({"id": INTEGER, "title": STRING}),
            "direction": _object(_NUMBERED),
            "goal": _object(_NUMBERED),
            "number": STRING,
            "title": STRING,
            "responsible": _or_null(_ref("Ref")),
            "implementers": _list(_ref("Ref")),
            "status": _enum(MEASURE_STATUSES),
            "status_reason": {**STRING, "description": "Why not funded or cancelled."},
            "result": STRING,
            "indicators": STRING,
            "funding": _list(_object({"year": YEAR, "amount": AMOUNT})),
        }
    ),
    "MeasurePage": _page("Measure"),
    "Task": _object(_TASK),
    "TaskDetail": _object(
        {
            **_TASK,
            "evaluation": STRING,
            "indicators": _list(
                _object(
                    {
                        "name": STRING,
                        "unit": STRING,
                        "target": _or_null(QUANTITY),
                        "achieved": _or_null(QUANTITY),
                        "note": STRING,
                    }
                )
            ),
            "beneficiaries": _list(
                _object({"name": STRING, "organisation": _or_null(_ref("Ref")), "received": STRING})
            ),
            "budget": _list(
                _object({"year": YEAR, "planned": _or_null(AMOUNT), "spent": _or_null(AMOUNT)})
            ),
            "budget_total": _object({"planned": AMOUNT, "spent": AMOUNT}),
        }
    ),
    "TaskPage": _page("Task"),
    "OpenAPI": {
        "type": "object",
        "required": ["openapi", "info", "paths"],
        "description": "This document.",
    },
}

_ERROR_BODY = {"application/json": {"schema": _ref("Error")}}
_ETAG = {"$ref": "#/components/headers/ETag"}

COMPONENTS = {
    "schemas": SCHEMAS,
    "securitySchemes": {
        "apiToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal, read-only API token (Account → API tokens): it reads "
            "what its owner may read, until it expires or is revoked.",
        },
        "browserSession": {
            "type": "apiKey",
            "in": "cookie",
            "name": "session",
            "description": "The session of a signed-in browser.",
        },
    },
    "headers": {
        "ETag": {
            "description": "The answer's tag; send it back in If-None-Match.",
            "schema": STRING,
        }
    },
    "responses": {
        "NotModified": {
            "description": "Not modified: the copy named in If-None-Match is current. No body.",
            "headers": {"ETag": _ETAG},
        },
        "BadRequest": {
            "description": "A query parameter is unknown, repeated or out of range, or `to` "
            "is before `from`.",
            "content": _ERROR_BODY,
        },
        "NotFound": {
            "description": "No such record, or none the caller may read.",
            "content": _ERROR_BODY,
        },
        "URITooLong": {
            "description": "The request line is longer than 4,094 bytes: the web server "
            "refuses it before the API reads it, with a short HTML page, not JSON.",
            "content": {"text/html": {"schema": STRING}},
        },
    },
}

_PATH_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")


def document() -> dict:
    """The description of every route declared with `api_get`, in path order."""
    paths = {}
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
        operation = getattr(current_app.view_functions[rule.endpoint], "api_operation", None)
        if operation is not None:
            path = _PATH_ARGUMENT.sub(r"{\1}", rule.rule.removeprefix(PREFIX))
            paths[path] = {"get": _operation(rule, operation)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Memorandum Council secretariat API",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "servers": [{"url": PREFIX}],
        # anonymous callers are welcome (public data); a token or a session reads more
        "security": [{}, {"apiToken": []}, {"browserSession": []}],
        "paths": paths,
        "components": COMPONENTS,
    }


def _operation(rule, operation) -> dict:
    in_path = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": PATH_SCHEMAS.get(name, ID_SCHEMA),
        }
        for name in sorted(rule.arguments)
    ]
    in_query = [
        {
            "name": p.name,
            "in": "query",
            "required": False,
            "description": p.description,
            "schema": p.schema,
        }
        for p in operation.params
    ]
    responses = {
        "200": {
            "description": "OK",
            "headers": {"ETag": _ETAG},
            "content": {"application/json": {"schema": _ref(operation.returns)}},
        },
        "304": {"$ref": "#/components/responses/NotModified"},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "414": {"$ref": "#/components/responses/URITooLong"},
    }
    if in_path:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    return {
        "operationId": rule.endpoint.removeprefix("api."),
        "summary": operation.summary,
        "parameters": in_path + in_query,
        "responses": responses,
    }
