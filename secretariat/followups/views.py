from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from ..auth.permissions import require
from ..core.args import int_arg, text_arg
from ..core.forms import id_choices, id_or_none
from ..core.labels import LABELS
from ..core.lookup import get_or_404_within
from ..core.paging import paginate_by_id
from ..core.versioning import form_page, save_edit
from ..decisions.models import Decision
from ..extensions import db
from ..meetings import queries as meeting_queries
from ..meetings.models import Meeting
from . import listing, queries, services
from .forms import ActionForm, ConclusionForm, NewConclusionForm, ProgressNoteForm
from .models import Action, ActionUpdate, Conclusion

bp = Blueprint("followups", __name__)
bp.add_app_template_global(listing.action_lines)


# --- conclusions ----------------------------------------------------------------


def _conclusion_form(meeting: Meeting, obj=None, form_class=ConclusionForm) -> ConclusionForm:
    form = form_class(obj=obj)
    form.breakout_id.choices = id_choices(meeting.breakouts, "—")
    if obj is not None and request.method == "GET":
        form.breakout_id.data = obj.breakout_id or 0
    return form


@bp.route("/meetings/<int:meeting_id>/conclusions", methods=["GET", "POST"])
@require("manage")
def conclusions(meeting_id):
    meeting = db.get_or_404(
        Meeting,
        meeting_id,
        options=[
            selectinload(Meeting.breakouts),
            selectinload(Meeting.conclusions).options(
                joinedload(Conclusion.breakout), selectinload(Conclusion.actions)
            ),
        ],
    )
    form = _conclusion_form(meeting, form_class=NewConclusionForm)
    form.action_owner_person_id.choices = id_choices(meeting_queries.people(), "—")
    if form.validate_on_submit():
        conclusion = services.add_conclusion(
            meeting, form.kind.data, form.text.data.strip(), id_or_none(form.breakout_id.data)
        )
        if form.action_title.data:
            services.create_action(
                conclusion=conclusion,
                title=form.action_title.data,
                owner_person_id=form.action_owner_person_id.data,
                due_on=form.action_due_on.data,
            )
        db.session.commit()
        flash(gettext("Conclusion added."), "success")
        return redirect(url_for(".conclusions", meeting_id=meeting.id))
    return form_page("followups/conclusions.html", form, meeting=meeting)


@bp.route(
    "/meetings/<int:meeting_id>/conclusions/<int:conclusion_id>/edit", methods=["GET", "POST"]
)
@require("manage")
def edit_conclusion(meeting_id, conclusion_id):
    conclusion = get_or_404_within(Conclusion, conclusion_id, meeting_id=meeting_id)
    form = _conclusion_form(conclusion.meeting, obj=conclusion)
    if form.validate_on_submit():
        return save_edit(
            lambda: services.update_conclusion(
                conclusion,
                form.version.data,
                form.kind.data,
                form.text.data.strip(),
                id_or_none(form.breakout_id.data),
            ),
            done=gettext("Conclusion saved."),
            then=url_for(".conclusions", meeting_id=meeting_id),
        )
    return form_page("followups/conclusion_form.html", form, conclusion=conclusion)


@bp.post("/meetings/<int:meeting_id>/conclusions/<int:conclusion_id>/delete")
@require("manage")
def delete_conclusion(meeting_id, conclusion_id):
    services.remove_conclusion(get_or_404_within(Conclusion, conclusion_id, meeting_id=meeting_id))
    db.session.commit()
    flash(gettext("Conclusion removed."), "success")
    return redirect(url_for(".conclusions", meeting_id=meeting_id))


# --- the tracker ----------------------------------------------------------------


