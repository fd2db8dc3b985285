"""Reading plans, reports and delegated tasks, with visibility applied in SQL.

A plan or a task is read by those its visibility lets in (it can stay internal until it is
presented). A progress report is read by those who may read the report, its plan and the
meeting it was presented at.
"""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..auth.permissions import hidden_from_reader, visibility_levels
from ..core.text import search_key
from ..extensions import db
from ..meetings.models import AgendaItem, Meeting
from ..organisations.models import Organisation
from .models import (
    MEASURE_STATUSES,
    STATUS_ORDER,
    Beneficiary,
    DelegatedTask,
    Direction,
    Goal,
    Measure,
    MeasureFunding,
    Plan,
    PlanReport,
    PlanReportEntry,
    measure_implementers,
)

# --- plans ------------------------------------------------------------------------------


def visible_plans(user) -> sa.Select:
    return sa.select(Plan).where(Plan.visibility.in_(visibility_levels(user)))


def plan_list(user) -> sa.Select:
    return (
        visible_plans(user)
        .options(joinedload(Plan.responsible))
        .order_by(Plan.last_year.desc(), Plan.title, Plan.id)
    )


def _one_or_hidden(query: sa.Select):
    found = db.session.execute(query).unique().scalar_one_or_none()
    if found is None:
        hidden_from_reader()
    return found


def get_visible_plan(plan_id: int, user, *options) -> Plan:
    """The plan if this user may read it; 404 otherwise (its existence is not told)."""
    return _one_or_hidden(visible_plans(user).where(Plan.id == plan_id).options(*options))


def plan_structure_options() -> tuple:
    """A plan with its directions and their goals: one more statement however many."""
    return (
        joinedload(Plan.responsible),
        selectinload(Plan.directions).joinedload(Direction.goals),
    )


def status_counts_by_direction(plan_id: int) -> dict[int, dict[str, int]]:
    """direction id → {status: number of measures}, in one statement."""
    rows = db.session.execute(
        sa.select(Goal.direction_id, Measure.status, sa.func.count(Measure.id))
        .join(Goal, Goal.id == Measure.goal_id)
        .where(Measure.plan_id == plan_id)
        .group_by(Goal.direction_id, Measure.status)
    )
    counts: dict[int, dict[str, int]] = {}
    for direction_id, status, n in rows:
        counts.setdefault(direction_id, {})[status] = n
    return counts


def total_counts(by_direction: dict[int, dict[str, int]]) -> dict[str, int]:
    """The plan's counts per status, in the order a status line reads them."""
    totals = dict.fromkeys(STATUS_ORDER, 0)
    for counts in by_direction.values():
        for status, n in counts.items():
            totals[status] += n
    return totals


def measure_list(plan_id: int, filters: dict) -> sa.Select:
    """The plan's measures in the plan's order, filtered by status, direction, the
    responsible institution and words (number, title, result or an institution's name,
    without minding case or diacritics)."""
    query = (
        sa.select(Measure)
        .join(Goal, Goal.id == Measure.goal_id)
        .join(Direction, Direction.id == Goal.direction_id)
        .where(Measure.plan_id == plan_id)
    )
    if filters.get("status") in MEASURE_STATUSES:
        query = query.where(Measure.status == filters["status"])
    if filters.get("direction"):
        query = query.where(Goal.direction_id == filters["direction"])
    if filters.get("responsible"):
        query = query.where(Measure.responsible_id == filters["responsible"])
    words = search_key(filters.get("q"))
    if words:
        institutions = sa.select(Organisation.id).where(
            Organisation.search_key.contains(words, autoescape=True)
        )
        query = query.where(
            sa.or_(
                Measure.search_text.contains(words, autoescape=True),
                Measure.responsible_id.in_(institutions),
            )
        )
    return query.order_by(Direction.position, Goal.position, Measure.position, Measure.id)


def measure_row() -> tuple:
    """What a row of the plan's measure list shows beside the measure (loader options).
    Its goal and direction come from the plan's structure, loaded first (no statement);
    its co-implementers and funding from `measure_extras`."""
    return (joinedload(Measure.responsible),)


def measure_extras(measure_ids: list[int]) -> tuple[dict, dict]:
    """For a page of measures, in two statements of plain rows (a list page needs their
    names and amounts, not records to change): measure id → co-implementers' names, and
    measure id → [(year, amount)] in year order."""
    implementers: dict[int, list[str]] = {}
    funding: dict[int, list[tuple]] = {}
    if not measure_ids:
        return implementers, funding
    for measure_id, name in db.session.execute(
        sa.select(measure_implementers.c.measure_id, Organisation.name)
        .join(Organisation, Organisation.id == measure_implementers.c.organisation_id)
        .where(measure_implementers.c.measure_id.in_(measure_ids))
        .order_by(Organisation.search_key)
    ):
        implementers.setdefault(measure_id, []).append(name)
    for measure_id, year, amount in db.session.execute(
        sa.select(MeasureFunding.measure_id, MeasureFunding.year, MeasureFunding.amount)
        .where(MeasureFunding.measure_id.in_(measure_ids))
        .order_by(MeasureFunding.year)
    ):
        funding.setdefault(measure_id, []).append((year, amount))
    return implementers, funding


