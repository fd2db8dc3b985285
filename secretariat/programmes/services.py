"""Plans, reports and delegated tasks: the verbs that change them (add and flush; the
caller commits)."""

from collections.abc import Mapping
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext, ngettext

from ..core.versioning import assign, check_version
from ..extensions import db
from ..followups.services import add_conclusion
from ..meetings.models import AgendaItem, Meeting
from ..organisations.models import Organisation
from . import queries
from .models import (
    STATUS_ORDER,
    Beneficiary,
    BudgetLine,
    DelegatedTask,
    Direction,
    Goal,
    Indicator,
    Measure,
    MeasureFunding,
    Plan,
    PlanReport,
    PlanReportEntry,
    report_conclusions,
)

PLAN_FIELDS = (
    "title",
    "first_year",
    "last_year",
    "responsible_id",
    "description",
    "links",
    "visibility",
)
MEASURE_FIELDS = (
    "goal_id",
    "number",
    "title",
    "responsible_id",
    "status",
    "status_reason",
    "result",
    "indicators",
)
REPORT_FIELDS = ("title", "presented_on", "presenter", "conclusions_text", "visibility")
TASK_FIELDS = (
    "title",
    "delegating_id",
    "performer_id",
    "contract_number",
    "starts_on",
    "ends_on",
    "objectives",
    "evaluation",
    "report_due_on",
    "report_received_on",
    "visibility",
)
#: the rows a task's page edits one by one, and the fields each may change
TASK_PARTS = {
    "indicators": (Indicator, ("name", "unit", "target", "achieved", "note")),
    "beneficiaries": (Beneficiary, ("organisation_id", "name", "received")),
    "budget": (BudgetLine, ("year", "planned", "spent")),
}


class NotEmpty(ValueError):
    """A direction or goal that still holds measures is not removed with them."""


# --- plans ------------------------------------------------------------------------------


def create_plan(**fields) -> Plan:
    plan = Plan()
    assign(plan, fields, PLAN_FIELDS)
    db.session.add(plan)
    db.session.flush()
    return plan


def update_plan(plan: Plan, expected_version, **fields) -> Plan:
    check_version(plan, expected_version)
    assign(plan, fields, PLAN_FIELDS)
    db.session.flush()
    return plan


def _next_position(column, *where) -> int:
    last = db.session.scalar(sa.select(sa.func.max(column)).where(*where))
    return (last or 0) + 1


def add_direction(plan: Plan, number: str, title: str) -> Direction:
    direction = Direction(
        plan=plan,
        number=number,
        title=title,
        position=_next_position(Direction.position, Direction.plan_id == plan.id),
    )
    db.session.add(direction)
    db.session.flush()
    return direction


def add_goal(direction: Direction, number: str, title: str) -> Goal:
    goal = Goal(
        direction=direction,
        plan_id=direction.plan_id,
        number=number,
        title=title,
        position=_next_position(Goal.position, Goal.direction_id == direction.id),
    )
    db.session.add(goal)
    db.session.flush()
    return goal


def update_part(row, expected_version, **fields):
    """A direction's or goal's number and title (a goal may move to another direction)."""
    check_version(row, expected_version)
    assign(row, fields, ("number", "title", "direction_id"))
    db.session.flush()
    return row


def remove_part(row) -> None:
    """Remove an empty direction or goal; one that holds measures is refused."""
    goal_ids = [row.id] if isinstance(row, Goal) else [g.id for g in row.goals]
    if goal_ids and db.session.scalar(sa.select(sa.exists().where(Measure.goal_id.in_(goal_ids)))):
        raise NotEmpty
    db.session.delete(row)
    db.session.flush()


def add_measure(
    plan: Plan,
    implementer_ids=(),
    funding: Mapping[int, Decimal | None] | None = None,
    **fields,
) -> Measure:
    measure = Measure(
        plan=plan,
        position=_next_position(Measure.position, Measure.goal_id == fields.get("goal_id")),
    )
    assign(measure, fields, MEASURE_FIELDS)
    db.session.add(measure)
    _set_implementers(measure, implementer_ids)
    set_funding(measure, funding or {})
    db.session.flush()
    return measure


