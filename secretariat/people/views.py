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
from sqlalchemy.orm import joinedload

from ..auth.permissions import require
from ..core.args import int_arg, text_arg
from ..core.dates import today_in_riga
from ..core.forms import id_choices, id_or_none
from ..core.labels import LABELS
from ..core.uploads import path_of
from ..core.versioning import form_page, save_edit
from ..core.web import spreadsheet_download
from ..extensions import db
from ..organisations import importing
from ..organisations.forms import CommitForm, UploadForm
from ..organisations.queries import all_organisations
from ..organisations.services import lines_text
from . import exchange, queries, services
from .forms import MergeForm, PersonForm
from .models import Person

bp = Blueprint("people", __name__, url_prefix="/people")


def _filters() -> dict:
    return {
        "q": text_arg("q"),
        "body": int_arg("body"),
        "organisation": int_arg("organisation"),
        "kind": request.args.get("role", ""),
        "no_email": request.args.get("no_email") == "1",
    }


@bp.get("/")
@require("manage")
def list_people():
    filters = _filters()
    page = db.paginate(
        queries.directory_query(filters, today_in_riga()).options(*queries.directory_row()),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "people/list.html",
        page=page,
        filters=filters,
        kinds=LABELS["person_kind"],
        today=today_in_riga(),
        export_args=request.args.to_dict(flat=False),
        bodies=queries.all_bodies(),
        organisations=queries.organisations_with_people(),
    )


@bp.get("/export.<any(csv, xlsx):kind>")
@require("manage")
def export_people(kind):
    people = db.session.scalars(
        queries.directory_query(_filters(), today_in_riga()).options(
            joinedload(Person.organisation)
        )
    )
    body = exchange.to_csv(people) if kind == "csv" else exchange.to_xlsx(people)
    return spreadsheet_download(body, kind, f"people-{today_in_riga().isoformat()}")


@bp.get("/<int:person_id>")
@require("manage")
def detail(person_id):
    person = db.get_or_404(Person, person_id, options=[joinedload(Person.organisation)])
    return render_template(
        "people/detail.html", person=person, today=today_in_riga(), **queries.person_page(person)
    )


def _person_fields(form: PersonForm) -> dict:
    return {
        "name": form.name.data,
        "title": form.title.data,
        "kind": form.kind.data,
        "organisation_id": id_or_none(form.organisation_id.data),
        "institution": form.institution.data,
        "emails": lines_text(form.emails.data),
        "phones": lines_text(form.phones.data),
        "notes": form.notes.data,
    }


@bp.route("/new", methods=["GET", "POST"], defaults={"person_id": None})
@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit(person_id):
    person = db.get_or_404(Person, person_id) if person_id else None
    form = PersonForm(obj=person if request.method == "GET" else None)
    form.organisation_id.choices = id_choices(all_organisations(), "—")
    if request.method == "GET" and person is not None:
        form.version.data = person.version
        form.organisation_id.data = person.organisation_id or 0
    if form.validate_on_submit():
        return save_edit(
            lambda: services.save_person(person, form.version.data, **_person_fields(form)),
            done=gettext("Person saved."),
            then=lambda saved: url_for(".detail", person_id=saved.id),
        )
    return form_page("people/form.html", form, person=person)


# --- merging ----------------------------------------------------------------------


@bp.route("/<int:person_id>/merge", methods=["GET", "POST"])
@require("manage")
def merge(person_id):
    """Merge another record of the same person into this one: find it, see what moves,
    confirm."""
    kept = db.get_or_404(Person, person_id)
    form = MergeForm()
    if form.validate_on_submit():
        other = db.get_or_404(Person, int(form.other_id.data))
        if other.id == kept.id:
            abort(400)
        try:
            counts = services.merge_people(kept, other)
            db.session.commit()
        except services.MergeRefused as refused:
            db.session.rollback()
            other = db.session.get(Person, other.id)
            return _merge_page(kept, other, refusals=refused.reasons, status=409)
        flash(
            gettext(
                "Merged: %(name)s now holds both records (%(n)s rows moved).",
                name=kept.name,
                n=sum(counts.values()),
            ),
            "success",
        )
        return redirect(url_for(".detail", person_id=kept.id))
    other_id = int_arg("other")
    other = db.session.get(Person, other_id) if other_id and other_id != kept.id else None
    return _merge_page(kept, other, status=400 if form.errors else 200)


def _merge_page(kept: Person, other: Person | None, refusals=None, status: int = 200):
    text = text_arg("q")
    plan = services.merge_plan(kept, other) if other is not None else None
    return render_template(
        "people/merge.html",
        person=kept,
        duplicate=other,
        plan=plan,
        refusals=refusals if refusals is not None else (plan["refusals"] if plan else []),
        candidates=queries.merge_candidates(kept, text) if other is None else [],
        q=text,
        form=MergeForm(other_id=other.id if other else "", formdata=None),
    ), status


# --- import -----------------------------------------------------------------------


def _plan(token: str):
    path = path_of(token)
    if path is None:
        abort(400)
    return exchange.plan_people(path.read_bytes(), path.name)


def _import_page(plan=None, token=None, problem=None, form=None, commit_form=None):
    form = form or UploadForm()
    return render_template(
        "people/import.html",
        form=form,
        plan=plan,
        token=token,
        problem=problem,
        names=exchange.organisation_names(plan) if plan else {},
        commit_form=commit_form or CommitForm(token=token, formdata=None),
    ), 400 if form.errors or problem else 200


@bp.route("/import", methods=["GET", "POST"])
@require("manage")
def import_file():
    form = UploadForm()
    plan, token, problem = importing.preview(form, _plan)
    return _import_page(plan, token, problem, form=form)


@bp.post("/import/commit")
@require("manage")
def commit_import():
    form = CommitForm()
    if not form.validate_on_submit():
        abort(400)
    outcome = importing.commit(form, _plan, exchange.apply_people)
    if outcome.problem:
        flash(outcome.problem, "error")
        return redirect(url_for(".import_file"))
    if outcome.refusal:
        return _import_page(outcome.plan, form.token.data, outcome.refusal, commit_form=form)
    flash(gettext("Imported: %(n)s rows written.", n=outcome.written), "success")
    return redirect(url_for(".list_people"))
