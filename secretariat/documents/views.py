import logging

from flask import (
    Blueprint,
    Response,
    abort,
    after_this_request,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale, gettext
from flask_login import current_user

from ..auth.permissions import can, hidden_from_reader, require
from ..core.pdf import pdf_response, render_pdf
from ..core.types import utcnow
from ..core.uploads import larger_uploads
from ..core.versioning import form_page, save_edit
from ..decisions.models import Decision
from ..extensions import db, login
from ..meetings.models import Meeting
from ..meetings.queries import get_visible_meeting, meeting_page_options
from . import builders, files, queries, services
from .forms import (
    MINUTES_TEXT_LIMIT,
    AmendmentForm,
    ApprovalForm,
    AttachmentEditForm,
    AttachmentForm,
    discussion_field_name,
    minutes_form,
)
from .locking import MinutesLocked, refuse_posts_to_frozen_meetings
from .markup import markdown, plain_text, points
from .models import Attachment

log = logging.getLogger(__name__)
bp = Blueprint("documents", __name__)
bp.before_app_request(refuse_posts_to_frozen_meetings)

#: the names a downloaded document gets, in the secretariat's language (ASCII, for any mail)
FILE_NAMES = {
    "minutes": "protokols",
    "summary": "kopsavilkums",
    "attendance-sheet": "dalibnieku-lapa",
}
BUILDERS = {
    "summary": builders.summary_html,
    "attendance-sheet": builders.attendance_sheet_html,
}


class ArchiveDamaged(Exception):
    """The archived PDF of locked minutes is missing or no longer matches its SHA-256."""


@bp.app_template_filter("markdown")
def markdown_filter(text, top: int = 3):
    """`{{ text|markdown(2) }}`: the text's headings start at <h2> (see markup.markdown)."""
    return markdown(text, top)


@bp.app_template_filter("points")
def points_filter(text):
    return points(text)


@bp.app_template_filter("plain_text")
def plain_text_filter(text):
    return plain_text(text)


@bp.app_template_filter("css_string")
def css_string(text) -> str:
    """Text placed inside a CSS string in a <style> element: quotes, backslashes, angle
    brackets, ampersands and line breaks become CSS escapes, so nothing a user typed can
    end the string or the element."""
    return "".join(
        f"\\{ord(ch):x} " if ch in "\"'\\<>&" or not ch.isprintable() else ch
        for ch in " ".join(str(text).split())
    )


@bp.app_template_global("minutes_readable")
def minutes_readable(meeting) -> bool:
    """May the signed-in user open this meeting's minutes (the same rule as the route)?"""
    return can("manage") or queries.readable_minutes(meeting.id, current_user) is not None


@bp.app_errorhandler(MinutesLocked)
def minutes_locked(error):
    db.session.rollback()  # the page below reads the database again
    message = gettext(
        "The minutes of this meeting are approved: what they record (the text, the agenda, "
        "attendance, breakout groups, conclusions, decisions, votes and the files listed as "
        "annexes) can no longer be changed. Record a correction as an amendment to the "
        "minutes."
    )
    back = url_for("meetings.detail", meeting_id=error.meeting_id) if error.meeting_id else None
    return (
        render_template(
            "error.html",
            status=409,
            title=gettext("Minutes are locked"),
            message=message,
            back=(back, gettext("Back to the meeting")) if back else None,
        ),
        409,
    )


@bp.app_errorhandler(ArchiveDamaged)
def archive_damaged(error):
    log.error("archived minutes PDF missing or altered: %s", error)
    message = gettext(
        "The archived PDF of these minutes is missing or was altered on disk, so it is not "
        "served. Ask an administrator to restore it from the backup."
    )
    return (
        render_template(
            "error.html", status=500, title=gettext("Archived file damaged"), message=message
        ),
        500,
    )


def archived_pdf(minutes) -> bytes:
    data = files.read_verified(minutes.archive_sha256)
    if data is None:
        raise ArchiveDamaged(f"minutes {minutes.id}: {minutes.archive_sha256}")
    return data


@bp.get("/meetings/<int:meeting_id>/<any(minutes, summary, 'attendance-sheet'):document>.pdf")
def meeting_pdf(meeting_id, document):
    """A meeting's documents; a public meeting's summary (and approved public minutes) need
    no account."""
    locale = str(get_locale() or "lv")
    if document == "attendance-sheet" and not can("manage"):
        if not current_user.is_authenticated:
            return login.unauthorized()
        abort(403)
    meeting = builders.load_meeting(meeting_id, current_user)
    if document == "minutes" and not minutes_readable(meeting):
        hidden_from_reader()
    number = f"-nr{meeting.number}" if meeting.number.isalnum() else ""
    language = "" if locale == "lv" else f"-{locale}"  # the official copy is the Latvian one
    filename = f"{FILE_NAMES[document]}-{meeting.local_start:%Y-%m-%d}{number}{language}.pdf"
    minutes = meeting.minutes
    if document == "minutes" and minutes is not None and minutes.status == "locked":
        if locale == "lv":  # the official, archived copy
            return pdf_response(archived_pdf(minutes), filename)
    if document == "minutes":
        html = builders.minutes_html(meeting, locale, reader=current_user)
    else:
        html = BUILDERS[document](meeting, locale)
    return pdf_response(render_pdf(html), filename)


# --- minutes ------------------------------------------------------------------------


def _staff_meeting(meeting_id: int) -> Meeting:
    return get_visible_meeting(meeting_id, current_user, *meeting_page_options(current_user))


@bp.get("/meetings/<int:meeting_id>/minutes")
def minutes(meeting_id):
    meeting = builders.load_meeting(meeting_id, current_user)
    if not minutes_readable(meeting):
        hidden_from_reader()
    context = builders.minutes_context(meeting, str(get_locale() or "lv"), current_user)
    amendment_form = approval = None
    if can("manage") and meeting.minutes is not None and meeting.minutes.frozen:
        amendment_form = _amendment_form(meeting.minutes)
    if can("manage") and meeting.minutes is not None and meeting.minutes.status == "circulated":
        form, candidates, meetings = _approval_form(meeting)
        approval = {"form": form, "candidates": candidates, "meetings": meetings}
    return render_template(
        "documents/minutes.html", amendment_form=amendment_form, approval=approval, **context
    )


def _minutes_form_data(meeting: Meeting) -> dict:
    minutes = meeting.minutes
    if minutes is None:
        data = {
            "chaired_by": builders.office_holder(meeting, "chair"),
            "recorded_by": builders.office_holder(meeting, "secretary"),
            "visibility": "members" if meeting.visibility == "internal" else meeting.visibility,
            "closing_time": meeting.local_end.time().replace(tzinfo=None)
            if meeting.local_end
            else None,
        }
    else:
        data = {
            "version": minutes.version,
            "chaired_by": minutes.chaired_by,
            "recorded_by": minutes.recorded_by,
            "visibility": minutes.visibility,
            "introduction": minutes.introduction,
            "closing_time": minutes.closing_time,
        }
    for item in meeting.agenda_items:
        data[discussion_field_name(item.id)] = minutes.discussion_of(item.id) if minutes else ""
    return data


@bp.route("/meetings/<int:meeting_id>/minutes/edit", methods=["GET", "POST"])
@require("manage")
def edit_minutes(meeting_id):
    meeting = _staff_meeting(meeting_id)
    if meeting.minutes is not None and meeting.minutes.frozen:
        # approved minutes are read, not edited (a change sent here is refused before this)
        return redirect(url_for(".minutes", meeting_id=meeting_id))
    existed = meeting.minutes is not None
    form = minutes_form(
        meeting.agenda_items, data=_minutes_form_data(meeting) if request.method == "GET" else None
    )
    circulating = "circulate" in request.form
    if form.validate_on_submit():
        minutes = services.minutes_of(meeting)
        expected = form.version.data or (None if existed else minutes.version)

        def save():
            services.save_minutes(
                minutes,
                expected,
                introduction=form.introduction.data,
                chaired_by=form.chaired_by.data,
                recorded_by=form.recorded_by.data,
                visibility=form.visibility.data,
                closing_time=form.closing_time.data,
                discussions={
                    item.id: form[discussion_field_name(item.id)].data
                    for item in meeting.agenda_items
                },
            )
            if circulating:
                services.circulate(minutes, utcnow())

        saved = save_edit(
            save,
            done=gettext("Minutes saved and circulated: council members can read them now.")
            if circulating
            else gettext("Minutes saved."),
            then=url_for(".minutes", meeting_id=meeting_id),
            refusals={services.LifecycleError: lambda error: form.form_errors.append(str(error))},
        )
        if saved is not None:
            return saved
    return form_page("documents/minutes_form.html", form, meeting=meeting)


@bp.post("/meetings/<int:meeting_id>/minutes/preview")
@require("manage")
def preview_minutes(meeting_id):
    """Text being written, as the minutes and their PDF will show it (the same renderer):
    an HTML fragment for the preview beside the editor."""
    _staff_meeting(meeting_id)
    text = request.form.get("text", "")[:MINUTES_TEXT_LIMIT]
    # the editor page has no heading between its title and the preview panes
    return Response(str(markdown(text, 2)), mimetype="text/html")


def _lifecycle_step(meeting_id: int, step) -> Response:
    meeting = _staff_meeting(meeting_id)
    if meeting.minutes is None:
        flash(gettext("Write the minutes first."), "error")
        return redirect(url_for(".edit_minutes", meeting_id=meeting_id))
    try:
        message = step(meeting.minutes)
        db.session.commit()
    except services.LifecycleError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(message, "success")
    return redirect(url_for(".minutes", meeting_id=meeting_id))


@bp.post("/meetings/<int:meeting_id>/minutes/circulate")
@require("manage")
def circulate_minutes(meeting_id):
    def step(minutes):
        services.circulate(minutes, utcnow())
        return gettext("The minutes are circulated: council members can read them now.")

    return _lifecycle_step(meeting_id, step)


@bp.route("/meetings/<int:meeting_id>/minutes/approve", methods=["GET", "POST"])
@require("manage")
def approve_minutes(meeting_id):
    """Approval in one step: by a decision already recorded at a later held meeting, or by
    one recorded here, at the next held meeting by default."""
    meeting = _staff_meeting(meeting_id)
    minutes = meeting.minutes
    if minutes is None or minutes.status != "circulated":
        flash(gettext("Circulate the minutes to the members before approving them."), "error")
        return redirect(url_for(".minutes", meeting_id=meeting_id))
    form, candidates, meetings = _approval_form(meeting)
    if form.validate_on_submit():

        def step(minutes):
            if form.decision_id.data:
                decision = db.session.get(Decision, form.decision_id.data)
                services.approve(minutes, decision, utcnow())
            else:
                decision = services.approve_by_new_decision(
                    minutes,
                    db.session.get(Meeting, form.meeting_id.data),
                    form.number.data,
                    form.title.data,
                    utcnow(),
                )
            if services.narrower_than_minutes(minutes, decision):
                flash(
                    gettext(
                        "The approving decision is for fewer readers than the minutes: the "
                        "minutes name it all the same (its number and the meeting's date), "
                        "and readers who may not see it cannot open it."
                    ),
                    "warning",
                )
            return gettext(
                "Approval recorded: the minutes and what they record can no longer change."
            )

        return _lifecycle_step(meeting_id, step)
    return form_page(
        "documents/approve.html", form, meeting=meeting, candidates=candidates, meetings=meetings
    )


def _approval_form(meeting: Meeting):
    """The approval form, opened on the next held meeting with the usual title, and what
    it offers: decisions already recorded, and the meetings to record one at."""
    candidates = services.approving_decisions(meeting.minutes)
    meetings = services.approving_meetings(meeting.minutes)
    form = ApprovalForm()
    form.decision_id.choices = [(0, "—")] + [(d.id, _decision_label(d)) for d in candidates]
    form.meeting_id.choices = [(0, "—")] + [(m.id, _meeting_label(m)) for m in meetings]
    if request.method == "GET" and meetings:
        form.meeting_id.data = meetings[0].id
        form.title.data = gettext(
            "Approval of the minutes of the meeting of %(day)s",
            day=meeting.local_start.strftime("%d.%m.%Y."),
        )
    return form, candidates, meetings


def _meeting_label(meeting: Meeting) -> str:
    number = " · " + gettext("prot. No. %(n)s", n=meeting.number) if meeting.number else ""
    return f"{meeting.local_start:%d.%m.%Y.} · {meeting.title}{number}"


def _decision_label(decision: Decision) -> str:
    number = gettext("No. %(n)s", n=decision.number) + " " if decision.number else ""
    return f"{decision.meeting.local_start:%d.%m.%Y.} · {number}{decision.title}"


@bp.post("/meetings/<int:meeting_id>/minutes/lock")
@require("manage")
def lock_minutes(meeting_id):
    def step(minutes):
        services.lock(minutes, utcnow())
        return gettext("The minutes are locked; their PDF is archived with its SHA-256.")

    return _lifecycle_step(meeting_id, step)


def _amendment_form(minutes) -> AmendmentForm:
    form = AmendmentForm()
    form.decision_id.choices = [("", "—")] + [
        (d.id, _decision_label(d)) for d in services.approving_decisions(minutes)
    ]
    return form


@bp.post("/meetings/<int:meeting_id>/minutes/amendments")
@require("manage")
def add_amendment(meeting_id):
    meeting = _staff_meeting(meeting_id)
    if meeting.minutes is None:
        abort(404)
    form = _amendment_form(meeting.minutes)
    if form.validate_on_submit():

        def step(minutes):
            decision = db.session.get(Decision, form.decision_id.data or 0)
            services.add_amendment(minutes, form.text.data, decision, current_user)
            return gettext("Correction recorded beside the minutes.")

        return _lifecycle_step(meeting_id, step)
    context = builders.minutes_context(meeting, str(get_locale() or "lv"), current_user)
    return render_template("documents/minutes.html", amendment_form=form, **context), 400


# --- attachments ----------------------------------------------------------------------


def _owner_choices(meeting: Meeting) -> list[tuple[str, str]]:
    owners = [("meeting", gettext("The meeting"))]
    owners += [(f"item-{i.id}", f"{i.position}.§ {i.title}") for i in meeting.agenda_items]
    owners += [(f"decision-{d.id}", _decision_label(d)) for d in meeting.decisions]
    return owners


def _owner(meeting: Meeting, value: str) -> dict:
    kind, _, number = value.partition("-")
    if kind == "item":
        return {"agenda_item": next(i for i in meeting.agenda_items if str(i.id) == number)}
    if kind == "decision":
        return {"decision": next(d for d in meeting.decisions if str(d.id) == number)}
    return {}


@bp.route("/meetings/<int:meeting_id>/files", methods=["GET", "POST"])
@larger_uploads("ATTACHMENT_UPLOAD_LIMIT")
@require("manage")
def attachments(meeting_id):
    meeting = _staff_meeting(meeting_id)
    form = AttachmentForm()
    form.owner.choices = _owner_choices(meeting)
    if form.validate_on_submit():
        upload = form.file.data
        try:
            stored = files.store(upload.stream, upload.filename) if upload else None
            if stored is None:
                raise files.RefusedFile(gettext("Choose a file to upload."))
        except files.RefusedFile as error:
            form.file.errors.append(str(error))
        else:
            services.add_attachment(
                meeting,
                stored,
                title=form.title.data,
                visibility=form.visibility.data,
                user=current_user,
                **_owner(meeting, form.owner.data),
            )
            db.session.commit()
            flash(gettext("File “%(name)s” added.", name=stored.filename), "success")
            return redirect(url_for(".attachments", meeting_id=meeting_id))
    return form_page("documents/attachments.html", form, meeting=meeting)


def _staff_attachment(attachment_id: int) -> Attachment:
    return db.get_or_404(Attachment, attachment_id)


@bp.route("/files/<int:attachment_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit_attachment(attachment_id):
    attachment = _staff_attachment(attachment_id)
    form = AttachmentEditForm(obj=attachment)
    if form.validate_on_submit():
        services.update_attachment(
            attachment, title=form.title.data, visibility=form.visibility.data
        )
        db.session.commit()
        flash(gettext("File saved."), "success")
        return redirect(url_for(".attachments", meeting_id=attachment.meeting_id))
    return form_page("documents/attachment_form.html", form, attachment=attachment)


@bp.post("/files/<int:attachment_id>/delete")
@require("manage")
def delete_attachment(attachment_id):
    attachment = _staff_attachment(attachment_id)
    meeting_id = attachment.meeting_id
    sha256 = services.remove_attachment(attachment)
    db.session.commit()
    files.remove_if_unused(sha256, services.file_still_used(sha256))
    flash(gettext("File removed."), "success")
    return redirect(url_for(".attachments", meeting_id=meeting_id))


@bp.get("/files/<int:attachment_id>")
def download(attachment_id):
    """Anyone may download what they may see: public files without signing in."""
    attachment = queries.get_visible_attachment(attachment_id, current_user)
    path = files.verified_path(attachment.sha256)  # the file as it was stored, or nothing
    if path is None:
        current_app.logger.error(
            "attachment %s: its file is missing or no longer matches its SHA-256", attachment.id
        )
        abort(404)

    @after_this_request
    def sandbox(response):
        # even a browser told to show the file inline may never run what is in it
        response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
        if attachment.visibility != "public":  # no shared cache keeps a reader's file
            response.headers["Cache-Control"] = "private, no-store"
        return response

    return send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
        etag=attachment.sha256,
        conditional=True,
        max_age=0,
    )
