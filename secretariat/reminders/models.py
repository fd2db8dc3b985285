import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import Audited
from ..core.types import UTCDateTime, utcnow
from ..extensions import db

#: messages the sweep writes on its own rather than through a rule, and whether a person
#: may opt out of them: calendars that hold a meeting learn when it moves or is cancelled.
#: (Areas above register their own optional messages: registry.register_message.)
#: Each rule's own messages carry the rule's kind (see registry.RuleKind.optional).
KINDS = {
    "meeting_update": False,
    "meeting_cancelled": False,
}


class Outbox(db.Model):
    """One message to one address. The idempotency key makes every message exist once,
    however many sweeps run; delivery claims rows so two processes never send one twice."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(sa.String(300), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str] = mapped_column(sa.Text)
    ics: Mapped[str | None] = mapped_column(sa.Text)
    meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    #: the meeting's start when the message was written: a moved meeting's old reminders
    #: no longer match it and are cancelled
    scheduled_for: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    action_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="SET NULL"), index=True
    )
    #: the action's due date when the message was written: re-dated or closed, it is withdrawn
    action_due_on: Mapped[dt.date | None] = mapped_column()
    unsubscribe_url: Mapped[str] = mapped_column(sa.String(500), default="")
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(64))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        # the delivery pass reads only rows still waiting: a partial index keeps it small
        sa.Index(
            "ix_outbox_waiting",
            "next_attempt_at",
            postgresql_where=sa.text("sent_at IS NULL AND cancelled_at IS NULL"),
            sqlite_where=sa.text("sent_at IS NULL AND cancelled_at IS NULL"),
        ),
    )

    @property
    def state(self) -> str:
        if self.sent_at:
            return "sent"
        if self.cancelled_at:
            return "cancelled"
        if self.next_attempt_at is None:
            return "failed"
        return "waiting"


class SchedulerHeartbeat(db.Model):
    """The scheduler process writes here; the web warns when it goes quiet, and when it
    runs but its last sweep or delivery failed."""

    __tablename__ = "scheduler_heartbeats"

    id: Mapped[int] = mapped_column(primary_key=True)
    beat_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    host: Mapped[str] = mapped_column(sa.String(200), default="")
    pid: Mapped[int] = mapped_column(default=0)
    #: the job whose last run failed ("" when every job's last run went well)
    failed_job: Mapped[str] = mapped_column(sa.String(40), default="")
    failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    failure: Mapped[str] = mapped_column(sa.String(500), default="")

    @property
    def failing(self) -> bool:
        return bool(self.failed_job)


class ReminderRule(Audited, db.Model):
    """A switchable rule with its offset, set by staff."""

    __tablename__ = "reminder_rules"
    __audit_type__ = "reminder_rule"
    __audit_label__ = "kind"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), unique=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    offset_days: Mapped[int] = mapped_column(default=0)
    weekday: Mapped[int | None] = mapped_column()  # 0 = Monday, for the signatory call


class SignatoryCallPlan(db.Model):
    """The signatory call the rule planned after one session: one per session, however many
    sweeps run at once (the unique session is what keeps a second call from being made).

    `planned_start` is where the rule last put the call; a call found on another day was
    moved there by staff and keeps its day."""

    __tablename__ = "signatory_call_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    call_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    planned_start: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    #: the rule cancelled the call because its session was cancelled: reinstating the
    #: session reinstates the call, a call staff cancelled stays cancelled
    cancelled_by_rule: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    session = relationship("Meeting", foreign_keys=[session_id])
    call = relationship("Meeting", foreign_keys=[call_id])


class ReminderOptOut(db.Model):
    """A person who said "no more of these"."""

    __tablename__ = "reminder_opt_outs"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    kind: Mapped[str] = mapped_column(sa.String(40))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("email", "kind"),)