def update_measure(
    measure: Measure,
    expected_version,
    implementer_ids=None,
    funding: Mapping[int, Decimal | None] | None = None,
    **fields,
) -> Measure:
    check_version(measure, expected_version)
    moved = "goal_id" in fields and fields["goal_id"] != measure.goal_id
    assign(measure, fields, MEASURE_FIELDS)
    if moved:
        measure.position = _next_position(Measure.position, Measure.goal_id == measure.goal_id)
    if implementer_ids is not None:
        _set_implementers(measure, implementer_ids)
    if funding is not None:
        set_funding(measure, funding)
    db.session.flush()
    return measure


def _set_implementers(measure: Measure, organisation_ids) -> None:
    wanted = [i for i in dict.fromkeys(organisation_ids) if i and i != measure.responsible_id]
    found = (
        db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(wanted))).all()
        if wanted
        else []
    )
    measure.implementers = found


def set_funding(measure: Measure, amounts: Mapping[int, Decimal | None]) -> None:
    """Planned funding by year: a year given None (or left out of the mapping's years) is
    removed, the others set."""
    current = {f.year: f for f in measure.funding}
    for year, amount in amounts.items():
        if amount is None:
            if year in current:
                measure.funding.remove(current[year])
        elif year in current:
            current[year].amount = amount
        else:
            measure.funding.append(MeasureFunding(year=year, amount=amount))


def remove_measure(measure: Measure) -> None:
    db.session.delete(measure)
    db.session.flush()


def status_line(counts: Mapping[str, int]) -> str:
    """ "49 pasākumi: īstenoti 38, nav finansējuma 10, atcelts 1" — the counts a plan or a
    report states, in the reader's language, statuses with no measure left out."""
    words = {
        "carried_out": lambda n: ngettext("carried out %(num)s", "carried out %(num)s", n),
        "in_progress": lambda n: ngettext("in progress %(num)s", "in progress %(num)s", n),
        "planned": lambda n: ngettext("planned %(num)s", "planned %(num)s", n),
        "not_funded": lambda n: ngettext("not funded %(num)s", "not funded %(num)s", n),
        "cancelled": lambda n: ngettext("cancelled %(num)s", "cancelled %(num)s", n),
    }
    total = sum(counts.values())
    head = ngettext("%(num)s measure", "%(num)s measures", total)
    parts = [words[s](counts[s]) for s in STATUS_ORDER if counts.get(s)]
    return f"{head}: {', '.join(parts)}" if parts else head


# --- progress reports ---------------------------------------------------------------------


def present_report(plan: Plan, agenda_item: AgendaItem, **fields) -> PlanReport:
    """A progress report presented at an agenda item, freezing every measure's status."""
    report = PlanReport(plan=plan, agenda_item=agenda_item, meeting_id=agenda_item.meeting_id)
    assign(report, fields, REPORT_FIELDS)
    db.session.add(report)
    for position, row in enumerate(queries.snapshot_rows(plan.id), start=1):
        measure_id, dir_number, dir_title, number, title, responsible, status, reason = row
        report.entries.append(
            PlanReportEntry(
                measure_id=measure_id,
                position=position,
                direction_number=dir_number,
                direction_title=dir_title,
                number=number,
                title=title,
                responsible=responsible[:300],
                status=status,
                status_reason=reason,
            )
        )
    db.session.flush()
    return report


def update_report(report: PlanReport, expected_version, agenda_item=None, **fields):
    """What a report says about itself; its snapshot of the measures never changes."""
    check_version(report, expected_version)
    assign(report, fields, REPORT_FIELDS)
    if agenda_item is not None:
        report.agenda_item = agenda_item
        report.meeting_id = agenda_item.meeting_id
    db.session.flush()
    return report


def remove_report(report: PlanReport) -> None:
    db.session.delete(report)
    db.session.flush()


class NoMeeting(ValueError):
    """A task's report has not been reviewed at a meeting: there is nowhere to conclude."""


