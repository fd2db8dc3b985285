import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import Audited
from ..core.types import UTCDateTime, choice, utcnow
from ..extensions import db

CONCLUSION_KINDS = ("finding", "issue")
ACTION_STATUSES = ("open", "in_progress", "done", "dropped")
OPEN_STATUSES = ("open", "in_progress")


class Conclusion(Audited, db.Model):
    """What a meeting concluded: a finding, or an issue that needs action (the seeds' "BET")."""

    __tablename__ = "conclusions"
    __audit_type__ = "conclusion"
    __audit_label__ = "text"
    __audit_parent__ = ("meeting", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    breakout_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("breakouts.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(choice("conclusion_kind", CONCLUSION_KINDS))
    text: Mapped[str] = mapped_column(sa.Text)
    position: Mapped[int] = mapped_column(default=1)
    version: Mapped[int] = mapped_column(default=1)

    meeting = relationship("Meeting", back_populates="conclusions")
    breakout = relationship("Breakout")
    actions = relationship("Action", back_populates="conclusion", order_by="Action.due_on")

    __mapper_args__ = {"version_id_col": version}


def is_overdue(status: str, due_on: dt.date | None, today: dt.date) -> bool:
    """Still open and due before today (`Action.overdue_clause` in SQL)."""
    return status in OPEN_STATUSES and due_on is not None and due_on < today


class Action(Audited, db.Model):
    """A follow-up action with an owner, a due date and a status."""

    __tablename__ = "actions"
    __audit_type__ = "action"
    __audit_label__ = "title"
    __audit_parent__ = ("meeting", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    conclusion_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("conclusions.id", ondelete="SET NULL"), index=True
    )
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="SET NULL"), index=True
    )
    owner_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    owner_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[dt.date | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(choice("action_status", ACTION_STATUSES), default="open")
    completed_on: Mapped[dt.date | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting = relationship("Meeting")
    conclusion = relationship("Conclusion", back_populates="actions")
    decision = relationship("Decision")
    owner_person = relationship("Person")
    owner_organisation = relationship("Organisation")
    updates = relationship(
        "ActionUpdate",
        back_populates="action",
        order_by="ActionUpdate.at.desc()",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.Index("ix_actions_status_due", "status", "due_on"),)

    def is_overdue(self, today: dt.date) -> bool:
        return is_overdue(self.status, self.due_on, today)

    @classmethod
    def overdue_clause(cls, today: dt.date):
        return sa.and_(cls.status.in_(OPEN_STATUSES), cls.due_on < today)

    @property
    def owner_label(self) -> str:
        names = [str(o) for o in (self.owner_person, self.owner_organisation) if o]
        return ", ".join(names)

    def __str__(self) -> str:
        return self.title


class ActionUpdate(Audited, db.Model):
    """A progress note on an action, optionally moving its status."""

    __tablename__ = "action_updates"
    __audit_type__ = "action_update"
    __audit_label__ = "text"
    __audit_parent__ = ("action", "action_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    text: Mapped[str] = mapped_column(sa.Text)
    status_to: Mapped[str | None] = mapped_column(choice("action_update_status", ACTION_STATUSES))

    action = relationship("Action", back_populates="updates")
    user = relationship("User")
