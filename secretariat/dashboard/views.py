from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from ..auth.permissions import can, require
from ..core.dates import today_in_riga
from ..core.forms import id_choices, id_or_none
from ..core.labels import LABELS
from ..core.pdf import pdf_response, render_pdf
from ..core.types import utcnow
from ..core.versioning import form_page, save_edit
from ..core.web import spreadsheet_download
from ..extensions import db
from ..followups.queries import overdue_count
from ..programmes.queries import task_list
from . import overview, queries, report, services
from .audit_display import audit_rows
from .forms import ActivityForm
from .periods import Period, PeriodForm, chosen_period

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@require("browse")
def home():
    if current_user.role == "signatory":
        return redirect(url_for("updates.portal"))  # their start page is the portal
    now, today = utcnow(), today_in_riga()
    context = {
        "upcoming": queries.upcoming_meetings(current_user, now),
        "recent": queries.recent_meetings(current_user, now),
        "today": today,
        "to_read": queries.minutes_to_read(current_user),
    }
    if can("manage"):
        context["overdue"] = queries.overdue_actions(today)
        context["overdue_total"] = overdue_count(today)
        context["due_soon"] = queries.actions_due_soon(today)
    return render_template("dashboard/home.html", **context)


def _period_form(default: Period) -> tuple[PeriodForm, Period]:
    form = PeriodForm(formdata=request.args)
    period = chosen_period(form, default)
    for field, day in ((form.start, period.start), (form.end, period.end)):
        if not field.raw_data or not field.raw_data[0].strip():
            field.data = day  # the form shows the period shown
    return form, period


def _presets(today) -> list[tuple[str, Period]]:
    """The periods offered in one click: the last twelve months and the last five years."""
    return [(gettext("Last 12 months"), Period.last_twelve_months(today))] + [
        (str(year), Period.year(year)) for year in range(today.year, today.year - 5, -1)
    ]


@bp.get("/dashboard/", endpoint="overview")
@require("manage")
def overview_page():
    """The year at a glance: the period's meetings, attendance and actions as charts with
    their tables, the register's gaps and what waits for staff, each linking to its list."""
    today = today_in_riga()
    form, period = _period_form(Period.last_twelve_months(today))
    found = overview.overview(period, today)
    page = render_template(
        "dashboard/overview.html",
        form=form,
        period=period,
        presets=_presets(today),
        charts=found.charts,
        counts=found.counts,
        gap_filters=queries.GAP_FILTERS,
    )
    return page, 400 if form.errors else 200


# --- the secretariat's activity report --------------------------------------------------


def _report_period() -> tuple[PeriodForm, Period, list]:
    """The period a report covers (this year unless chosen), and the usual ones."""
    today = today_in_riga()
    form, period = _period_form(Period.year(today.year))
    return form, period, _presets(today)[1:]


def _period_args(period: Period) -> dict:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


@bp.get("/activity-report/")
@require("manage")
def activity_report():
    """What the secretariat did in a period, counted from the records, beside its targets."""
    form, period, presets = _report_period()
    page = render_template(
        "dashboard/report.html",
        form=form,
        period=period,
        presets=presets,
        report=report.report(period),
        period_args=_period_args(period),
    )
    return page, 400 if form.errors else 200


@bp.route("/activity-report/targets", methods=["GET", "POST"])
@require("manage")
def activity_targets():
    """The period's targets, the secretariat's account of it and the task it reports on."""
    _, period, _ = _report_period()
    saved = report.saved_period(period)
    form = ActivityForm(obj=saved)
    form.task_id.choices = id_choices(db.session.scalars(task_list(current_user)), "—")
    if request.method == "GET":
        form.task_id.data = saved.task_id if saved and saved.task_id else 0
        for target in saved.targets if saved else ():
            if target.indicator in report.KEYS:
                form.target(target.indicator).data = target.target
    if form.validate_on_submit():
        return save_edit(
            lambda: services.save_period(
                period,
                form.version.data,
                {key: form.target(key).data for key in report.KEYS},
                form.narrative.data,
                id_or_none(form.task_id.data),
            ),
            done=gettext("Targets and account saved."),
            then=url_for(".activity_report", **_period_args(period)),
        )
    return form_page(
        "dashboard/targets.html",
        form,
        period=period,
        indicators=report.INDICATORS,
        achieved=report.achieved(period),
    )


@bp.get("/activity-report.pdf")
@require("manage")
def activity_report_pdf():
    _, period, _ = _report_period()
    found = report.report(period)
    document = render_pdf(report.pdf_html(found, str(get_locale() or "lv")))
    return pdf_response(document, f"{report.file_stem(period)}.pdf")


@bp.get("/activity-report.xlsx")
@require("manage")
def activity_report_xlsx():
    _, period, _ = _report_period()
    found = report.report(period)
    body = report.spreadsheet(found, str(get_locale() or "lv"))
    return spreadsheet_download(body, "xlsx", report.file_stem(period))


@bp.get("/audit/")
@require("audit")
def audit_log():
    object_type = request.args.get("type")
    if object_type not in LABELS["object_type"]:
        object_type = None
    page = db.paginate(
        queries.audit_trail(object_type), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    return render_template(
        "dashboard/audit.html",
        page=page,
        rows=audit_rows(page.items),
        object_type=object_type,
        subject=None,
    )


@bp.get("/audit/<object_type>/<int:object_id>")
@require("audit")
def audit_object(object_type, object_id):
    if object_type not in LABELS["object_type"]:
        abort(404)
    page = db.paginate(
        queries.audit_trail_of(object_type, object_id),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "dashboard/audit.html",
        page=page,
        rows=audit_rows(page.items),
        object_type=object_type,
        subject=(object_type, object_id),
    )
