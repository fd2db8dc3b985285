"""Plans, progress reports and delegated tasks: pages, forms, PDFs and imports."""

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..auth.permissions import require
from ..core.args import int_arg, text_arg
from ..core.dates import short_date
from ..core.forms import id_choices, id_or_none, options
from ..core.labels import LABELS
from ..core.lookup import get_or_404_within
from ..core.numbers import format_money, format_quantity
from ..core.paging import paginate_by_id
from ..core.pdf import pdf_response, render_pdf
from ..core.uploads import keep, path_of
from ..core.versioning import form_page, save_edit
from ..extensions import db
from ..meetings import queries as meeting_queries
from ..meetings.models import AgendaItem
from ..organisations.forms import CommitForm, UploadForm
from ..organisations.models import Organisation
from ..organisations.tabular import FileProblem, UnreadableRows
from . import charts, pdf, queries, services
from .forms import (
    BeneficiaryForm,
    BudgetLineForm,
    DrawConclusionForm,
    IndicatorForm,
    PartForm,
    PlanForm,
    ReportForm,
    TaskForm,
    measure_form,
)
from .imports import IMPORTS
from .models import (
    MEASURE_STATUSES,
    DelegatedTask,
    Direction,
    Goal,
    Measure,
    Plan,
    PlanReport,
)

bp = Blueprint("programmes", __name__, url_prefix="/programmes")


@bp.app_template_filter("import_value")
def import_value_filter(value):
    """A value the import preview shows: amounts by year, numbers, or the text."""
    locale = str(get_locale() or "lv")
    if isinstance(value, dict):
        return "; ".join(f"{year}: {format_money(v, locale)}" for year, v in sorted(value.items()))
    if isinstance(value, Decimal):
        return format_quantity(value, locale)
    return "" if value is None else str(value)


@bp.get("/")
@require("browse")
def index():
    return render_template(
        "programmes/index.html",
        plans=db.session.scalars(queries.plan_list(current_user)).all(),
        tasks=db.session.scalars(queries.task_list(current_user)).all(),
    )


# --- plans ------------------------------------------------------------------------------


def _plan_form(obj=None) -> PlanForm:
    form = PlanForm(obj=obj)
    form.responsible_id.choices = id_choices(meeting_queries.organisations(), "—")
    if obj is not None and request.method == "GET":
        form.responsible_id.data = obj.responsible_id or 0
    return form


def _plan_fields(form: PlanForm) -> dict:
    return {
        "title": form.title.data,
        "first_year": form.first_year.data,
        "last_year": form.last_year.data,
        "responsible_id": id_or_none(form.responsible_id.data),
        "description": form.description.data,
        "links": form.links.data,
        "visibility": form.visibility.data,
    }


@bp.route("/plans/new", methods=["GET", "POST"])
@require("manage")
def create_plan():
    form = _plan_form()
    if form.validate_on_submit():
        plan = services.create_plan(**_plan_fields(form))
        db.session.commit()
        flash(gettext("Plan saved."), "success")
        return redirect(url_for(".structure", plan_id=plan.id))
    return form_page("programmes/plan_form.html", form, plan=None)


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit_plan(plan_id):
    plan = db.get_or_404(Plan, plan_id)
    form = _plan_form(obj=plan)
    if form.validate_on_submit():
        return save_edit(
            lambda: services.update_plan(plan, form.version.data, **_plan_fields(form)),
            done=gettext("Plan saved."),
            then=url_for(".plan", plan_id=plan.id),
            again=url_for(".edit_plan", plan_id=plan.id),
        )
    return form_page("programmes/plan_form.html", form, plan=plan)


def _filters() -> dict:
    status = request.args.get("status", "")
    return {
        "status": status if status in MEASURE_STATUSES else "",
        "direction": int_arg("direction"),
        "responsible": int_arg("responsible"),
        "q": text_arg("q"),
    }


