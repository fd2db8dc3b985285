from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user

from ..auth.permissions import can, require
from ..core.args import int_arg
from ..core.forms import id_choices, id_or_none
from ..core.labels import LABELS
from ..core.lookup import get_or_404_within
from ..core.versioning import form_page, save_edit
from ..extensions import db
from ..organisations.models import Organisation, Person
from ..organisations.queries import region_contacts, region_ngo_count
from ..organisations.services import find_or_create_person
from . import queries, services
from .forms import AgendaItemForm, AttendanceForm, BreakoutForm, MeetingForm
from .models import MEETING_KINDS, MEETING_STATUSES, AgendaItem, Attendance, Breakout, Meeting

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.get("/")
@require("browse")
def list_meetings():
    filters = {
        "body_id": int_arg("body"),
        "kind": request.args.get("kind") if request.args.get("kind") in MEETING_KINDS else None,
        "status": request.args.get("status")
        if request.args.get("status") in MEETING_STATUSES
        else None,
        "year": int_arg("year", low=1900, high=2999),
    }
    page = db.paginate(
        queries.meeting_list(current_user, **filters),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "meetings/list.html",
        page=page,
        filters=filters,
        bodies=queries.bodies(),
        years=queries.meeting_years(),
        kinds=LABELS["meeting_kind"],
        statuses=LABELS["meeting_status"],
    )


@bp.get("/<int:meeting_id>")
def detail(meeting_id):
    """A meeting's page: a public meeting needs no account (calendar feeds link here)."""
    meeting = queries.get_visible_meeting(
        meeting_id, current_user, *queries.meeting_page_options(current_user)
    )
    region = {}
    if meeting.region and can("manage"):
        region = {
            "contacts": region_contacts(meeting.region),
            "ngo_count": region_ngo_count(meeting.region),
        }
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        region=region,
        attendance=services.attendance_in_order(meeting.attendances),
        attendance_counts=services.attendance_counts(meeting),
        quorum=services.quorum(meeting),
    )


def _meeting_form_choices(form: MeetingForm) -> MeetingForm:
    form.body_id.choices = id_choices(queries.bodies(), "—")
    form.host_organisation_id.choices = id_choices(queries.organisations(), "—")
    return form


def _meeting_fields(form: MeetingForm) -> dict:
    return {
        "body_id": form.body_id.data,
        "kind": form.kind.data,
        "title": form.title.data,
        "number": form.number.data,
        "starts_at": form.starts_at(),
        "ends_at": form.ends_at(),
        "place": form.place.data,
        "region": form.region.data,
        "online_url": form.online_url.data,
        "host_organisation_id": id_or_none(form.host_organisation_id.data),
        "status": form.status.data,
        "participants_count": form.participants_count.data,
        "visibility": form.visibility.data,
        "description": form.description.data,
    }


@bp.route("/new", methods=["GET", "POST"])
@require("manage")
def create():
    form = _meeting_form_choices(MeetingForm())
    if request.method == "GET" and len(form.body_id.choices) > 1:
        form.body_id.data = form.body_id.choices[1].value  # the council comes first
    if form.validate_on_submit():
        meeting = services.create_meeting(**_meeting_fields(form))
        db.session.commit()
        flash(gettext("Meeting created."), "success")
        return redirect(url_for(".detail", meeting_id=meeting.id))
    return form_page("meetings/form.html", form, meeting=None)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = _meeting_form_choices(
        MeetingForm(obj=meeting if request.method == "GET" else None, meeting=meeting)
    )
    if request.method == "GET":
        form.version.data = meeting.version
        form.date.data = meeting.local_start.date()
        form.start_time.data = meeting.local_start.time()
        if meeting.local_end:
            form.end_time.data = meeting.local_end.time()
            if meeting.local_end.date() != meeting.local_start.date():
                form.end_date.data = meeting.local_end.date()
        form.host_organisation_id.data = meeting.host_organisation_id or 0
    if form.validate_on_submit():
        return save_edit(
            lambda: services.update_meeting(meeting, form.version.data, **_meeting_fields(form)),
            done=gettext("Meeting saved."),
            then=url_for(".detail", meeting_id=meeting.id),
            again=url_for(".edit", meeting_id=meeting.id),
        )
    return form_page("meetings/form.html", form, meeting=meeting)


# --- agenda -----------------------------------------------------------------


def _agenda_fields(form: AgendaItemForm) -> dict:
    return {name: form[name].data for name in ("title", "presenter", "notes", "duration_minutes")}


