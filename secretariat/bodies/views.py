import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ..auth.permissions import can, require
from ..core.dates import today_in_riga
from ..core.forms import id_choices
from ..core.lookup import get_or_404_within
from ..core.versioning import form_page
from ..extensions import db
from ..organisations.models import Organisation
from ..organisations.queries import all_organisations
from ..people.models import Person
from ..people.queries import all_people
from ..people.services import find_or_create_person
from . import queries, services
from .forms import (
    ConfirmForm,
    EndMembershipForm,
    MembershipForm,
    NominationForm,
    RoundForm,
    RulesForm,
)
from .models import Body, Membership, Nomination, NominationRound

bp = Blueprint("bodies", __name__)


def _refusal(error: services.NominationRefused) -> str:
    return {
        "closed": gettext("The round is not open for nominations."),
        "not a signatory": gettext("Only active signatory organisations can nominate."),
        "already": gettext("This organisation has already nominated a candidate in this round."),
        "decided": gettext("This nomination was already decided."),
    }[str(error)]


@bp.get("/bodies/")
@require("browse")
def list_bodies():
    return render_template(
        "bodies/list.html",
        bodies=queries.all_bodies(),
        member_counts=queries.member_counts(today_in_riga()),
    )


@bp.get("/bodies/<int:body_id>")
@require("browse")
def detail(body_id):
    body = db.get_or_404(Body, body_id)
    recent, count = queries.visible_meetings(body, current_user)
    today = today_in_riga()
    return render_template(
        "bodies/detail.html",
        body=body,
        members=queries.current_members(body, today),
        former=queries.former_members(body, today) if can("manage") else [],
        no_email=queries.members_without_email(body.id, today) if can("manage") else [],
        rounds=queries.rounds(body),
        meetings=recent,
        meeting_count=count,
        end_form=EndMembershipForm(),
    )


@bp.route("/bodies/<int:body_id>/memberships/new", methods=["GET", "POST"])
@require("manage")
def add_membership(body_id):
    body = db.get_or_404(Body, body_id)
    form = MembershipForm()
    form.person_id.choices = id_choices(all_people(), "—")
    form.on_behalf_of_id.choices = id_choices(all_organisations(), "—")
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.on_behalf_of_id.data or 0)
        if form.person_id.data:
            person = db.session.get(Person, form.person_id.data)
        else:
            person = find_or_create_person(
                form.new_person_name.data, organisation, email=form.new_person_email.data
            )
        if person.kind == "other":
            person.kind = "member"
        services.add_membership(
            body,
            person,
            form.position.data,
            form.start_on.data,
            on_behalf_of=organisation,
            voting_right=form.voting_right.data,
            end_on=form.end_on.data,
        )
        db.session.commit()
        flash(gettext("%(name)s added to %(body)s.", name=person.name, body=body), "success")
        return redirect(url_for(".detail", body_id=body.id))
    return form_page("bodies/membership_form.html", form, body=body)


@bp.post("/bodies/<int:body_id>/memberships/<int:membership_id>/end")
@require("manage")
def end_membership(body_id, membership_id):
    membership = get_or_404_within(Membership, membership_id, body_id=body_id)
    form = EndMembershipForm()
    if form.validate_on_submit() and form.end_on.data >= membership.start_on:
        services.end_membership(membership, form.end_on.data)
        db.session.commit()
        flash(
            gettext(
                "The term of %(name)s ends on %(day)s.",
                name=membership.person.name,
                day=form.end_on.data.strftime("%d.%m.%Y."),
            ),
            "success",
        )
    else:
        flash(gettext("Give a real last day, not before the term started."), "error")
    return redirect(url_for(".detail", body_id=body_id))


@bp.route("/bodies/<int:body_id>/rules", methods=["GET", "POST"])
@require("manage")
def edit_rules(body_id):
    """The body's rules of procedure the app applies: quorum, who votes, majority."""
    body = db.get_or_404(Body, body_id)
    form = RulesForm(obj=body)
    if form.validate_on_submit():
        services.set_rules(body, **{key: form[key].data for key in services.RULE_FIELDS})
        db.session.commit()
        flash(gettext("Rules of procedure saved."), "success")
        return redirect(url_for(".detail", body_id=body.id) + "#rules")
    return form_page("bodies/rules_form.html", form, body=body)


# --- nomination rounds ------------------------------------------------------------------