def responsible_institutions(plan_id: int) -> list[tuple[int, str]]:
    """(id, name) of the institutions responsible for the plan's measures (the filter)."""
    return db.session.execute(
        sa.select(Organisation.id, Organisation.name)
        .where(
            Organisation.id.in_(sa.select(Measure.responsible_id).where(Measure.plan_id == plan_id))
        )
        .order_by(Organisation.search_key)
    ).all()


def snapshot_rows(plan_id: int) -> list[tuple]:
    """Every measure of the plan as a report freezes it, in the plan's order: one
    statement, (measure id, direction number and title, number, title, responsible,
    status, reason)."""
    return db.session.execute(
        sa.select(
            Measure.id,
            Direction.number,
            Direction.title,
            Measure.number,
            Measure.title,
            sa.func.coalesce(Organisation.name, ""),
            Measure.status,
            Measure.status_reason,
        )
        .join(Goal, Goal.id == Measure.goal_id)
        .join(Direction, Direction.id == Goal.direction_id)
        .outerjoin(Organisation, Organisation.id == Measure.responsible_id)
        .where(Measure.plan_id == plan_id)
        .order_by(Direction.position, Goal.position, Measure.position, Measure.id)
    ).all()


# --- progress reports ---------------------------------------------------------------------


def visible_reports(user) -> sa.Select:
    levels = visibility_levels(user)
    return (
        sa.select(PlanReport)
        .join(PlanReport.plan)
        .join(PlanReport.meeting)
        .where(
            PlanReport.visibility.in_(levels),
            Plan.visibility.in_(levels),
            Meeting.visibility.in_(levels),
        )
    )


def plan_reports(plan_id: int, user) -> list[PlanReport]:
    return list(
        db.session.scalars(
            visible_reports(user)
            .where(PlanReport.plan_id == plan_id)
            .options(joinedload(PlanReport.meeting), joinedload(PlanReport.agenda_item))
            .order_by(PlanReport.presented_on.desc(), PlanReport.id.desc())
        )
    )


def get_visible_report(report_id: int, user) -> PlanReport:
    from ..followups.models import Conclusion

    return _one_or_hidden(
        visible_reports(user)
        .where(PlanReport.id == report_id)
        .options(
            joinedload(PlanReport.plan).joinedload(Plan.responsible),
            joinedload(PlanReport.meeting).joinedload(Meeting.body),
            joinedload(PlanReport.agenda_item),
            selectinload(PlanReport.entries),
            selectinload(PlanReport.conclusions).selectinload(Conclusion.actions),
        )
    )


def entry_counts(entries: list[PlanReportEntry]) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for entry in entries:
        counts[entry.status] += 1
    return counts


# --- delegated tasks ----------------------------------------------------------------------


def visible_tasks(user) -> sa.Select:
    return sa.select(DelegatedTask).where(DelegatedTask.visibility.in_(visibility_levels(user)))


def task_list(user) -> sa.Select:
    return (
        visible_tasks(user)
        .options(joinedload(DelegatedTask.performer), joinedload(DelegatedTask.delegating))
        .order_by(DelegatedTask.starts_on.desc(), DelegatedTask.id.desc())
    )


def task_page_options(user) -> tuple:
    """Everything a task's page or report shows; its review meeting only for a reader who
    may read that meeting."""
    from ..followups.models import Conclusion

    levels = visibility_levels(user)
    return (
        joinedload(DelegatedTask.delegating),
        joinedload(DelegatedTask.performer),
        joinedload(DelegatedTask.report_meeting.and_(Meeting.visibility.in_(levels))),
        joinedload(DelegatedTask.report_agenda_item),
        selectinload(DelegatedTask.indicators),
        selectinload(DelegatedTask.beneficiaries).joinedload(Beneficiary.organisation),
        selectinload(DelegatedTask.budget_lines),
        selectinload(DelegatedTask.conclusions).selectinload(Conclusion.actions),
    )


def get_visible_task(task_id: int, user, *options) -> DelegatedTask:
    return _one_or_hidden(visible_tasks(user).where(DelegatedTask.id == task_id).options(*options))


# --- choices for forms --------------------------------------------------------------------


#: the agenda items offered for a report: the latest meetings' (a form cannot list ten years)
AGENDA_CHOICES = 300


def agenda_items() -> list[AgendaItem]:
    """Agenda items of meetings a report may be presented at, newest meeting first."""
    query = (
        sa.select(AgendaItem)
        .join(AgendaItem.meeting)
        .options(joinedload(AgendaItem.meeting))
        .where(Meeting.status != "cancelled")
        .order_by(Meeting.starts_at.desc(), AgendaItem.position)
        .limit(AGENDA_CHOICES)
    )
    return list(db.session.scalars(query))
