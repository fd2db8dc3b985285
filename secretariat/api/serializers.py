"""Records as the API shows them: plain dicts of public fields, shaped like Popolo and
OParl where those have a word for it (VoteEvent, Count, Vote, Membership).

Moments are ISO 8601 in Riga time with their offset; days are YYYY-MM-DD."""

import datetime as dt

from ..core.dates import to_riga
from ..core.links import public_url
from ..core.numbers import plain_decimal
from ..decisions.models import VOTE_CHOICES
from ..documents.markup import markdown

#: our vote choices as Popolo's vote options
POPOLO_OPTIONS = {"for": "yes", "against": "no", "abstain": "abstain"}
#: a decision's outcome as a Popolo VoteEvent's result
POPOLO_RESULTS = {True: "pass", False: "fail"}

#: the register's fields anyone may read; contacts stay with the secretariat
ORGANISATION_FIELDS = (
    "registration_number",
    "name",
    "legal_form",
    "region",
    "territory",
    "fields_of_activity",
    "website",
    "status",
)
ORGANISATION_DAYS = ("memorandum_signed_on", "memorandum_withdrawn_on", "struck_off_on")


def _moment(value: dt.datetime | None) -> str | None:
    return to_riga(value).isoformat() if value else None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _ref(obj, name_attribute: str = "name") -> dict | None:
    return None if obj is None else {"id": obj.id, "name": getattr(obj, name_attribute)}


def _api_url(endpoint: str, **values) -> str:
    return public_url(f"api.{endpoint}", **values)


# --- meetings ---------------------------------------------------------------------


#: an agenda item's fields (api/queries.agendas reads the same columns)
AGENDA_FIELDS = ("position", "title", "presenter", "duration_minutes")


def meeting(m, signed_in: bool, agenda: list[dict] | None = None) -> dict:
    """A meeting's entry; `agenda` as api/queries.agendas reads it, or its own records'."""
    return {
        "id": m.id,
        "kind": m.kind,
        "number": m.number,
        "title": m.title,
        "status": m.status,
        "visibility": m.visibility,
        "body": _ref(m.body),
        "starts_at": _moment(m.starts_at),
        "ends_at": _moment(m.ends_at),
        "place": m.place,
        "region": m.region,
        # the link to join is for the people the meeting is for, not for every caller
        "online_url": (m.online_url or None) if signed_in else None,
        "host_organisation": _ref(m.host_organisation),
        "participants_count": m.participants_count,
        "agenda": agenda
        if agenda is not None
        else [{name: getattr(item, name) for name in AGENDA_FIELDS} for item in m.agenda_items],
        "links": {
            "self": _api_url("meeting", meeting_id=m.id),
            "html": public_url("meetings.detail", meeting_id=m.id),
            "decisions": _api_url("decisions", meeting=m.id),
        },
    }


def meeting_detail(m, signed_in: bool) -> dict:
    return {
        **meeting(m, signed_in),
        "description": m.description,
        "breakouts": [
            {
                "position": b.position,
                "topic": b.topic,
                "facilitator": b.facilitator,
                "summary": b.summary,
                "participants_count": b.participants_count,
            }
            for b in m.breakouts
        ],
        "decisions": [
            {
                "id": d.id,
                "number": d.number,
                "title": d.title,
                "adopted": d.adopted,
                "agenda_position": d.agenda_item.position if d.agenda_item else None,
                "links": {"self": _api_url("decision", decision_id=d.id)},
            }
            for d in m.decisions
        ],
    }


# --- decisions and votes ------------------------------------------------------------


def vote_counts(d) -> dict[str, int]:
    """How many voted each way: counted from the named votes, or the recorded totals."""
    if d.vote_mode == "totals":
        recorded = {"for": d.votes_for, "against": d.votes_against, "abstain": d.votes_abstain}
        return {choice: recorded[choice] or 0 for choice in VOTE_CHOICES}
    counts = dict.fromkeys(VOTE_CHOICES, 0)
    for vote in d.votes:
        counts[vote.choice] += 1
    return counts


def vote_event(d, named_votes: bool) -> dict:
    """A Popolo VoteEvent: the result, a Count per option and, when asked, each Vote."""
    counts = vote_counts(d)
    event = {
        "result": POPOLO_RESULTS.get(d.adopted),
        "mode": d.vote_mode,
        "counts": [
            {"option": POPOLO_OPTIONS[choice], "value": counts[choice]} for choice in VOTE_CHOICES
        ],
    }
    if named_votes:
        event["votes"] = [
            {"voter": _ref(v.person), "option": POPOLO_OPTIONS[v.choice]}
            for v in sorted(d.votes, key=lambda v: (v.person.search_key, v.person.id))
        ]
    return event


def decision(d, named_votes: bool = False) -> dict:
    m = d.meeting
    return {
        "id": d.id,
        "number": d.number,
        "title": d.title,
        "text": d.text,
        "adopted": d.adopted,
        "visibility": d.visibility,
        "date": _day(to_riga(m.starts_at).date()),
        "meeting": {"id": m.id, "title": m.title, "kind": m.kind, "number": m.number},
        "body": _ref(m.body),
        "agenda_item": (
            {"position": d.agenda_item.position, "title": d.agenda_item.title}
            if d.agenda_item
            else None
        ),
        "vote_event": vote_event(d, named_votes),
        "links": {
            "self": _api_url("decision", decision_id=d.id),
            "html": public_url("decisions.detail", decision_id=d.id),
            "meeting": _api_url("meeting", meeting_id=m.id),
        },
    }