@bp.get("/plans/<int:plan_id>")
def plan(plan_id):
    """A plan's page: its counts and charts, measures by direction and goal, its reports.
    A public plan needs no account."""
    plan = queries.get_visible_plan(plan_id, current_user, *queries.plan_structure_options())
    filters = _filters()
    by_direction = queries.status_counts_by_direction(plan.id)
    counts = queries.total_counts(by_direction)
    page = paginate_by_id(queries.measure_list(plan.id, filters), queries.measure_row())
    implementers, funding = queries.measure_extras([m.id for m in page.items])
    return render_template(
        "programmes/plan.html",
        plan=plan,
        implementers=implementers,
        funding=funding,
        counts=counts,
        status_line=services.status_line(counts),
        charts=charts.plan_charts(plan, counts, by_direction),
        page=page,
        filters=filters,
        statuses=LABELS["measure_status"],
        institutions=queries.responsible_institutions(plan.id),
        reports=queries.plan_reports(plan.id, current_user),
    )


@bp.get("/plans/<int:plan_id>.pdf")
def plan_pdf(plan_id):
    """The plan's progress summary as it stands today, with its charts."""
    plan = queries.get_visible_plan(plan_id, current_user, *queries.plan_structure_options())
    html = pdf.plan_summary_html(plan, str(get_locale() or "lv"))
    return pdf_response(render_pdf(html), f"plana-izpilde-{plan.id}.pdf")


# --- directions and goals -------------------------------------------------------------------

PARTS = {"directions": Direction, "goals": Goal}


def _part_form(plan: Plan, obj=None) -> PartForm:
    form = PartForm(obj=obj)
    form.direction_id.choices = id_choices(plan.directions)
    return form


def _number_free(form: PartForm, model, plan: Plan, row=None) -> bool:
    if services.number_taken(model, plan.id, form.number.data, row):
        form.number.errors.append(gettext("The plan already has this number."))
        return False
    return True


@bp.route("/plans/<int:plan_id>/structure", methods=["GET", "POST"])
@require("manage")
def structure(plan_id):
    """The plan's action directions and goals: add them here (or import the spreadsheet)."""
    plan = db.get_or_404(
        Plan,
        plan_id,
        options=[selectinload(Plan.directions).selectinload(Direction.goals)],
    )
    adding = request.form.get("part") if request.method == "POST" else None
    form = _part_form(plan)
    if adding in PARTS and form.validate_on_submit():
        model = PARTS[adding]
        if adding == "goals" and not form.direction_id.data:
            form.direction_id.errors.append(gettext("Choose the action direction."))
        elif _number_free(form, model, plan):
            if adding == "directions":
                services.add_direction(plan, form.number.data, form.title.data)
            else:
                direction = get_or_404_within(Direction, form.direction_id.data, plan_id=plan.id)
                services.add_goal(direction, form.number.data, form.title.data)
            db.session.commit()
            flash(gettext("Saved."), "success")
            return redirect(url_for(".structure", plan_id=plan.id))
    return form_page("programmes/structure.html", form, plan=plan, adding=adding)


@bp.route(
    "/plans/<int:plan_id>/<any(directions, goals):part>/<int:part_id>/edit",
    methods=["GET", "POST"],
)
@require("manage")
def edit_part(plan_id, part, part_id):
    row = get_or_404_within(PARTS[part], part_id, plan_id=plan_id)
    plan = db.session.get(Plan, plan_id)
    form = _part_form(plan, obj=row)
    if form.validate_on_submit() and _number_free(form, PARTS[part], plan, row):
        fields = {"number": form.number.data, "title": form.title.data}
        if part == "goals" and form.direction_id.data:
            fields["direction_id"] = get_or_404_within(
                Direction, form.direction_id.data, plan_id=plan_id
            ).id
        return save_edit(
            lambda: services.update_part(row, form.version.data, **fields),
            done=gettext("Saved."),
            then=url_for(".structure", plan_id=plan_id),
            again=url_for(".edit_part", plan_id=plan_id, part=part, part_id=part_id),
        )
    return form_page("programmes/part_form.html", form, plan=plan, part=part, row=row)


@bp.post("/plans/<int:plan_id>/<any(directions, goals):part>/<int:part_id>/delete")
@require("manage")
def delete_part(plan_id, part, part_id):
    row = get_or_404_within(PARTS[part], part_id, plan_id=plan_id)
    try:
        services.remove_part(row)
    except services.NotEmpty:
        db.session.rollback()
        flash(gettext("It still has measures: move or remove them first."), "error")
    else:
        db.session.commit()
        flash(gettext("Removed."), "success")
    return redirect(url_for(".structure", plan_id=plan_id))