def draw_conclusion(source: PlanReport | DelegatedTask, kind: str, text: str):
    """A conclusion of the meeting where the report was presented (the followups chain:
    follow-up actions are then created from it), remembered as drawn from this report."""
    if isinstance(source, PlanReport):
        meeting, link = source.meeting, {"plan_report_id": source.id}
    else:
        meeting, link = source.report_meeting, {"task_id": source.id}
    if meeting is None:
        raise NoMeeting
    conclusion = add_conclusion(meeting, kind, text)
    db.session.execute(sa.insert(report_conclusions).values(conclusion_id=conclusion.id, **link))
    db.session.expire(source, ["conclusions"])
    return conclusion


def undrawn_lines(report: PlanReport) -> list[str]:
    """The report's conclusion lines not yet made conclusions of the meeting."""
    drawn = {c.text for c in report.conclusions}
    return [line for line in report.conclusion_lines if line not in drawn]


# --- delegated tasks ----------------------------------------------------------------------


def create_task(review_item: AgendaItem | None = None, **fields) -> DelegatedTask:
    task = DelegatedTask()
    assign(task, fields, TASK_FIELDS)
    _reviewed_at(task, review_item)
    db.session.add(task)
    db.session.flush()
    return task


def update_task(
    task: DelegatedTask, expected_version, review_item: AgendaItem | None = None, **fields
) -> DelegatedTask:
    check_version(task, expected_version)
    assign(task, fields, TASK_FIELDS)
    _reviewed_at(task, review_item)
    db.session.flush()
    return task


def _reviewed_at(task: DelegatedTask, item: AgendaItem | None) -> None:
    """The agenda item where the council reviewed the report (and so its meeting); a
    reviewed report was received, at the latest on the meeting's day."""
    task.report_agenda_item = item
    task.report_meeting_id = item.meeting_id if item else None
    if item is not None and task.report_received_on is None:
        meeting = db.session.get(Meeting, item.meeting_id)
        task.report_received_on = meeting.local_start.date()


def add_task_row(task: DelegatedTask, part: str, **fields):
    model, allowed = TASK_PARTS[part]
    row = model()
    if hasattr(model, "position"):
        row.position = _next_position(model.position, model.task_id == task.id)
    assign(row, fields, allowed)
    db.session.add(row)
    row.task = task
    db.session.flush()
    return row


def update_task_row(row, part: str, expected_version, **fields):
    check_version(row, expected_version)
    assign(row, fields, TASK_PARTS[part][1])
    db.session.flush()
    return row


def remove_task_row(row) -> None:
    db.session.delete(row)
    db.session.flush()


def year_taken(task: DelegatedTask, year: int, line: BudgetLine | None = None) -> bool:
    query = sa.select(BudgetLine.id).where(BudgetLine.task_id == task.id, BudgetLine.year == year)
    if line is not None and line.id is not None:
        query = query.where(BudgetLine.id != line.id)
    return db.session.scalar(sa.select(sa.exists(query))) is True


def number_taken(model, plan_id: int, number: str, row=None) -> bool:
    """Is this number already another direction's, goal's or measure's in the plan?"""
    query = sa.select(model.id).where(model.plan_id == plan_id, model.number == number)
    if row is not None and row.id is not None:
        query = query.where(model.id != row.id)
    return db.session.scalar(sa.select(sa.exists(query))) is True


def report_status_text(task: DelegatedTask) -> str:
    """ "Due 05.03.2021.", "Received 01.03.2021.", "Reviewed at meeting No. 3"."""
    if task.report_status == "reviewed":
        meeting = task.report_meeting
        if meeting is not None and meeting.number:
            return gettext("Reviewed at meeting No. %(n)s", n=meeting.number)
        return gettext("Reviewed at a council meeting")
    if task.report_status == "received":
        return gettext("Received %(day)s", day=task.report_received_on.strftime("%d.%m.%Y."))
    if task.report_due_on:
        return gettext("Due %(day)s", day=task.report_due_on.strftime("%d.%m.%Y."))
    return gettext("Due")