# --- bodies and memberships ------------------------------------------------------------


def body(b, member_count: int) -> dict:
    return {
        "id": b.id,
        "kind": b.kind,
        "name": b.name,
        "short_name": b.short_name,
        "mandate": b.mandate,
        "member_count": member_count,
        "links": {
            "self": _api_url("body", body_id=b.id),
            "meetings": _api_url("meetings", body=b.id),
        },
    }


def membership(ms) -> dict:
    """An OParl/Popolo Membership: who, in what role, for whom, with a vote or not, when."""
    return {
        "id": ms.id,
        "person": _ref(ms.person),
        "role": ms.position,
        "on_behalf_of": _ref(ms.on_behalf_of),
        "voting_right": ms.voting_right,
        "start_date": _day(ms.start_on),
        "end_date": _day(ms.end_on),
    }


def body_detail(b, member_count: int) -> dict:
    return {**body(b, member_count), "memberships": [membership(ms) for ms in b.memberships]}


# --- the register ----------------------------------------------------------------------


def organisation(o) -> dict:
    return {
        "id": o.id,
        **{name: getattr(o, name) for name in ORGANISATION_FIELDS},
        **{name: _day(getattr(o, name)) for name in ORGANISATION_DAYS},
        "links": {"self": _api_url("organisation", organisation_id=o.id)},
    }


# --- monthly updates --------------------------------------------------------------------


def update(u, with_text: bool = False) -> dict:
    month = f"{u.month:%Y-%m}"
    item = {
        "month": month,
        "title": u.title,
        "visibility": u.visibility,
        "published_at": _moment(u.published_at),
        "links": {
            "self": _api_url("update", year=u.month.year, month=u.month.month),
            "html": public_url("updates.detail", month=month),
            "pdf": public_url("updates.pdf", month=month),
        },
    }
    if with_text:
        item["text"] = u.text  # Markdown, as the secretariat wrote it
        item["html"] = str(markdown(u.text))  # rendered and sanitised
    return item


# --- plans, measures and delegated tasks ---------------------------------------------------


def _amount(value) -> str | None:
    """Money as an exact decimal string ("16000.00"): JSON numbers are floats to many
    readers, and a budget must add up to the cent."""
    return plain_decimal(value) if value is not None else None


def _quantity(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def plan(p, counts: dict[str, int] | None = None) -> dict:
    item = {
        "id": p.id,
        "title": p.title,
        "first_year": p.first_year,
        "last_year": p.last_year,
        "responsible": _ref(p.responsible),
        "description": p.description,
        "documents": p.link_list,
        "visibility": p.visibility,
        "links": {
            "self": _api_url("plan", plan_id=p.id),
            "html": public_url("programmes.plan", plan_id=p.id),
            "pdf": public_url("programmes.plan_pdf", plan_id=p.id),
            "measures": _api_url("measures", plan=p.id),
        },
    }
    if counts is not None:
        item["status_counts"] = counts
        item["directions"] = [
            {
                "number": d.number,
                "title": d.title,
                "goals": [{"number": g.number, "title": g.title} for g in d.goals],
            }
            for d in p.directions
        ]
    return item


def measure(m) -> dict:
    goal = m.goal
    return {
        "id": m.id,
        "plan": {"id": m.plan.id, "title": m.plan.title},
        "direction": {"number": goal.direction.number, "title": goal.direction.title},
        "goal": {"number": goal.number, "title": goal.title},
        "number": m.number,
        "title": m.title,
        "responsible": _ref(m.responsible),
        "implementers": [_ref(o) for o in m.implementers],
        "status": m.status,
        "status_reason": m.status_reason,
        "result": m.result,
        "indicators": m.indicators,
        "funding": [{"year": f.year, "amount": _amount(f.amount)} for f in m.funding],
    }


def task(t, detail: bool = False) -> dict:
    meeting = t.report_meeting
    item = {
        "id": t.id,
        "title": t.title,
        "delegating": _ref(t.delegating),
        "performer": _ref(t.performer),
        "contract_number": t.contract_number,
        "starts_on": _day(t.starts_on),
        "ends_on": _day(t.ends_on),
        "objectives": t.objective_list,
        "visibility": t.visibility,
        "report": {
            "status": t.report_status,
            "due_on": _day(t.report_due_on),
            "received_on": _day(t.report_received_on),
            "meeting": None if meeting is None else {"id": meeting.id, "title": meeting.title},
        },
        "links": {
            "self": _api_url("task", task_id=t.id),
            "html": public_url("programmes.task", task_id=t.id),
            "pdf": public_url("programmes.task_pdf", task_id=t.id),
        },
    }
    if detail:
        item |= {
            "evaluation": t.evaluation,
            "indicators": [
                {
                    "name": i.name,
                    "unit": i.unit,
                    "target": _quantity(i.target),
                    "achieved": _quantity(i.achieved),
                    "note": i.note,
                }
                for i in t.indicators
            ],
            "beneficiaries": [
                {"name": b.name, "organisation": _ref(b.organisation), "received": b.received}
                for b in t.beneficiaries
            ],
            "budget": [
                {"year": b.year, "planned": _amount(b.planned), "spent": _amount(b.spent)}
                for b in t.budget_lines
            ],
            "budget_total": {
                "planned": _amount(t.planned_total),
                "spent": _amount(t.spent_total),
            },
        }
    return item
