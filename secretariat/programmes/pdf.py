"""The HTML of the programmes' PDFs (testable without rendering; core/pdf.py renders it):
a plan's progress summary with its charts, a presented report as it was presented, and
a delegated task's report in the official table layout of seed 000."""

from collections import namedtuple

from flask import render_template
from flask_babel import force_locale

from ..core.dates import today_in_riga
from . import charts, queries, services

Entry = namedtuple(
    "Entry",
    "measure_id direction_number direction_title number title responsible status status_reason",
)


def _directions(entries) -> list[tuple[str, list]]:
    """The entries under their action directions, in order."""
    grouped: dict[str, list] = {}
    for entry in entries:
        grouped.setdefault(f"{entry.direction_number}. {entry.direction_title}", []).append(entry)
    return list(grouped.items())


def plan_summary_html(plan, locale: str = "lv") -> str:
    """The plan as it stands today."""
    entries = [Entry(*row) for row in queries.snapshot_rows(plan.id)]
    with force_locale(locale):
        counts = queries.entry_counts(entries)
        return render_template(
            "programmes/pdf/plan.html",
            plan=plan,
            report=None,
            as_of=today_in_riga(),
            directions=_directions(entries),
            status_line=services.status_line(counts),
            charts=charts.report_charts(entries, counts),
            locale=locale,
        )


def report_html(report, locale: str = "lv") -> str:
    """A progress report with the statuses it froze on its day."""
    with force_locale(locale):
        counts = queries.entry_counts(report.entries)
        return render_template(
            "programmes/pdf/plan.html",
            plan=report.plan,
            report=report,
            as_of=report.presented_on,
            directions=_directions(report.entries),
            status_line=services.status_line(counts),
            charts=charts.report_charts(report.entries, counts),
            locale=locale,
        )


def task_report_html(task, locale: str = "lv") -> str:
    with force_locale(locale):
        return render_template(
            "programmes/pdf/task.html",
            task=task,
            report_status=services.report_status_text(task),
            charts=charts.task_charts(task),
            locale=locale,
        )
