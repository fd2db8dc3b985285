from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user

from ..auth.permissions import can, require
from ..bodies.queries import members_without_email
from ..core.args import int_arg
from ..core.forms import id_choices, id_or_none
from ..core.labels import LABELS
from ..core.lookup import get_or_404_within
from ..core.paging import paginate_rows
from ..core.versioning import form_page, save_edit
from ..extensions import db
from ..organisations.queries import region_contacts, region_ngo_count
from ..people.models import Person
from ..people.services import find_or_create_person
from . import listing, queries, services
from .forms import (
    GUEST_LINES,
    AgendaItemForm,
    BreakoutForm,
    MeetingForm,
    attendance_sheet_form,
    sheet_field,
)
from .models import MEETING_KINDS, MEETING_STATUSES, AgendaItem, Breakout, Meeting

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


bp.add_app_template_global(listing.meeting_where)
bp.add_app_template_global(listing.meeting_lines)


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
    page = paginate_rows(queries.meeting_list(current_user, **filters))
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
        meeting_id, current_user, *queries.meeting_page_options(current_user, attendances=False)
    )
    attendance = queries.attendance_lines(meeting.id)
    region = {}
    if meeting.region and can("manage"):
        region = {
            "contacts": region_contacts(meeting.region),
            "ngo_count": region_ngo_count(meeting.region),
        }
    no_email = []
    if can("manage") and meeting.kind_rules.invites == "members" and meeting.status == "planned":
        no_email = members_without_email(meeting.body_id, meeting.local_start.date())
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        region=region,
        no_email=no_email,
        attendance=attendance,
        attendance_counts=services.attendance_counts(attendance),
        quorum=services.quorum(meeting, attendance),
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
        # a new meeting starts and ends at the hours the body's last one of its kind did
        last = queries.last_meeting(form.body_id.data, form.kind.data or MEETING_KINDS[0])
        if last is not None:
            form.start_time.data = last.local_start.time().replace(tzinfo=None)
            if last.local_end and last.local_end.date() == last.local_start.date():
                form.end_time.data = last.local_end.time().replace(tzinfo=None)
    if form.validate_on_submit():
        meeting = services.create_meeting(**_meeting_fields(form))
        for title in form.agenda_items():
            services.add_agenda_item(meeting, title)
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
        )
    return form_page("meetings/form.html", form, meeting=meeting)


# --- agenda -----------------------------------------------------------------


def _agenda_fields(form: AgendaItemForm) -> dict:
    return {name: form[name].data for name in services.AGENDA_ITEM_FIELDS}


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


class TwiceOnTheSheet(Exception):
    """The same person on two lines of the attendance sheet."""


def _sheet_lines(form, rows, people, organisation_named) -> list[services.SheetLine]:
    """What the sheet says, with typed names read as people of the directory (or new
    people, created with the organisation they represent)."""

    def person(text: str, organisation) -> Person:
        return people.get(text) or find_or_create_person(text, organisation)

    lines = []
    for row in rows:
        key = row.person.id
        mode = form[sheet_field("mode", key)].data or None
        expert = None
        if mode == "delegate" and row.is_member:
            expert = person(form[sheet_field("delegate", key)].data, row.representing)
        lines.append(
            services.SheetLine(
                row.person, mode, row.representing, expert, form[sheet_field("note", key)].data
            )
        )
    for line in range(GUEST_LINES):
        name = form[sheet_field("guest", f"{line}-name")].data
        if not name:
            continue
        organisation = organisation_named(form[sheet_field("guest", f"{line}-organisation")].data)
        guest = person(name, organisation)
        lines.append(
            services.SheetLine(
                guest,
                form[sheet_field("guest", f"{line}-mode")].data,
                organisation or guest.organisation,
            )
        )
    seen = set()
    for line in lines:
        for someone in (line.person, line.delegate) if line.mode else ():
            if someone is not None and someone.id in seen:
                raise TwiceOnTheSheet(someone.name)
            if someone is not None:
                seen.add(someone.id)
    return lines


@bp.route("/<int:meeting_id>/attendance", methods=["GET", "POST"])
@require("manage")
def attendance(meeting_id):
    """The whole attendance sheet in one form: the body's members and others invited."""
    meeting = db.get_or_404(Meeting, meeting_id)
    rows = queries.attendance_sheet(meeting)
    people = queries.person_labels(queries.people())
    label_of = {p.id: text for text, p in people.items()}
    organisations = queries.organisations()
    by_name = {o.name.casefold(): o for o in organisations}

    def organisation_named(text: str):
        return by_name.get(text.strip().casefold()) if text else None

    form = attendance_sheet_form(rows, lambda p: label_of.get(p.id, p.name), organisation_named)
    if request.method == "GET":
        form.version.data = meeting.attendance_version
    if form.validate_on_submit():

        def twice(error):
            form.form_errors.append(
                gettext("%(name)s is on the sheet twice: keep one line.", name=str(error))
            )

        saved = save_edit(
            lambda: services.save_attendance(
                meeting,
                form.version.data,
                _sheet_lines(form, rows, people, organisation_named),
            ),
            done=gettext("Attendance saved."),
            then=url_for(".detail", meeting_id=meeting.id) + "#attendance",
            refusals={TwiceOnTheSheet: twice},
        )
        if saved is not None:
            return saved
    return form_page(
        "meetings/attendance.html",
        form,
        meeting=meeting,
        rows=rows,
        people=people,
        organisations=organisations,
        guest_lines=range(GUEST_LINES),
        quorum=services.quorum(meeting),
    )


# --- breakout groups ------------------------------------------------------------


def _breakout_fields(form: BreakoutForm) -> dict:
    return {name: form[name].data for name in services.BREAKOUT_FIELDS}


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
        )
    return form_page("meetings/breakout_form.html", form, breakout=breakout)


@bp.post("/<int:meeting_id>/breakouts/<int:breakout_id>/delete")
@require("manage")
def delete_breakout(meeting_id, breakout_id):
    services.remove_breakout(_breakout(meeting_id, breakout_id))
    db.session.commit()
    flash(gettext("Breakout group removed."), "success")
    return redirect(url_for(".breakouts", meeting_id=meeting_id))
