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
from ..meetings.services import quorum
from . import services
from .forms import DecisionForm, vote_field_name, votes_form
from .models import VOTE_CHOICES, Decision, Vote
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
    # named votes can be marked right here: the same table as the votes page
    voters = services.meeting_voters(meeting)
    votes = votes_form(voters, {}, reason=None, meta={"csrf": False})
    if request.method == "POST" and "everyone_for" in request.form:
        for person in voters:
            votes[vote_field_name(person.id)].data = "for"
    elif form.validate_on_submit() and votes.validate():
        choices = {p: votes[vote_field_name(p.id)].data or None for p in voters}
        voted = form.vote_mode.data == "named" and any(choices.values())

        def record():
            decision = services.record_decision(meeting, **_fields(form))
            if voted:
                services.take_votes(decision, choices, form.quorum_reason.data)
            else:
                _taken(decision, form)
            return decision

        def then(decision):
            if voted:
                return url_for("meetings.detail", meeting_id=meeting.id) + "#decisions"
            if decision.vote_mode == "named":
                return url_for(".votes", decision_id=decision.id)
            return url_for(".detail", decision_id=decision.id)

        saved = save_edit(
            record,
            done=gettext("Decision recorded."),
            then=then,
            refusals={services.NoQuorum: _no_quorum(form)},
        )
        if saved is not None:
            return saved
    page, status = form_page(
        "decisions/form.html",
        form,
        meeting=meeting,
        decision=None,
        quorum=quorum(meeting),
        voters=voters,
        votes=votes,
        **_tally(meeting, voters, votes),
    )
    return page, 400 if votes.errors else status


def _tally(meeting: Meeting, voters, form) -> dict:
    """The totals and outcome of the votes marked in a form, as the page shows them."""
    counts = {choice: 0 for choice in VOTE_CHOICES}
    for person in voters:
        chosen = form[vote_field_name(person.id)].data
        if chosen in counts:
            counts[chosen] += 1
    outcome = None
    if any(counts.values()):
        outcome = meeting.body.adopted(counts["for"], counts["against"], len(voters))
    return {"counts": counts, "outcome": outcome}


def _taken(decision: Decision, form) -> None:
    """A decision with an outcome needs the meeting's quorum, or staff's reason."""
    if decision.adopted is not None and not decision.meeting.records_frozen:
        services.check_quorum(decision, form.quorum_reason.data)


def _no_quorum(form):
    """Shows the refusal of a decision at a meeting without a quorum beside the reason field."""

    def show(error: services.NoQuorum) -> None:
        form.quorum_reason.errors.append(
            gettext(
                "There is no quorum (%(present)s of %(total)s voting members take part, "
                "%(needed)s needed): the decision cannot be taken. If it was taken all "
                "the same, say why.",
                present=error.quorum.present,
                total=error.quorum.total,
                needed=error.quorum.needed,
            )
        )

    return show


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

        def save():
            services.update_decision(decision, form.version.data, **_fields(form))
            _taken(decision, form)

        saved = save_edit(
            save,
            done=gettext("Decision saved."),
            then=url_for(".detail", decision_id=decision.id),
            refusals={services.NoQuorum: _no_quorum(form)},
        )
        if saved is not None:
            return saved
    return form_page(
        "decisions/form.html",
        form,
        meeting=decision.meeting,
        decision=decision,
        quorum=quorum(decision.meeting),
    )


@bp.route("/decisions/<int:decision_id>/votes", methods=["GET", "POST"])
@require("manage")
def votes(decision_id):
    """Every member who votes at the meeting, in one form: one click puts everyone down as
    for (a script does it on the page; without it the button sends the form back so), then
    staff mark the exceptions; totals and the outcome follow the body's rules."""
    decision = db.get_or_404(Decision, decision_id)
    meeting = decision.meeting
    voters = services.eligible_voters(decision)
    current = {vote.person_id: vote.choice for vote in decision.votes}
    form = votes_form(voters, current, decision.quorum_reason)
    everyone_for = request.method == "POST" and "everyone_for" in request.form
    if everyone_for:
        for person in voters:
            form[vote_field_name(person.id)].data = "for"
    elif form.validate_on_submit():
        choices = {p: form[vote_field_name(p.id)].data or None for p in voters}
        saved = save_edit(
            lambda: services.take_votes(decision, choices, form.quorum_reason.data),
            done=gettext("Votes recorded."),
            then=url_for("meetings.detail", meeting_id=meeting.id) + "#decisions",
            refusals={services.NoQuorum: _no_quorum(form)},
        )
        if saved is not None:
            return saved
    return form_page(
        "decisions/votes.html",
        form,
        decision=decision,
        meeting=meeting,
        voters=voters,
        quorum=quorum(meeting),
        **_tally(meeting, voters, form),
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
