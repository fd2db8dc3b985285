"""The secretariat's activity report: the targets staff set for a period, and its narrative.
What was achieved is counted from the records (report.py); only what cannot be counted is
stored here."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import Audited
from ..core.types import UTCDateTime, utcnow
from ..extensions import db


class ActivityPeriod(Audited, db.Model):
    """A reporting period of the secretariat's work (a year, say), with its targets and the
    staff's own account of it; optionally the delegated task it reports on."""

    __tablename__ = "activity_periods"
    __audit_type__ = "activity_period"
    __audit_label__ = "label"

    id: Mapped[int] = mapped_column(primary_key=True)
    starts_on: Mapped[dt.date] = mapped_column()
    ends_on: Mapped[dt.date] = mapped_column()
    #: what the secretariat says of the period beside the figures (plain text)
    narrative: Mapped[str] = mapped_column(sa.Text, default="")
    #: the delegated state administration task this is the secretariat's report on
    task_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("delegated_tasks.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    task = relationship("DelegatedTask")
    targets = relationship(
        "ActivityTarget",
        back_populates="period",
        cascade="all, delete-orphan",
        order_by="ActivityTarget.id",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("starts_on", "ends_on"),
        sa.CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    @property
    def label(self) -> str:
        return f"{self.starts_on:%d.%m.%Y.}–{self.ends_on:%d.%m.%Y.}"

    def target_of(self, indicator: str):
        return next((t.target for t in self.targets if t.indicator == indicator), None)


class ActivityTarget(Audited, db.Model):
    """What the secretariat set out to reach in a period, for one indicator (report.py)."""

    __tablename__ = "activity_targets"
    __audit_type__ = "activity_target"
    __audit_label__ = "indicator"
    __audit_parent__ = ("activity_period", "period_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(
        sa.ForeignKey("activity_periods.id", ondelete="CASCADE"), index=True
    )
    indicator: Mapped[str] = mapped_column(sa.String(40))
    target: Mapped[int] = mapped_column()

    period = relationship("ActivityPeriod", back_populates="targets")

    __table_args__ = (
        sa.UniqueConstraint("period_id", "indicator"),
        sa.CheckConstraint("target >= 0", name="target_not_negative"),
    )
