import datetime as dt

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import contains_eager, joinedload

from ..auth.permissions import can, require
from ..core.audit import AuditEvent
from ..core.dates import today_in_riga
from ..core.labels import LABELS
from ..core.paging import first_by_id
from ..core.types import utcnow
from ..documents.models import Minutes
from ..documents.queries import readable_minutes_clause
from ..extensions import db
from ..followups.models import OPEN_STATUSES, Action
from ..followups.queries import overdue_count
from ..meetings.models import Meeting
from ..meetings.queries import visible_meetings
from .audit_display import audit_rows

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@require("browse")
def home():
    if current_user.role == "signatory":
        return redirect(url_for("updates.portal"))  # their start page is the portal
    now = utcnow()
    today = today_in_riga()
    upcoming = db.session.scalars(
        visible_meetings(current_user)
        .where(Meeting.starts_at >= now, Meeting.status != "cancelled")
        .options(joinedload(Meeting.body))
        .order_by(Meeting.starts_at)
        .limit(6)
    ).all()
    recent = db.session.scalars(
        visible_meetings(current_user)
        .where(Meeting.starts_at < now)
        .options(joinedload(Meeting.body))
        .order_by(Meeting.starts_at.desc())
        .limit(6)
    ).all()
    context = {
        "upcoming": upcoming,
        "recent": recent,
        "today": today,
        # draft minutes circulated to this reader, waiting for their reading
        "to_read": db.session.scalars(
            sa.select(Minutes)
            .join(Minutes.meeting)
            .where(Minutes.status == "circulated", readable_minutes_clause(current_user))
            .options(contains_eager(Minutes.meeting))
            .order_by(Meeting.starts_at.desc())
            .limit(10)
        ).all(),
    }
    if can("manage"):
        owners = (
            joinedload(Action.owner_person),
            joinedload(Action.owner_organisation),
            joinedload(Action.meeting),
        )
        context["overdue"] = first_by_id(
            sa.select(Action).where(Action.overdue_clause(today)).order_by(Action.due_on),
            10,
            owners,
        )
        context["overdue_total"] = overdue_count(today)
        context["due_soon"] = first_by_id(
            sa.select(Action)
            .where(
                Action.status.in_(OPEN_STATUSES),
                Action.due_on.between(today, today + dt.timedelta(days=14)),
            )
            .order_by(Action.due_on),
            10,
            owners,
        )
    return render_template("dashboard/home.html", **context)


@bp.get("/audit/")
@require("audit")
def audit_log():
    object_type = request.args.get("type")
    query = sa.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if object_type in LABELS["object_type"]:
        query = query.where(AuditEvent.object_type == object_type)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
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
    query = (
        sa.select(AuditEvent)
        .where(
            sa.or_(
                sa.and_(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id),
                sa.and_(AuditEvent.parent_type == object_type, AuditEvent.parent_id == object_id),
            )
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template(
        "dashboard/audit.html",
        page=page,
        rows=audit_rows(page.items),
        object_type=object_type,
        subject=(object_type, object_id),
    )