@bp.route("/bodies/<int:body_id>/rounds/new", methods=["GET", "POST"])
@require("manage")
def open_round(body_id):
    body = db.get_or_404(Body, body_id)
    form = RoundForm()
    if form.validate_on_submit():
        if db.session.scalar(
            sa.select(NominationRound.id).where(
                NominationRound.body_id == body.id, NominationRound.period == form.period.data
            )
        ):
            form.period.errors.append(gettext("This body already has a round for that period."))
        else:
            nomination_round = services.open_round(
                body,
                form.period.data,
                form.opens_on.data,
                form.closes_on.data,
                form.term_starts_on.data,
                form.notes.data,
            )
            db.session.commit()
            flash(gettext("Nomination round opened."), "success")
            return redirect(url_for(".round_detail", round_id=nomination_round.id))
    return form_page("bodies/round_form.html", form, body=body)


@bp.get("/rounds/")
@require("browse")
def rounds():
    all_rounds = db.session.scalars(
        sa.select(NominationRound)
        .options(joinedload(NominationRound.body))
        .order_by(NominationRound.closes_on.desc())
    ).all()
    return render_template("bodies/rounds.html", rounds=all_rounds, today=today_in_riga())


def _nomination_form(nomination_round) -> NominationForm:
    form = NominationForm()
    if can("manage"):
        form.organisation_id.choices = id_choices(
            db.session.scalars(
                sa.select(Organisation)
                .where(
                    Organisation.memorandum_signed_on.is_not(None), Organisation.status == "active"
                )
                .order_by(Organisation.search_key)
            ),
            "—",
        )
    else:
        # a signatory nominates for its own organisation: any other choice is refused
        form.organisation_id.choices = id_choices([current_user.organisation])
        if request.method == "GET":
            form.organisation_id.data = current_user.organisation_id
    return form


@bp.route("/rounds/<int:round_id>", methods=["GET", "POST"])
@require("browse")
def round_detail(round_id):
    nomination_round = db.get_or_404(NominationRound, round_id)
    staff = can("manage")
    if not staff and current_user.role != "signatory":
        abort(403)
    form = _nomination_form(nomination_round)
    if request.method == "POST" and form.validate_on_submit():
        organisation_id = form.organisation_id.data if staff else current_user.organisation_id
        organisation = db.session.get(Organisation, organisation_id or 0)
        if organisation is None:
            form.organisation_id.errors.append(gettext("Choose the organisation."))
        else:
            try:
                services.nominate(
                    nomination_round,
                    organisation,
                    form.candidate_name.data,
                    today_in_riga(),
                    user=current_user,
                    candidate_email=form.candidate_email.data or "",
                    motivation=form.motivation.data,
                    by_staff=staff,
                )
                db.session.commit()
                flash(gettext("Nomination received."), "success")
                return redirect(url_for(".round_detail", round_id=round_id))
            except services.NominationRefused as refusal:
                db.session.rollback()
                flash(_refusal(refusal), "error")
    query = (
        sa.select(Nomination)
        .where(Nomination.round_id == round_id)
        .options(joinedload(Nomination.organisation))
        .order_by(Nomination.submitted_at)
    )
    if not staff:  # a signatory sees only its own organisation's nomination
        query = query.where(Nomination.organisation_id == current_user.organisation_id)
    return form_page(
        "bodies/round.html",
        form,
        round=nomination_round,
        nominations=db.session.scalars(query).all(),
        confirm_form=ConfirmForm(),
        today=today_in_riga(),
    )


@bp.post("/nominations/<int:nomination_id>/<any(confirm, reject):verdict>")
@require("manage")
def decide_nomination(nomination_id, verdict):
    nomination = db.get_or_404(Nomination, nomination_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(gettext("Not a real date: write it as day.month.year, e.g. 03.09.2025."), "error")
        return redirect(url_for(".round_detail", round_id=nomination.round_id))
    try:
        if verdict == "confirm":
            services.confirm_nomination(nomination, form.start_on.data)
            flash(
                gettext(
                    "%(name)s now represents %(organisation)s.",
                    name=nomination.candidate_name,
                    organisation=nomination.organisation.name,
                ),
                "success",
            )
        else:
            services.reject_nomination(nomination)
            flash(gettext("Nomination rejected."), "info")
        db.session.commit()
    except services.NominationRefused as refusal:
        db.session.rollback()
        flash(_refusal(refusal), "error")
    return redirect(url_for(".round_detail", round_id=nomination.round_id))