# --- measures -----------------------------------------------------------------------------


def _measure_form(plan: Plan, obj=None):
    form = measure_form(plan.years, obj=obj)
    organisations = meeting_queries.organisations()
    form.goal_id.choices = id_choices(
        [goal for direction in plan.directions for goal in direction.goals], "—"
    )
    form.responsible_id.choices = id_choices(organisations, "—")
    form.implementer_ids.choices = id_choices(organisations)
    if obj is not None and request.method == "GET":
        form.responsible_id.data = obj.responsible_id or 0
        form.implementer_ids.data = [o.id for o in obj.implementers]
        amounts = {f.year: f.amount for f in obj.funding}
        for field in form.funding_fields():
            field.data = amounts.get(int(field.name.removeprefix("funding_")))
    return form


def _measure_fields(form) -> dict:
    return {
        "goal_id": form.goal_id.data,
        "number": form.number.data,
        "title": form.title.data.strip(),
        "responsible_id": id_or_none(form.responsible_id.data),
        "status": form.status.data,
        "status_reason": form.status_reason.data.strip(),
        "result": form.result.data,
        "indicators": form.indicators.data,
        "implementer_ids": form.implementer_ids.data or [],
        "funding": form.funding(),
    }


def _plan_with_structure(plan_id) -> Plan:
    return db.get_or_404(
        Plan, plan_id, options=[selectinload(Plan.directions).selectinload(Direction.goals)]
    )


@bp.route("/plans/<int:plan_id>/measures/new", methods=["GET", "POST"])
@require("manage")
def create_measure(plan_id):
    plan = _plan_with_structure(plan_id)
    form = _measure_form(plan)
    if request.method == "GET" and int_arg("goal"):
        form.goal_id.data = int_arg("goal")
    if form.validate_on_submit() and _number_free(form, Measure, plan):
        services.add_measure(plan, **_measure_fields(form))
        db.session.commit()
        flash(gettext("Measure saved."), "success")
        return redirect(url_for(".plan", plan_id=plan.id))
    return form_page("programmes/measure_form.html", form, plan=plan, measure=None)


