from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..auth.permissions import require
from ..core.args import int_arg
from ..core.forms import id_choices, id_or_none
from ..core.versioning import form_page, save_edit
from ..extensions import db
from ..meetings.models import Meeting
from . import services
from .forms import DecisionForm, votes_form
from .models import Decision, Vote
from .queries import get_visible_decision

bp = Blueprint("decisions", __name__)


@bp.app_template_filter("vote_line")
def vote_line_filter(decision):
    return services.vote_line(decision)


def _decision_form(meeting: Meeting, obj=None) -> DecisionForm:
    form = DecisionForm(meeting=meeting, decision=obj)
    form.agenda_item_id.choices = id_choices(meeting.agenda_items, "—")
    if obj is not None and request.method == "GET":
        form.agenda_item_id.data = obj.agenda_item_id or 0
        form.adopted.data = {True: "yes", False: "no"}.get(obj.adopted, "")
    return form


def _fields(form: DecisionForm) -> dict:
    return {
        "agenda_item_id": id_or_none(form.agenda_item_id.data),
        "number": form.number.data,
        "title": form.title.data,
        "text": form.text.data,
        "adopted": form.adopted_value(),
        "vote_mode": form.vote_mode.data,
        "votes_for": form.votes_for.data,
        "votes_against": form.votes_against.data,
        "votes_abstain": form.votes_abstain.data,
        "visibility": form.visibility.data,
    }


@bp.route("/meetings/<int:meeting_id>/decisions/new", methods=["GET", "POST"])
@require("manage")
def create(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = _decision_form(meeting)
    if request.method == "GET":
        form.visibility.data = meeting.visibility
    if request.method == "GET" and int_arg("agenda_item"):
        form.agenda_item_id.data = int_arg("agenda_item")
    if form.validate_on_submit():
        decision = services.record_decision(meeting, **_fields(form))
        db.session.commit()
        flash(gettext("Decision recorded."), "success")
        if decision.vote_mode == "named":
            return redirect(url_for(".votes", decision_id=decision.id))
        return redirect(url_for(".detail", decision_id=decision.id))
    return form_page("decisions/form.html", form, meeting=meeting, decision=None)


def _visible_decision(decision_id: int) -> Decision:
    return get_visible_decision(
        decision_id,
        current_user,
        contains_eager(Decision.meeting).joinedload(Meeting.body),
        joinedload(Decision.agenda_item),
        selectinload(Decision.votes).joinedload(Vote.person),
    )


@bp.get("/decisions/<int:decision_id>")
def detail(decision_id):
    """A decision's page: a public decision of a public meeting needs no account."""
    decision = _visible_decision(decision_id)
    return render_template("decisions/detail.html", decision=decision, meeting=decision.meeting)


@bp.route("/decisions/<int:decision_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit(decision_id):
    decision = db.get_or_404(Decision, decision_id)
    form = _decision_form(decision.meeting, obj=decision)
    if form.validate_on_submit():
        return save_edit(
            lambda: services.update_decision(decision, form.version.data, **_fields(form)),
            done=gettext("Decision saved."),
            then=url_for(".detail", decision_id=decision.id),
            again=url_for(".edit", decision_id=decision_id),
        )
    return form_page("decisions/form.html", form, meeting=decision.meeting, decision=decision)


@bp.route("/decisions/<int:decision_id>/votes", methods=["GET", "POST"])
@require("manage")
def votes(decision_id):
    decision = db.get_or_404(Decision, decision_id)
    voters = services.eligible_voters(decision)
    current = {vote.person_id: vote.choice for vote in decision.votes}
    form = votes_form(voters, current)
    if form.validate_on_submit():
        choices = {p: form[f"vote-{p.id}"].data or None for p in voters}
        services.record_votes(decision, choices)
        db.session.commit()
        flash(gettext("Votes recorded."), "success")
        return redirect(url_for(".detail", decision_id=decision.id))
    return form_page(
        "decisions/votes.html", form, decision=decision, meeting=decision.meeting, voters=voters
    )


@bp.post("/decisions/<int:decision_id>/delete")
@require("manage")
def delete(decision_id):
    decision = db.get_or_404(Decision, decision_id)
    meeting_id = decision.meeting_id
    services.remove_decision(decision)
    db.session.commit()
    flash(gettext("Decision removed."), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting_id) + "#decisions")
