"""The open-data files: the public register of signatories, the public decisions, and the
public plans' measures and delegated tasks' budgets, as
CSV for spreadsheets (core/spreadsheet.py: `;`, UTF-8 with a BOM, formulas neutralised).

Days are written YYYY-MM-DD, which every spreadsheet reads as a date in any locale."""

from flask_babel import gettext

from ..core.labels import label
from ..core.numbers import plain_decimal
from ..core.spreadsheet import csv_bytes


def _day(value) -> str:
    return value.isoformat() if value else ""


def signatories_csv(organisations) -> bytes:
    header = [
        gettext("Registration number"),
        gettext("Organisation"),
        gettext("Legal form"),
        gettext("Region"),
        gettext("Territory"),
        gettext("Field of activity"),
        gettext("Website"),
        gettext("Memorandum signed"),
    ]
    rows = (
        [
            o.registration_number or "",
            o.name,
            o.legal_form,
            o.region,
            o.territory,
            o.fields_of_activity,
            o.website,
            _day(o.memorandum_signed_on),
        ]
        for o in organisations
    )
    return csv_bytes([header, *rows])


def _adopted(decision) -> str:
    if decision.adopted is None:
        return ""
    return gettext("Adopted") if decision.adopted else gettext("Not adopted")


def decisions_csv(rows) -> bytes:
    """`rows`: each decision with its counts for, against and abstaining."""
    header = [
        gettext("Date"),
        gettext("Body"),
        gettext("Meeting"),
        gettext("Protocol number"),
        gettext("Decision number"),
        gettext("Title"),
        gettext("Adopted"),
        label("vote_choice", "for"),
        label("vote_choice", "against"),
        label("vote_choice", "abstain"),
    ]
    lines = (
        [
            _day(d.meeting.local_start.date()),
            d.meeting.body.name,
            d.meeting.title,
            d.meeting.number,
            d.number,
            d.title,
            _adopted(d),
            *counts,
        ]
        for d, *counts in rows
    )
    return csv_bytes([header, *lines])


def _euro(value) -> str:
    """An amount as Excel in Latvia reads a number: decimal comma, no grouping (16000,00)."""
    return plain_decimal(value).replace(".", ",")


def measures_csv(measures) -> bytes:
    """Public plans' measures, each with its planned funding in one column per year."""
    measures = list(measures)
    years = sorted({f.year for m in measures for f in m.funding})
    header = [
        gettext("Plan"),
        gettext("Action direction"),
        gettext("Goal"),
        gettext("No."),
        gettext("Measure"),
        gettext("Responsible institution"),
        gettext("Co-implementers"),
        gettext("Status"),
        gettext("Reason"),
        gettext("Result"),
        *(gettext("Planned funding in %(year)s (EUR)", year=year) for year in years),
    ]
    rows = []
    for m in measures:
        amounts = {f.year: f.amount for f in m.funding}
        rows.append(
            [
                m.plan.title,
                f"{m.goal.direction.number}. {m.goal.direction.title}",
                f"{m.goal.number}. {m.goal.title}",
                m.number,
                m.title,
                m.responsible.name if m.responsible else "",
                "; ".join(o.name for o in m.implementers),
                label("measure_status", m.status),
                m.status_reason,
                m.result,
                *(_euro(amounts.get(year)) for year in years),
            ]
        )
    return csv_bytes([header, *rows])


def tasks_csv(tasks) -> bytes:
    """Public delegated tasks: one row per task and budget year (a task with no budget
    lines still has its row)."""
    header = [
        gettext("Task"),
        gettext("Delegating institution"),
        gettext("Performer"),
        gettext("Contract number"),
        gettext("Delegated from"),
        gettext("Delegated until"),
        gettext("Year"),
        gettext("Planned, EUR"),
        gettext("Spent, EUR"),
    ]
    rows = []
    for t in tasks:
        facts = [
            t.title,
            t.delegating.name if t.delegating else "",
            t.performer.name if t.performer else "",
            t.contract_number,
            _day(t.starts_on),
            _day(t.ends_on),
        ]
        for line in t.budget_lines or [None]:
            if line is None:
                rows.append([*facts, "", "", ""])
            else:
                rows.append([*facts, line.year, _euro(line.planned), _euro(line.spent)])
    return csv_bytes([header, *rows])
