import sqlalchemy as sa
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
from sqlalchemy.orm import selectinload

from ..auth.permissions import require
from ..core.args import text_arg
from ..core.dates import today_in_riga
from ..core.labels import LABELS, REGIONS, labels
from ..core.paging import paginate_rows
from ..core.text import split_lines
from ..core.uploads import discard, is_token, keep, larger_uploads, path_of
from ..core.versioning import form_page, save_edit
from ..core.web import spreadsheet_download
from ..extensions import db
from . import export, importing, queries, services
from .directory import apply_directory, plan_directory
from .forms import CommitForm, OrganisationForm, ProposalForm, UploadForm
from .importer import apply_plan, plan_import
from .models import ChangeProposal, Organisation
from .register_sync import sync_register
from .tabular import FileProblem

bp = Blueprint("organisations", __name__)


def _filters() -> dict:
    return {
        "q": text_arg("q"),
        "status": text_arg("status"),
        "region": request.args.get("region", "") if request.args.get("region") in REGIONS else "",
        "field": text_arg("field", 100),
        "signed": request.args.get("signed") == "1",
        "gaps": [g for g in request.args.getlist("gap") if g in queries.GAPS],
    }


@bp.get("/organisations/")
@require("manage")
def register():
    filters = _filters()
    page = paginate_rows(
        queries.register_query(filters, today_in_riga()).with_only_columns(
            *queries.REGISTER_COLUMNS
        )
    )
    return render_template(
        "organisations/list.html",
        status_labels=labels("organisation_status"),
        page=page,
        filters=filters,
        regions=REGIONS,
        statuses=LABELS["organisation_status"],
        gaps=LABELS["gap"],
        fields=queries.fields_of_activity(),
        export_args=request.args.to_dict(flat=False),
        pending=db.session.scalar(
            sa.select(sa.func.count()).where(ChangeProposal.status == "pending")
        ),
    )


@bp.get("/organisations/export.<any(csv, xlsx):kind>")
@require("manage")
def export_register(kind):
    organisations = db.session.scalars(queries.register_query(_filters(), today_in_riga()))
    body = export.to_csv(organisations) if kind == "csv" else export.to_xlsx(organisations)
    return spreadsheet_download(body, kind, f"register-{today_in_riga().isoformat()}")


def _organisation_page(organisation_id: int) -> Organisation:
    return db.get_or_404(
        Organisation,
        organisation_id,
        options=[
            selectinload(Organisation.people),
            selectinload(Organisation.contacts),
            selectinload(Organisation.status_changes),
        ],
    )


@bp.get("/organisations/<int:organisation_id>")
@require("manage")
def detail(organisation_id):
    organisation = _organisation_page(organisation_id)
    return render_template(
        "organisations/detail.html",
        organisation=organisation,
        accounts=queries.signatory_accounts(organisation),
        **queries.related_records(organisation),
    )


def _organisation_fields(form) -> dict:
    return {
        "name": form.name.data,
        "registration_number": form.registration_number.data or None,
        "kind": form.kind.data,
        "legal_form": form.legal_form.data,
        "region": form.region.data,
        "territory": form.territory.data,
        "fields_of_activity": form.fields_of_activity.data,
        "website": form.website.data,
        "emails": services.lines_text(form.emails.data),
        "phones": services.lines_text(form.phones.data),
        "other_contacts": "\n".join(split_lines(form.other_contacts.data)),
        "memorandum_signed_on": form.memorandum_signed_on.data,
        "last_annual_report_year": form.last_annual_report_year.data,
    }


def _taken_registration_number(form, organisation) -> bool:
    regno = form.registration_number.data
    if not regno:
        return False
    other = db.session.scalar(
        sa.select(Organisation.id).where(Organisation.registration_number == regno)
    )
    if other is not None and (organisation is None or other != organisation.id):
        form.registration_number.errors.append(
            gettext("Another organisation has this registration number.")
        )
        return True
    return False


@bp.route("/organisations/new", methods=["GET", "POST"], defaults={"organisation_id": None})
@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id) if organisation_id else None
    form = OrganisationForm(obj=organisation if request.method == "GET" else None)
    if request.method == "GET" and organisation is not None:
        form.version.data = organisation.version
        form.status_on.data = organisation.struck_off_on or organisation.memorandum_withdrawn_on
    if form.validate_on_submit() and not _taken_registration_number(form, organisation):
        return save_edit(
            lambda: services.save_organisation(
                organisation,
                form.version.data,
                form.status.data,
                form.status_on.data,
                **_organisation_fields(form),
            ),
            done=gettext("Organisation saved."),
            then=lambda saved: url_for(".detail", organisation_id=saved.id),
        )
    return form_page("organisations/form.html", form, organisation=organisation)


# --- imports --------------------------------------------------------------------

IMPORTS = {
    "organisations": (plan_import, apply_plan),
    "contacts": (plan_directory, apply_directory),
}


def _upload(token: str):
    """The uploaded file a form names: a 400 for a token that is none of ours, a message
    when its file is gone (imported already, or left too long and swept)."""
    path = path_of(token)
    if path is None:
        if not is_token(token):
            abort(400)
        raise FileProblem(
            gettext(
                "The uploaded file is no longer kept (imported, or left too long): upload it again."
            )
        )
    return path