@bp.route("/plans/<int:plan_id>/measures/<int:measure_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit_measure(plan_id, measure_id):
    measure = get_or_404_within(Measure, measure_id, plan_id=plan_id)
    plan = _plan_with_structure(plan_id)
    form = _measure_form(plan, obj=measure)
    if form.validate_on_submit() and _number_free(form, Measure, plan, measure):
        return save_edit(
            lambda: services.update_measure(measure, form.version.data, **_measure_fields(form)),
            done=gettext("Measure saved."),
            then=url_for(".plan", plan_id=plan_id) + f"#measure-{measure.id}",
            again=url_for(".edit_measure", plan_id=plan_id, measure_id=measure_id),
        )
    return form_page("programmes/measure_form.html", form, plan=plan, measure=measure)


@bp.post("/plans/<int:plan_id>/measures/<int:measure_id>/delete")
@require("manage")
def delete_measure(plan_id, measure_id):
    services.remove_measure(get_or_404_within(Measure, measure_id, plan_id=plan_id))
    db.session.commit()
    flash(gettext("Measure removed."), "success")
    return redirect(url_for(".plan", plan_id=plan_id))


# --- progress reports ---------------------------------------------------------------------


def _report_form(obj=None) -> ReportForm:
    form = ReportForm(obj=obj)
    form.agenda_item_id.choices = _agenda_choices()
    return form


def _agenda_choices():
    """Agenda items named with their meeting: "24.09.2025. Padomes sēde — 3.§ …"."""
    return options(
        [(0, "—")]
        + [
            (item.id, f"{short_date(item.meeting.starts_at)} {item.meeting.title} — {item}")
            for item in queries.agenda_items()
        ]
    )


def _agenda_item(form_field) -> AgendaItem:
    item = db.session.get(AgendaItem, form_field.data)
    if item is None:
        abort(400)
    return item


def _report_fields(form: ReportForm) -> dict:
    return {
        "title": form.title.data,
        "presented_on": form.presented_on.data,
        "presenter": form.presenter.data,
        "conclusions_text": form.conclusions_text.data,
        "visibility": form.visibility.data,
    }


@bp.route("/plans/<int:plan_id>/reports/new", methods=["GET", "POST"])
@require("manage")
def present_report(plan_id):
    plan = db.get_or_404(Plan, plan_id)
    form = _report_form()
    if request.method == "GET":
        form.title.data = gettext("Progress of %(plan)s", plan=plan.title)[:500]
        form.presenter.data = str(plan.responsible or "")
        form.visibility.data = plan.visibility
        form.agenda_item_id.data = int_arg("agenda_item", 0)
    if form.validate_on_submit():
        report = services.present_report(
            plan, _agenda_item(form.agenda_item_id), **_report_fields(form)
        )
        db.session.commit()
        flash(
            gettext("Report recorded: the measures' statuses are kept as they are today."),
            "success",
        )
        return redirect(url_for(".report", report_id=report.id))
    return form_page("programmes/report_form.html", form, plan=plan, report=None)


@bp.get("/reports/<int:report_id>")
def report(report_id):
    """A progress report as presented: its frozen counts, charts and measures."""
    report = queries.get_visible_report(report_id, current_user)
    counts = queries.entry_counts(report.entries)
    return render_template(
        "programmes/report.html",
        report=report,
        plan=report.plan,
        status_line=services.status_line(counts),
        charts=charts.report_charts(report.entries, counts),
        undrawn=services.undrawn_lines(report),
        conclusion_form=DrawConclusionForm(),
    )


@bp.get("/reports/<int:report_id>.pdf")
def report_pdf(report_id):
    report = queries.get_visible_report(report_id, current_user)
    html = pdf.report_html(report, str(get_locale() or "lv"))
    return pdf_response(render_pdf(html), f"plana-izpildes-zinojums-{report.id}.pdf")


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit_report(report_id):
    report = db.get_or_404(PlanReport, report_id)
    form = _report_form(obj=report)
    if form.validate_on_submit():
        item = _agenda_item(form.agenda_item_id)
        return save_edit(
            lambda: services.update_report(
                report, form.version.data, agenda_item=item, **_report_fields(form)
            ),
            done=gettext("Report saved."),
            then=url_for(".report", report_id=report.id),
            again=url_for(".edit_report", report_id=report.id),
        )
    return form_page("programmes/report_form.html", form, plan=report.plan, report=report)


@bp.post("/reports/<int:report_id>/delete")
@require("manage")
def delete_report(report_id):
    report = db.get_or_404(PlanReport, report_id)
    plan_id = report.plan_id
    services.remove_report(report)
    db.session.commit()
    flash(gettext("Report removed."), "success")
    return redirect(url_for(".plan", plan_id=plan_id))


SOURCES = {"reports": PlanReport, "tasks": DelegatedTask}


@bp.post("/<any(reports, tasks):source>/<int:source_id>/conclusions")
@require("manage")
def draw_conclusion(source, source_id):
    """One of the report's conclusions becomes a conclusion of the meeting it was
    presented at; follow-up actions are then created from it as from any conclusion."""
    record = db.get_or_404(SOURCES[source], source_id)
    back = (
        url_for(".report", report_id=source_id)
        if source == "reports"
        else url_for(".task", task_id=source_id)
    )
    form = DrawConclusionForm()
    if not form.validate_on_submit():
        flash(gettext("Write the conclusion first."), "error")
        return redirect(back)
    try:
        conclusion = services.draw_conclusion(record, form.kind.data, form.text.data.strip())
    except services.NoMeeting:
        flash(gettext("Record the meeting where the report was reviewed first."), "error")
        return redirect(back)
    db.session.commit()
    flash(gettext("Conclusion added to the meeting."), "success")
    if request.form.get("then") == "action":
        return redirect(url_for("followups.create_action", conclusion=conclusion.id))
    return redirect(back + "#conclusions")


# --- delegated tasks ----------------------------------------------------------------------


def _task_form(obj=None) -> TaskForm:
    form = TaskForm(obj=obj)
    organisations = meeting_queries.organisations()
    form.delegating_id.choices = id_choices(organisations, "—")
    form.performer_id.choices = id_choices(organisations, "—")
    form.review_item_id.choices = _agenda_choices()
    if obj is not None and request.method == "GET":
        form.delegating_id.data = obj.delegating_id or 0
        form.performer_id.data = obj.performer_id or 0
        form.review_item_id.data = obj.report_agenda_item_id or 0
    return form


def _task_fields(form: TaskForm) -> dict:
    return {
        "title": form.title.data,
        "delegating_id": id_or_none(form.delegating_id.data),
        "performer_id": id_or_none(form.performer_id.data),
        "contract_number": form.contract_number.data,
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "objectives": form.objectives.data,
        "evaluation": form.evaluation.data,
        "report_due_on": form.report_due_on.data,
        "report_received_on": form.report_received_on.data,
        "visibility": form.visibility.data,
        "review_item": db.session.get(AgendaItem, form.review_item_id.data or 0),
    }


@bp.route("/tasks/new", methods=["GET", "POST"])
@require("manage")
def create_task():
    form = _task_form()
    if form.validate_on_submit():
        task = services.create_task(**_task_fields(form))
        db.session.commit()
        flash(gettext("Delegated task saved."), "success")
        return redirect(url_for(".task", task_id=task.id))
    return form_page("programmes/task_form.html", form, task=None)


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit_task(task_id):
    task = db.get_or_404(DelegatedTask, task_id)
    form = _task_form(obj=task)
    if form.validate_on_submit():
        return save_edit(
            lambda: services.update_task(task, form.version.data, **_task_fields(form)),
            done=gettext("Delegated task saved."),
            then=url_for(".task", task_id=task.id),
            again=url_for(".edit_task", task_id=task.id),
        )
    return form_page("programmes/task_form.html", form, task=task)


@bp.get("/tasks/<int:task_id>")
def task(task_id):
    """A delegated task: its results, beneficiaries, budget, charts and report's status."""
    task = queries.get_visible_task(task_id, current_user, *queries.task_page_options(current_user))
    return render_template(
        "programmes/task.html",
        task=task,
        report_status=services.report_status_text(task),
        charts=charts.task_charts(task),
        conclusion_form=DrawConclusionForm(),
    )


@bp.get("/tasks/<int:task_id>.pdf")
def task_pdf(task_id):
    """The report on the task in the official table layout (seed 000)."""
    task = queries.get_visible_task(task_id, current_user, *queries.task_page_options(current_user))
    html = pdf.task_report_html(task, str(get_locale() or "lv"))
    return pdf_response(render_pdf(html), f"deleget-uzdevuma-parskats-{task.id}.pdf")


PART_FORMS = {
    "indicators": IndicatorForm,
    "beneficiaries": BeneficiaryForm,
    "budget": BudgetLineForm,
}


def _row_form(part: str, obj=None):
    form = PART_FORMS[part](obj=obj)
    if part == "beneficiaries":
        form.organisation_id.choices = id_choices(meeting_queries.organisations(), "—")
        if obj is not None and request.method == "GET":
            form.organisation_id.data = obj.organisation_id or 0
    return form


def _row_fields(part: str, form) -> dict:
    fields = {name: form[name].data for name in services.TASK_PARTS[part][1]}
    if part == "beneficiaries":
        fields["organisation_id"] = id_or_none(fields["organisation_id"])
        if not fields["name"] and fields["organisation_id"]:
            fields["name"] = db.session.get(Organisation, fields["organisation_id"]).name
    return fields


def _year_free(part, form, task, line=None) -> bool:
    if part == "budget" and services.year_taken(task, form.year.data, line):
        form.year.errors.append(gettext("This year already has a line: change that one."))
        return False
    return True


@bp.route(
    "/tasks/<int:task_id>/<any(indicators, beneficiaries, budget):part>", methods=["GET", "POST"]
)
@require("manage")
def task_part(task_id, part):
    """A task's indicators, beneficiaries or budget lines: the list and a form to add one."""
    task = db.get_or_404(
        DelegatedTask,
        task_id,
        options=[
            selectinload(DelegatedTask.indicators),
            selectinload(DelegatedTask.beneficiaries),
            selectinload(DelegatedTask.budget_lines),
        ],
    )
    form = _row_form(part)
    if form.validate_on_submit() and _year_free(part, form, task):
        services.add_task_row(task, part, **_row_fields(part, form))
        db.session.commit()
        flash(gettext("Saved."), "success")
        return redirect(url_for(".task_part", task_id=task.id, part=part))
    return form_page("programmes/task_part.html", form, task=task, part=part)


def _task_row(task_id, part, row_id):
    return get_or_404_within(services.TASK_PARTS[part][0], row_id, task_id=task_id)


@bp.route(
    "/tasks/<int:task_id>/<any(indicators, beneficiaries, budget):part>/<int:row_id>/edit",
    methods=["GET", "POST"],
)
@require("manage")
def edit_task_row(task_id, part, row_id):
    row = _task_row(task_id, part, row_id)
    form = _row_form(part, obj=row)
    if form.validate_on_submit() and _year_free(part, form, row.task, row):
        fields = _row_fields(part, form)
        return save_edit(
            lambda: services.update_task_row(row, part, form.version.data, **fields),
            done=gettext("Saved."),
            then=url_for(".task_part", task_id=task_id, part=part),
            again=url_for(".edit_task_row", task_id=task_id, part=part, row_id=row_id),
        )
    return form_page("programmes/task_row_form.html", form, task=row.task, part=part, row=row)


@bp.post("/tasks/<int:task_id>/<any(indicators, beneficiaries, budget):part>/<int:row_id>/delete")
@require("manage")
def delete_task_row(task_id, part, row_id):
    services.remove_task_row(_task_row(task_id, part, row_id))
    db.session.commit()
    flash(gettext("Removed."), "success")
    return redirect(url_for(".task_part", task_id=task_id, part=part))


# --- imports ------------------------------------------------------------------------------


def _import_target(kind: str, record_id: int):
    model = IMPORTS[kind][0]
    options = (
        [selectinload(Plan.directions).selectinload(Direction.goals)]
        if model is Plan
        else [selectinload(DelegatedTask.indicators)]
    )
    return db.get_or_404(model, record_id, options=options)


def _import_plan(kind, record, token):
    path = path_of(token)
    if path is None:
        abort(400)
    return IMPORTS[kind][1](record, path.read_bytes(), path.name)


def _import_page(kind, record, plan=None, token=None, problem=None, form=None, commit_form=None):
    form = form or UploadForm()
    return render_template(
        "programmes/import.html",
        kind=kind,
        record=record,
        form=form,
        plan=plan,
        token=token,
        problem=problem,
        commit_form=commit_form or CommitForm(token=token, formdata=None),
    ), 400 if form.errors or problem else 200


@bp.route("/<any(plans, tasks):kind>/<int:record_id>/import", methods=["GET", "POST"])
@require("manage")
def import_file(kind, record_id):
    record = _import_target(kind, record_id)
    form = UploadForm()
    plan, token, problem = None, None, None
    if form.validate_on_submit():
        token = keep(form.file.data.stream, form.file.data.filename)
        try:
            plan = _import_plan(kind, record, token)
        except FileProblem as error:
            problem = str(error)
    return _import_page(kind, record, plan, token, problem, form=form)


@bp.post("/<any(plans, tasks):kind>/<int:record_id>/import/commit")
@require("manage")
def commit_import(kind, record_id):
    record = _import_target(kind, record_id)
    form = CommitForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        plan = _import_plan(kind, record, form.token.data)
        written = IMPORTS[kind][2](record, plan, skip_unreadable=form.skip_unreadable.data)
        db.session.commit()
    except FileProblem as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".import_file", kind=kind, record_id=record_id))
    except UnreadableRows as refused:
        db.session.rollback()
        refusal = refused.refusal()
        return _import_page(kind, record, plan, form.token.data, refusal, commit_form=form)
    except Exception:
        db.session.rollback()  # all or nothing
        raise
    flash(gettext("Imported: %(n)s rows written.", n=written), "success")
    if kind == "plans":
        return redirect(url_for(".plan", plan_id=record_id))
    return redirect(url_for(".task", task_id=record_id))