@bp.route("/<int:meeting_id>/agenda", methods=["GET", "POST"])
@require("manage")
def agenda(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = AgendaItemForm()
    if form.validate_on_submit():
        services.add_agenda_item(meeting, **_agenda_fields(form))
        db.session.commit()
        flash(gettext("Agenda item added."), "success")
        return redirect(url_for(".agenda", meeting_id=meeting.id))
    return form_page("meetings/agenda.html", form, meeting=meeting)


def _agenda_item(meeting_id, item_id) -> AgendaItem:
    return get_or_404_within(AgendaItem, item_id, meeting_id=meeting_id)


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit_agenda_item(meeting_id, item_id):
    item = _agenda_item(meeting_id, item_id)
    form = AgendaItemForm(obj=item)
    if form.validate_on_submit():
        return save_edit(
            lambda: services.update_agenda_item(item, form.version.data, **_agenda_fields(form)),
            done=gettext("Agenda item saved."),
            then=url_for(".agenda", meeting_id=meeting_id),
            again=url_for(".edit_agenda_item", meeting_id=meeting_id, item_id=item_id),
        )
    return form_page("meetings/agenda_item_form.html", form, item=item)


@bp.post("/<int:meeting_id>/agenda/<int:item_id>/move")
@require("manage")
def move_agenda_item(meeting_id, item_id):
    item = _agenda_item(meeting_id, item_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    steps = -1 if direction == "up" else 1
    services.move_agenda_item(item, steps)
    db.session.commit()
    return redirect(url_for(".agenda", meeting_id=meeting_id) + f"#item-{item.id}")


@bp.post("/<int:meeting_id>/agenda/<int:item_id>/delete")
@require("manage")
def delete_agenda_item(meeting_id, item_id):
    item = _agenda_item(meeting_id, item_id)
    services.remove_agenda_item(item)
    db.session.commit()
    flash(gettext("Agenda item removed; the items after it were renumbered."), "success")
    return redirect(url_for(".agenda", meeting_id=meeting_id))


# --- attendance ---------------------------------------------------------------


def _attendance_form() -> AttendanceForm:
    form = AttendanceForm()
    people = queries.people()
    form.person_id.choices = id_choices(people, "—")
    form.delegate_for_id.choices = id_choices(people, "—")
    form.representing_id.choices = id_choices(queries.organisations(), "—")
    return form


@bp.route("/<int:meeting_id>/attendance", methods=["GET", "POST"])
@require("manage")
def attendance(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = _attendance_form()
    if form.validate_on_submit():
        representing = db.session.get(Organisation, form.representing_id.data or 0)
        if form.person_id.data:
            person = db.session.get(Person, form.person_id.data)
        else:
            person = find_or_create_person(form.new_person_name.data, representing)
        services.record_attendance(
            meeting,
            person,
            form.mode.data,
            representing=representing or person.organisation,
            delegate_for=db.session.get(Person, form.delegate_for_id.data or 0),
            note=form.note.data,
        )
        db.session.commit()
        flash(gettext("Attendance of %(name)s recorded.", name=person.name), "success")
        return redirect(url_for(".attendance", meeting_id=meeting.id))
    rows = queries.attendance_rows(meeting)
    return form_page("meetings/attendance.html", form, meeting=meeting, rows=rows)


@bp.post("/<int:meeting_id>/attendance/<int:attendance_id>/delete")
@require("manage")
def delete_attendance(meeting_id, attendance_id):
    row = get_or_404_within(Attendance, attendance_id, meeting_id=meeting_id)
    services.remove_attendance(row)
    db.session.commit()
    flash(gettext("Attendance row removed."), "success")
    return redirect(url_for(".attendance", meeting_id=meeting_id))


# --- breakout groups ------------------------------------------------------------


def _breakout_fields(form: BreakoutForm) -> dict:
    return {
        name: form[name].data for name in ("topic", "facilitator", "summary", "participants_count")
    }


@bp.route("/<int:meeting_id>/breakouts", methods=["GET", "POST"])
@require("manage")
def breakouts(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = BreakoutForm()
    if form.validate_on_submit():
        services.add_breakout(meeting, **_breakout_fields(form))
        db.session.commit()
        flash(gettext("Breakout group added."), "success")
        return redirect(url_for(".breakouts", meeting_id=meeting.id))
    return form_page("meetings/breakouts.html", form, meeting=meeting)


def _breakout(meeting_id, breakout_id) -> Breakout:
    return get_or_404_within(Breakout, breakout_id, meeting_id=meeting_id)


@bp.route("/<int:meeting_id>/breakouts/<int:breakout_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit_breakout(meeting_id, breakout_id):
    breakout = _breakout(meeting_id, breakout_id)
    form = BreakoutForm(obj=breakout)
    if form.validate_on_submit():
        return save_edit(
            lambda: services.update_breakout(breakout, form.version.data, **_breakout_fields(form)),
            done=gettext("Breakout group saved."),
            then=url_for(".breakouts", meeting_id=meeting_id),
            again=url_for(".edit_breakout", meeting_id=meeting_id, breakout_id=breakout_id),
        )
    return form_page("meetings/breakout_form.html", form, breakout=breakout)


@bp.post("/<int:meeting_id>/breakouts/<int:breakout_id>/delete")
@require("manage")
def delete_breakout(meeting_id, breakout_id):
    services.remove_breakout(_breakout(meeting_id, breakout_id))
    db.session.commit()
    flash(gettext("Breakout group removed."), "success")
    return redirect(url_for(".breakouts", meeting_id=meeting_id))
