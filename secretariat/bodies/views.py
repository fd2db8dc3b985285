import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_login import current_user

from ..auth.permissions import require
from ..core.dates import today_in_riga
from ..extensions import db
from ..meetings.queries import bodies as all_bodies
from ..meetings.queries import meeting_list
from . import queries
from .models import Body

bp = Blueprint("bodies", __name__, url_prefix="/bodies")


@bp.get("/")
@require("browse")
def list_bodies():
    return render_template(
        "bodies/list.html",
        bodies=all_bodies(),
        member_counts=queries.member_counts(today_in_riga()),
    )


@bp.get("/<int:body_id>")
@require("browse")
def detail(body_id):
    body = db.get_or_404(Body, body_id)
    recent = db.session.scalars(meeting_list(current_user, body_id=body.id).limit(10)).all()
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(
            meeting_list(current_user, body_id=body.id).order_by(None).subquery()
        )
    )
    return render_template(
        "bodies/detail.html",
        body=body,
        members=queries.current_members(body, today_in_riga()),
        meetings=recent,
        meeting_count=count,
    )
