from flask import Blueprint, Response, abort
from flask_babel import get_locale
from flask_login import current_user

from ..auth.permissions import can, require
from . import builders
from .markup import markdown
from .pdf import render_pdf

bp = Blueprint("documents", __name__)

BUILDERS = {
    "minutes": builders.minutes_html,
    "summary": builders.summary_html,
    "attendance-sheet": builders.attendance_sheet_html,
}
#: documents only the secretariat may print; a summary goes to whoever may see the meeting
STAFF_ONLY = {"minutes", "attendance-sheet"}


@bp.app_template_filter("markdown")
def markdown_filter(text):
    return markdown(text)


@bp.app_template_filter("css_string")
def css_string(text) -> str:
    """Text placed inside a CSS string: no quote, backslash or line break can end it."""
    return " ".join(str(text).replace("\\", " ").replace('"', "'").split())


@bp.get("/meetings/<int:meeting_id>/<any(minutes, summary, 'attendance-sheet'):document>.pdf")
@require("browse")
def meeting_pdf(meeting_id, document):
    if document in STAFF_ONLY and not can("manage"):
        abort(403)
    meeting = builders.load_meeting(meeting_id, current_user)
    pdf = render_pdf(BUILDERS[document](meeting, str(get_locale() or "lv")))
    filename = f"{document}-{meeting.local_start:%Y-%m-%d}-{meeting.id}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