def _plan(kind: str, token: str, region: str = ""):
    path = _upload(token)
    planner = IMPORTS[kind][0]
    data = path.read_bytes()
    return planner(data, path.name, region) if kind == "contacts" else planner(data, path.name)


def _import_page(kind, plan=None, token=None, problem=None, form=None, commit_form=None):
    form = form or UploadForm()
    return render_template(
        f"organisations/import_{kind}.html",
        form=form,
        plan=plan,
        token=token,
        problem=problem,
        commit_form=commit_form
        or CommitForm(token=token, region=request.form.get("region", ""), formdata=None),
        regions=REGIONS,
    ), 400 if form.errors or problem else 200


@bp.route("/<any(organisations, contacts):kind>/import", methods=["GET", "POST"])
@require("manage")
def import_file(kind):
    form = UploadForm()
    plan, token, problem = importing.preview(
        form, lambda token: _plan(kind, token, request.form.get("region", ""))
    )
    return _import_page(kind, plan, token, problem, form=form)


@bp.post("/<any(organisations, contacts):kind>/import/commit")
@require("manage")
def commit_import(kind):
    form = CommitForm()
    if not form.validate_on_submit():
        abort(400)
    outcome = importing.commit(
        form, lambda token: _plan(kind, token, form.region.data or ""), IMPORTS[kind][1]
    )
    if outcome.problem:
        flash(outcome.problem, "error")
        return redirect(url_for(".import_file", kind=kind))
    if outcome.refusal:
        return _import_page(kind, outcome.plan, form.token.data, outcome.refusal, commit_form=form)
    flash(gettext("Imported: %(n)s rows written.", n=outcome.written), "success")
    if kind == "contacts":
        return redirect(url_for(".import_file", kind=kind))
    return redirect(url_for(".register"))


# --- Enterprise Register ------------------------------------------------------------


def _sync(token: str, apply: bool):
    path = _upload(token)
    with path.open(encoding="utf-8-sig", newline="") as lines:
        return sync_register(lines, apply=apply)


@bp.route("/register/sync", methods=["GET", "POST"])
@larger_uploads("REGISTER_UPLOAD_LIMIT")  # register.csv is some 130 MB
@require("manage")
def register_sync():
    form = UploadForm()
    report, token, problem = None, None, None
    if form.validate_on_submit():
        token = keep(form.file.data.stream, form.file.data.filename)
        try:
            report = _sync(token, apply=False)
        except FileProblem as error:
            problem = str(error)
            discard(token)
        db.session.rollback()
    return render_template(
        "organisations/register_sync.html",
        form=form,
        report=report,
        problem=problem,
        commit_form=CommitForm(token=token),
    ), 400 if form.errors or problem else 200


@bp.post("/register/sync/commit")
@require("manage")
def commit_register_sync():
    form = CommitForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        report = _sync(form.token.data, apply=True)
        db.session.commit()
    except FileProblem as error:
        db.session.rollback()
        discard(form.token.data)
        flash(str(error), "error")
        return redirect(url_for(".register_sync"))
    discard(form.token.data)
    flash(gettext("%(n)s organisations marked struck off.", n=len(report.struck_off)), "success")
    return redirect(url_for(".register", status="struck_off"))


# --- self-service -----------------------------------------------------------------


@bp.route("/my-organisation", methods=["GET", "POST"])
@require("browse")
def my_organisation():
    if current_user.role != "signatory" or current_user.organisation_id is None:
        abort(403)
    organisation = _organisation_page(current_user.organisation_id)
    form = ProposalForm(obj=organisation if request.method == "GET" else None)
    if form.validate_on_submit():
        proposal = services.propose_changes(
            organisation,
            current_user,
            {
                "website": form.website.data,
                "emails": services.lines_text(form.emails.data),
                "phones": services.lines_text(form.phones.data),
                "last_annual_report_year": form.last_annual_report_year.data,
            },
            note=form.note.data,
        )
        db.session.commit()
        if proposal is None:
            flash(gettext("Nothing differs from the record, so nothing was sent."), "info")
        else:
            flash(gettext("Thank you: the secretariat will review your correction."), "success")
        return redirect(url_for(".my_organisation"))
    mine = db.session.scalars(
        sa.select(ChangeProposal)
        .where(ChangeProposal.organisation_id == organisation.id)
        .order_by(ChangeProposal.created_at.desc())
        .limit(10)
    ).all()
    return form_page("organisations/mine.html", form, organisation=organisation, proposals=mine)


@bp.get("/organisations/proposals")
@require("manage")
def proposals():
    return render_template(
        "organisations/proposals.html",
        proposals=services.pending_proposals(),
        labels=LABELS["proposable_field"],
    )


@bp.post("/organisations/proposals/<int:proposal_id>/<any(apply, decline):verdict>")
@require("manage")
def decide_proposal(proposal_id, verdict):
    proposal = db.get_or_404(ChangeProposal, proposal_id)
    if proposal.status != "pending":
        flash(gettext("This correction was already decided."), "error")
        return redirect(url_for(".proposals"))
    if verdict == "apply":
        services.apply_proposal(proposal, current_user)
        flash(
            gettext("Correction applied to %(name)s.", name=proposal.organisation.name), "success"
        )
    else:
        services.decline_proposal(proposal, current_user)
        flash(gettext("Correction declined."), "info")
    db.session.commit()
    return redirect(url_for(".proposals"))
