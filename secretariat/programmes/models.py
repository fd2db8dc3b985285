"""What the council oversees: policy plans with their measures and the progress reports
presented to it, and delegated state administration tasks with their indicators,
beneficiaries and budgets.

Money is `Numeric(12, 2)` in the database and `Decimal` in Python, never a float: a
budget's sums are exact to the cent on SQLite and PostgreSQL alike.
"""

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..auth.permissions import VISIBILITIES
from ..core.audit import Audited
from ..core.text import search_key, split_lines
from ..core.types import UTCDateTime, choice, utcnow
from ..extensions import db

#: a measure's course; "not funded" and "cancelled" say why in `status_reason`
MEASURE_STATUSES = ("planned", "in_progress", "carried_out", "not_funded", "cancelled")
#: the order a plan's status line and charts list them in (what was done first)
STATUS_ORDER = ("carried_out", "in_progress", "planned", "not_funded", "cancelled")
#: a delegated task's report: awaited, in the secretariat's hands, or discussed at a meeting
TASK_REPORT_STATUSES = ("due", "received", "reviewed")

Money = sa.Numeric(12, 2, asdecimal=True)
#: an indicator's target or result: counts mostly, sometimes with decimals (hours, %)
Quantity = sa.Numeric(12, 2, asdecimal=True)


