from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import can, require
from ..core.dates import today_in_riga
from ..core.labels import LABELS
from ..core.types import utcnow
from ..extensions import db
from ..followups.queries import overdue_count
from . import queries
from .audit_display import audit_rows
from .models import ActivityPeriod  # noqa: F401 - the report's tables, for now

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@require("browse")
def home():
    if current_user.role == "signatory":
        return redirect(url_for("updates.portal"))  # their start page is the portal
    now, today = utcnow(), today_in_riga()
    context = {
        "upcoming": queries.upcoming_meetings(current_user, now),
        "recent": queries.recent_meetings(current_user, now),
        "today": today,
        "to_read": queries.minutes_to_read(current_user),
    }
    if can("manage"):
        context["overdue"] = queries.overdue_actions(today)
        context["overdue_total"] = overdue_count(today)
        context["due_soon"] = queries.actions_due_soon(today)
    return render_template("dashboard/home.html", **context)


@bp.get("/audit/")
@require("audit")
def audit_log():
    object_type = request.args.get("type")
    if object_type not in LABELS["object_type"]:
        object_type = None
    page = db.paginate(
        queries.audit_trail(object_type), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    return render_template(
        "dashboard/audit.html",
        page=page,
        rows=audit_rows(page.items),
        object_type=object_type,
        subject=None,
    )


@bp.get("/audit/<object_type>/<int:object_id>")
@require("audit")
def audit_object(object_type, object_id):
    if object_type not in LABELS["object_type"]:
        abort(404)
    page = db.paginate(
        queries.audit_trail_of(object_type, object_id),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "dashboard/audit.html",
        page=page,
        rows=audit_rows(page.items),
        object_type=object_type,
        subject=(object_type, object_id),
    )