@bp.get("/followups/")
@require("manage")
def tracker():
    filters = {
        "status": text_arg("status"),
        "owner": text_arg("owner"),
        "body": int_arg("body"),
        "meeting": int_arg("meeting"),
        "overdue": request.args.get("overdue") == "1",
    }
    today = services.today()
    page = paginate_by_id(queries.tracker(filters, today), rows_of=queries.action_rows)
    meeting = db.session.get(Meeting, filters["meeting"]) if filters["meeting"] else None
    return render_template(
        "followups/tracker.html",
        page=page,
        filters=filters,
        today=today,
        meeting=meeting,
        owner_name=queries.owner_name(filters["owner"]),
        bodies=meeting_queries.bodies(),
        statuses=LABELS["action_status"],
    )


# --- actions --------------------------------------------------------------------


def _action_form(obj=None) -> ActionForm:
    form = ActionForm(obj=obj)
    form.owner_person_id.choices = id_choices(meeting_queries.people(), "—")
    form.owner_organisation_id.choices = id_choices(meeting_queries.organisations(), "—")
    if obj is not None and request.method == "GET":
        form.owner_person_id.data = obj.owner_person_id or 0
        form.owner_organisation_id.data = obj.owner_organisation_id or 0
        form.version.data = obj.version
    return form


def _action_fields(form: ActionForm) -> dict:
    return {
        "title": form.title.data,
        "description": form.description.data,
        "owner_person_id": id_or_none(form.owner_person_id.data),
        "owner_organisation_id": id_or_none(form.owner_organisation_id.data),
        "due_on": form.due_on.data,
        "status": form.status.data,
    }


@bp.route("/followups/new", methods=["GET", "POST"])
@require("manage")
def create_action():
    conclusion = db.session.get(Conclusion, int_arg("conclusion", 0))
    decision = db.session.get(Decision, int_arg("decision", 0))
    form = _action_form()
    if request.method == "GET":
        if conclusion is not None:
            form.title.data = conclusion.text[:500]
        elif decision is not None:
            form.title.data = decision.title
    if form.validate_on_submit():
        action = services.create_action(
            conclusion=conclusion, decision=decision, **_action_fields(form)
        )
        db.session.commit()
        flash(gettext("Follow-up action created."), "success")
        return redirect(url_for(".action_detail", action_id=action.id))
    return form_page(
        "followups/action_form.html", form, action=None, conclusion=conclusion, decision=decision
    )


@bp.get("/followups/<int:action_id>")
@require("manage")
def action_detail(action_id):
    action = db.get_or_404(
        Action,
        action_id,
        options=[
            joinedload(Action.owner_person),
            joinedload(Action.owner_organisation),
            joinedload(Action.meeting),
            joinedload(Action.conclusion),
            joinedload(Action.decision),
            selectinload(Action.updates).joinedload(ActionUpdate.user),
        ],
    )
    return render_template(
        "followups/action_detail.html",
        action=action,
        note_form=ProgressNoteForm(),
        today=services.today(),
    )


@bp.route("/followups/<int:action_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit_action(action_id):
    action = db.get_or_404(Action, action_id)
    form = _action_form(obj=action)
    if form.validate_on_submit():
        return save_edit(
            lambda: services.update_action(action, form.version.data, **_action_fields(form)),
            done=gettext("Follow-up action saved."),
            then=url_for(".action_detail", action_id=action.id),
        )
    return form_page(
        "followups/action_form.html",
        form,
        action=action,
        conclusion=action.conclusion,
        decision=action.decision,
    )


@bp.post("/followups/<int:action_id>/notes")
@require("manage")
def add_note(action_id):
    action = db.get_or_404(Action, action_id)
    form = ProgressNoteForm()
    if form.validate_on_submit():
        services.add_progress_note(
            action, current_user, form.text.data.strip(), form.status_to.data
        )
        db.session.commit()
        flash(gettext("Progress note added."), "success")
        return redirect(url_for(".action_detail", action_id=action.id))
    return (
        render_template(
            "followups/action_detail.html",
            action=action,
            note_form=form,
            today=services.today(),
        ),
        400,
    )