class Plan(Audited, db.Model):
    """A policy plan a ministry reports on to the council (seed 001)."""

    __tablename__ = "plans"
    __audit_type__ = "plan"
    __audit_label__ = "title"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    first_year: Mapped[int] = mapped_column()
    last_year: Mapped[int] = mapped_column()
    responsible_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: web addresses of the plan and its documents, one per line
    links: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[str] = mapped_column(
        choice("plan_visibility", VISIBILITIES), default="internal"
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    responsible = relationship("Organisation")
    directions = relationship(
        "Direction",
        back_populates="plan",
        order_by="Direction.position",
        cascade="all, delete-orphan",
    )
    reports = relationship(
        "PlanReport", back_populates="plan", order_by="PlanReport.presented_on.desc()"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.CheckConstraint("last_year >= first_year", name="years_in_order"),)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def period(self) -> str:
        if self.first_year == self.last_year:
            return f"{self.first_year}."
        return f"{self.first_year}.–{self.last_year}."

    @property
    def link_list(self) -> list[str]:
        return split_lines(self.links)

    def __str__(self) -> str:
        return self.title


class Direction(Audited, db.Model):
    """An action direction of a plan (rīcības virziens), numbered 1, 2, 3…"""

    __tablename__ = "plan_directions"
    __audit_type__ = "direction"
    __audit_label__ = "title"
    __audit_parent__ = ("plan", "plan_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(500))
    position: Mapped[int] = mapped_column(default=1)
    version: Mapped[int] = mapped_column(default=1)

    plan = relationship("Plan", back_populates="directions")
    goals = relationship(
        "Goal", back_populates="direction", order_by="Goal.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("plan_id", "number"),)

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Goal(Audited, db.Model):
    """A goal of an action direction, numbered 1.1, 1.2…"""

    __tablename__ = "plan_goals"
    __audit_type__ = "goal"
    __audit_label__ = "title"
    __audit_parent__ = ("plan", "plan_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    direction_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plan_directions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(500))
    position: Mapped[int] = mapped_column(default=1)
    version: Mapped[int] = mapped_column(default=1)

    direction = relationship("Direction", back_populates="goals")
    measures = relationship("Measure", back_populates="goal", order_by="Measure.position")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("plan_id", "number"),)

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


measure_implementers = sa.Table(
    "measure_implementers",
    db.metadata,
    sa.Column(
        "measure_id", sa.ForeignKey("plan_measures.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Measure(Audited, db.Model):
    """A measure (pasākums) of a plan, under one goal."""

    __tablename__ = "plan_measures"
    __audit_type__ = "measure"
    __audit_label__ = "title"
    __audit_parent__ = ("plan", "plan_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plan_goals.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(sa.String(20))
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(sa.String(1000))
    responsible_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(
        choice("measure_status", MEASURE_STATUSES), default="planned"
    )
    #: why it was not funded or was cancelled ("Covid-19 ierobežojumu dēļ")
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")
    result: Mapped[str] = mapped_column(sa.Text, default="")
    indicators: Mapped[str] = mapped_column(sa.Text, default="")
    #: number, title and result without case or diacritics, for the plan page's search
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    plan = relationship("Plan")
    goal = relationship("Goal", back_populates="measures")
    responsible = relationship("Organisation")
    implementers = relationship(
        "Organisation", secondary=measure_implementers, order_by="Organisation.search_key"
    )
    funding = relationship(
        "MeasureFunding",
        back_populates="measure",
        order_by="MeasureFunding.year",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("plan_id", "number"),
        sa.Index("ix_plan_measures_plan_status", "plan_id", "status"),
    )

    @validates("number", "title", "result")
    def _keep_search_text(self, key, value):
        parts = {"number": self.number, "title": self.title, "result": self.result, key: value}
        self.search_text = "\n".join(search_key(v) for v in parts.values() if v)
        return value

    @property
    def funding_total(self) -> Decimal:
        return sum((f.amount for f in self.funding), Decimal("0.00"))

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MeasureFunding(Audited, db.Model):
    """The funding planned for a measure in one year."""

    __tablename__ = "measure_funding"
    __audit_type__ = "measure_funding"
    __audit_label__ = "year"
    __audit_parent__ = ("measure", "measure_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plan_measures.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column()
    amount: Mapped[Decimal] = mapped_column(Money)

    measure = relationship("Measure", back_populates="funding")

    __table_args__ = (
        sa.UniqueConstraint("measure_id", "year"),
        sa.CheckConstraint("amount >= 0", name="amount_not_negative"),
    )


class PlanReport(Audited, db.Model):
    """A progress report on a plan, presented to the council at an agenda item.

    It freezes every measure's status on its day (`entries`): what the report said stays
    what it said, whatever happens to the measures afterwards."""

    __tablename__ = "plan_reports"
    __audit_type__ = "plan_report"
    __audit_label__ = "title"
    __audit_parent__ = ("plan", "plan_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(500))
    presented_on: Mapped[dt.date] = mapped_column()
    presenter: Mapped[str] = mapped_column(sa.String(300), default="")
    #: the report's own conclusions, one per line: each may become a conclusion of the meeting
    conclusions_text: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[str] = mapped_column(
        choice("plan_report_visibility", VISIBILITIES), default="internal"
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan = relationship("Plan", back_populates="reports")
    meeting = relationship("Meeting", back_populates="plan_reports")
    agenda_item = relationship("AgendaItem")
    entries = relationship(
        "PlanReportEntry",
        back_populates="report",
        order_by="PlanReportEntry.position",
        cascade="all, delete-orphan",
    )
    conclusions = relationship(
        "Conclusion",
        secondary="report_conclusions",
        primaryjoin="PlanReport.id == report_conclusions.c.plan_report_id",
        order_by="Conclusion.position",
        viewonly=True,
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def conclusion_lines(self) -> list[str]:
        return split_lines(self.conclusions_text)

    def __str__(self) -> str:
        return self.title


class PlanReportEntry(db.Model):
    """One measure as a report found it: its number, title, direction and status that day.
    Not audited: entries are written once, with their report, and never change."""

    __tablename__ = "plan_report_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plan_reports.id", ondelete="CASCADE"), index=True
    )
    measure_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan_measures.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column()
    direction_number: Mapped[str] = mapped_column(sa.String(20))
    direction_title: Mapped[str] = mapped_column(sa.String(500))
    number: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(1000))
    responsible: Mapped[str] = mapped_column(sa.String(300), default="")
    status: Mapped[str] = mapped_column(choice("report_entry_status", MEASURE_STATUSES))
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")

    report = relationship("PlanReport", back_populates="entries")


class DelegatedTask(Audited, db.Model):
    """A state administration task delegated to an organisation by contract (seed 000)."""

    __tablename__ = "delegated_tasks"
    __audit_type__ = "delegated_task"
    __audit_label__ = "title"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    delegating_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    performer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    contract_number: Mapped[str] = mapped_column(sa.String(100), default="")
    starts_on: Mapped[dt.date] = mapped_column()
    ends_on: Mapped[dt.date] = mapped_column()
    #: the tasks set by the contract, one per line; shown numbered 1), 2)…
    objectives: Mapped[str] = mapped_column(sa.Text, default="")
    #: the performer's description and assessment of the results against the contract
    evaluation: Mapped[str] = mapped_column(sa.Text, default="")
    report_due_on: Mapped[dt.date | None] = mapped_column(index=True)
    report_received_on: Mapped[dt.date | None] = mapped_column()
    #: the meeting (and agenda item) where the council reviewed the report
    report_meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    report_agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    visibility: Mapped[str] = mapped_column(
        choice("delegated_task_visibility", VISIBILITIES), default="internal"
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegating = relationship("Organisation", foreign_keys=[delegating_id])
    performer = relationship("Organisation", foreign_keys=[performer_id])
    report_meeting = relationship("Meeting", back_populates="task_reports")
    report_agenda_item = relationship("AgendaItem")
    indicators = relationship(
        "Indicator",
        back_populates="task",
        order_by="Indicator.position",
        cascade="all, delete-orphan",
    )
    beneficiaries = relationship(
        "Beneficiary",
        back_populates="task",
        order_by="Beneficiary.position",
        cascade="all, delete-orphan",
    )
    budget_lines = relationship(
        "BudgetLine",
        back_populates="task",
        order_by="BudgetLine.year",
        cascade="all, delete-orphan",
    )
    conclusions = relationship(
        "Conclusion",
        secondary="report_conclusions",
        primaryjoin="DelegatedTask.id == report_conclusions.c.task_id",
        order_by="Conclusion.position",
        viewonly=True,
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="ends_after_start"),)

    @property
    def objective_list(self) -> list[str]:
        return split_lines(self.objectives)

    @property
    def report_status(self) -> str:
        """due, received, or reviewed (at `report_meeting`): read off what is recorded."""
        if self.report_meeting_id is not None:
            return "reviewed"
        if self.report_received_on is not None:
            return "received"
        return "due"

    @property
    def planned_total(self) -> Decimal:
        return sum((b.planned for b in self.budget_lines if b.planned is not None), Decimal("0.00"))

    @property
    def spent_total(self) -> Decimal:
        return sum((b.spent for b in self.budget_lines if b.spent is not None), Decimal("0.00"))

    def __str__(self) -> str:
        return self.title


class Indicator(Audited, db.Model):
    """A result indicator of a delegated task: what was to be reached and what was."""

    __tablename__ = "task_indicators"
    __audit_type__ = "indicator"
    __audit_label__ = "name"
    __audit_parent__ = ("delegated_task", "task_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delegated_tasks.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(sa.String(500))
    unit: Mapped[str] = mapped_column(sa.String(100), default="")
    target: Mapped[Decimal | None] = mapped_column(Quantity)
    achieved: Mapped[Decimal | None] = mapped_column(Quantity)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    task = relationship("DelegatedTask", back_populates="indicators")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.name


class Beneficiary(Audited, db.Model):
    """An organisation that benefited from a delegated task, and what it received."""

    __tablename__ = "task_beneficiaries"
    __audit_type__ = "beneficiary"
    __audit_label__ = "name"
    __audit_parent__ = ("delegated_task", "task_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delegated_tasks.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    #: the name as the report writes it (kept when the organisation is not in the register)
    name: Mapped[str] = mapped_column(sa.String(300))
    received: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    task = relationship("DelegatedTask", back_populates="beneficiaries")
    organisation = relationship("Organisation")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.name


class BudgetLine(Audited, db.Model):
    """A delegated task's state budget in one year: planned and actually spent."""

    __tablename__ = "task_budget_lines"
    __audit_type__ = "budget_line"
    __audit_label__ = "year"
    __audit_parent__ = ("delegated_task", "task_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delegated_tasks.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column()
    planned: Mapped[Decimal | None] = mapped_column(Money)
    spent: Mapped[Decimal | None] = mapped_column(Money)
    version: Mapped[int] = mapped_column(default=1)

    task = relationship("DelegatedTask", back_populates="budget_lines")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("task_id", "year"),
        sa.CheckConstraint("planned IS NULL OR planned >= 0", name="planned_not_negative"),
        sa.CheckConstraint("spent IS NULL OR spent >= 0", name="spent_not_negative"),
    )

    def __str__(self) -> str:
        return str(self.year)


#: conclusions of a meeting drawn from a report presented there: a plan's progress report
#: or a delegated task's report (exactly one of the two)
report_conclusions = sa.Table(
    "report_conclusions",
    db.metadata,
    sa.Column(
        "conclusion_id", sa.ForeignKey("conclusions.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("plan_report_id", sa.ForeignKey("plan_reports.id", ondelete="CASCADE"), index=True),
    sa.Column("task_id", sa.ForeignKey("delegated_tasks.id", ondelete="CASCADE"), index=True),
    sa.CheckConstraint("(plan_report_id IS NULL) != (task_id IS NULL)", name="one_report"),
)
