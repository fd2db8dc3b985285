"""The search page: the header's box sends here, and /public/'s for readers without an
account. Anyone may search; each finds only what they may read."""

from dataclasses import dataclass

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from ..auth.permissions import can
from ..bodies.queries import all_bodies
from ..core.labels import LABELS
from . import queries
from .models import SearchEntry
from .sources import KINDS
from .words import highlight, snippet

bp = Blueprint("search", __name__)

PER_PAGE = 20
LONGEST_QUERY = 200
MOST_PAGES = 500
YEARS = (1900, 2999)


@dataclass
class Result:
    entry: SearchEntry
    url: str
    title: Markup
    snippet: Markup


def _link(entry: SearchEntry) -> str:
    """Where a result opens: the record's own page, or the page that shows it."""
    kind, record = entry.kind, entry.record_id
    if kind == "meeting":
        return url_for("meetings.detail", meeting_id=record)
    if kind == "agenda_item":
        return url_for("meetings.detail", meeting_id=entry.parent_id, _anchor="agenda")
    if kind == "conclusion":
        return url_for("meetings.detail", meeting_id=entry.parent_id, _anchor="conclusions")
    if kind == "decision":
        return url_for("decisions.detail", decision_id=record)
    if kind == "minutes":
        return url_for("documents.minutes", meeting_id=entry.parent_id)
    if kind == "attachment":
        return url_for("documents.download", attachment_id=record)
    if kind == "action":
        return url_for("followups.action_detail", action_id=record)
    if kind == "organisation":
        return url_for("organisations.detail", organisation_id=record)
    if kind == "person":
        return url_for("people.detail", person_id=record)
    if kind == "update":
        return url_for("updates.detail", month=entry.day.strftime("%Y-%m"))
    if kind == "call":
        # calls have no page of their own: staff edit them, others read them among the
        # open calls of the portal or the public page
        if can("manage"):
            return url_for("updates.edit_call", call_id=record)
        if current_user.is_authenticated and current_user.role == "signatory":
            return url_for("updates.portal", _anchor=f"call-{record}")
        return url_for("updates.public_page", _anchor=f"call-{record}")
    if kind == "plan":
        return url_for("programmes.plan", plan_id=record)
    if kind == "measure":
        return url_for(
            "programmes.plan", plan_id=entry.parent_id, q=entry.ref, _anchor=f"measure-{record}"
        )
    return url_for("programmes.task", task_id=record)


def _int(name: str, low: int, high: int) -> int | None:
    value = request.args.get(name, "")
    if not value.isdigit() or len(value) > 6:
        return None
    number = int(value)
    return number if low <= number <= high else None


def _query_text() -> str:
    text = request.args.get("q", "")[:LONGEST_QUERY]
    return "".join(ch for ch in text if ch.isprintable() or ch == " ").strip()


@bp.get("/search/")
def results():
    q = _query_text()
    filters = queries.parse(
        q,
        kind=request.args.get("kind"),
        body_id=_int("body", 1, 2**31 - 1),
        year=_int("year", *YEARS),
    )
    page = _int("page", 1, MOST_PAGES) or 1
    counts, found = queries.Counts(), []
    if filters.words:
        counts = queries.counts(current_user, filters)
        if filters.kind is not None:
            found = queries.of_one_kind(current_user, filters, page, PER_PAGE)
        elif counts.total:
            found = queries.first_of_each_kind(current_user, filters)
    words = list(filters.words)
    groups: dict[str, list[Result]] = {}
    for entry in found:
        groups.setdefault(entry.kind, []).append(
            Result(entry, _link(entry), highlight(entry.title, words), snippet(entry.text, words))
        )
    shown = filters.kind and counts.by_kind.get(filters.kind, 0)
    return render_template(
        "search/results.html",
        q=q,
        filters=filters,
        counts=counts,
        groups=[(kind, groups[kind]) for kind in KINDS if kind in groups],
        kinds=LABELS["search_kind"],
        bodies=all_bodies(),
        page=page,
        pages=max(1, -(-shown // PER_PAGE)) if shown else 1,
    )
