import datetime as dt
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.permissions import VISIBILITIES
from ..core.audit import Audited
from ..core.dates import to_riga
from ..core.links import host
from ..core.text import latvian_sort_key
from ..core.types import UTCDateTime, choice, utcnow
from ..extensions import db


@dataclass(frozen=True)
class MeetingKind:
    """What a kind of meeting implies. Every area asks this table (through `Meeting.kind_rules`
    or `kinds_where`), never a list of its own."""

    #: a sitting of the council (monthly, extended or visiting): counted among its sessions
    #: in the monthly update and the secretariat's report
    council_session: bool = False
    #: the online meeting with signatory organisations follows it a week later
    signatory_call_follows: bool = False
    #: parallel breakout groups are held (visiting sessions, the forum)
    has_breakouts: bool = False
    #: it takes decisions, which need more than half of the body's voting members present
    needs_quorum: bool = False
    #: whom invitations go to: the body's members, or the signatory organisations
    invites: str = "members"


KIND_RULES = {
    "session": MeetingKind(council_session=True, signatory_call_follows=True, needs_quorum=True),
    "extended_session": MeetingKind(
        council_session=True, signatory_call_follows=True, needs_quorum=True
    ),
    "visiting_session": MeetingKind(council_session=True, has_breakouts=True, needs_quorum=True),
    "forum": MeetingKind(has_breakouts=True),
    "signatory_call": MeetingKind(invites="signatories"),
    "working_group": MeetingKind(needs_quorum=True),
}
MEETING_KINDS = tuple(KIND_RULES)


def kinds_where(trait: str) -> tuple[str, ...]:
    """The kinds with this trait, for queries: `Meeting.kind.in_(kinds_where("has_breakouts"))`."""
    return tuple(name for name, rules in KIND_RULES.items() if getattr(rules, trait))


MEETING_STATUSES = ("planned", "held", "cancelled")
ATTENDANCE_MODES = ("in_person", "remote", "delegate", "absent", "excused")
PRESENT_MODES = ("in_person", "remote", "delegate")
_MODE_ORDER = {mode: i for i, mode in enumerate(ATTENDANCE_MODES)}


def attendance_order(mode: str, name: str) -> tuple:
    """How attendance is listed: in person first, then remote, delegated, absent, excused;
    by name within each."""
    return (_MODE_ORDER[mode], latvian_sort_key(name))


def new_calendar_uid() -> str:
    """A new meeting's iCalendar UID, fixed when it is created: unique across installations
    (RFC 5545 wants the domain on the right; two secretariats' meetings in one calendar must
    not replace each other), and unaffected by a later change of PUBLIC_URL or a database
    restored with its ids counted again."""
    return f"meeting-{uuid.uuid4()}@{host()}"


class Meeting(Audited, db.Model):
    __tablename__ = "meetings"
    __audit_type__ = "meeting"
    __audit_label__ = "title"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    kind: Mapped[str] = mapped_column(choice("meeting_kind", MEETING_KINDS))
    number: Mapped[str] = mapped_column(sa.String(20), default="")
    title: Mapped[str] = mapped_column(sa.String(300))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    region: Mapped[str] = mapped_column(sa.String(100), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    host_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(
        choice("meeting_status", MEETING_STATUSES), default="planned"
    )
    participants_count: Mapped[int | None] = mapped_column()
    visibility: Mapped[str] = mapped_column(
        choice("meeting_visibility", VISIBILITIES), default="internal"
    )
    follows_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    #: the attendance sheet's own version: one submit saves the whole sheet, refused when
    #: someone else saved it since it was opened (meetings.services.save_attendance)
    attendance_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the last change to the meeting itself (calendars' DTSTAMP and Last-Modified)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: its event's UID in every calendar, never changed: meetings from before 0017_standards
    #: keep the `meeting-<id>@secretariat` their invitees' calendars already hold
    calendar_uid: Mapped[str] = mapped_column(sa.String(255), unique=True, default=new_calendar_uid)

    body = relationship("Body")
    host_organisation = relationship("Organisation")
    follows = relationship("Meeting", remote_side=[id], back_populates="followed_by")
    #: what follows this meeting, e.g. the online meeting with signatories after a session
    followed_by = relationship("Meeting", back_populates="follows", order_by="Meeting.starts_at")
    agenda_items = relationship(
        "AgendaItem",
        back_populates="meeting",
        order_by="AgendaItem.position",
        cascade="all, delete-orphan",
    )
    attendances = relationship("Attendance", back_populates="meeting", cascade="all, delete-orphan")
    breakouts = relationship(
        "Breakout",
        back_populates="meeting",
        order_by="Breakout.position",
        cascade="all, delete-orphan",
    )
    # Filled in by the areas above meetings, named here so a meeting page can
    # reach them without importing those areas.
    decisions = relationship("Decision", back_populates="meeting", order_by="Decision.position")
    conclusions = relationship(
        "Conclusion", back_populates="meeting", order_by="Conclusion.position"
    )
    minutes = relationship("Minutes", back_populates="meeting", uselist=False, passive_deletes=True)
    attachments = relationship(
        "Attachment", back_populates="meeting", order_by="Attachment.id", passive_deletes=True
    )
    rsvps = relationship(
        "Rsvp", back_populates="meeting", order_by="Rsvp.answered_at", passive_deletes=True
    )
    plan_reports = relationship(
        "PlanReport", back_populates="meeting", order_by="PlanReport.id", passive_deletes=True
    )
    task_reports = relationship(
        "DelegatedTask", back_populates="report_meeting", order_by="DelegatedTask.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", name="ends_after_start"),
        sa.CheckConstraint(
            "participants_count IS NULL OR participants_count >= 0", name="participants_positive"
        ),
    )

    @property
    def kind_rules(self) -> MeetingKind:
        return KIND_RULES[self.kind]

    @property
    def local_start(self) -> dt.datetime:
        return to_riga(self.starts_at)

    @property
    def local_end(self) -> dt.datetime | None:
        return to_riga(self.ends_at) if self.ends_at else None

    @property
    def records_frozen(self) -> bool:
        """Approved minutes freeze what they record (documents.locking enforces it)."""
        return self.minutes is not None and self.minutes.frozen

    @property
    def is_online_only(self) -> bool:
        return bool(self.online_url) and not self.place

    def __str__(self) -> str:
        return self.title


class AgendaItem(Audited, db.Model):
    """A numbered item (§) of a meeting's agenda."""

    __tablename__ = "agenda_items"
    __audit_type__ = "agenda_item"
    __audit_label__ = "title"
    __audit_parent__ = ("meeting", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(500))
    presenter: Mapped[str] = mapped_column(sa.String(300), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    duration_minutes: Mapped[int | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)

    meeting = relationship("Meeting", back_populates="agenda_items")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return f"{self.position}.§ {self.title}"


class Attendance(Audited, db.Model):
    __tablename__ = "attendances"
    __audit_type__ = "attendance"
    __audit_parent__ = ("meeting", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    mode: Mapped[str] = mapped_column(choice("attendance_mode", ATTENDANCE_MODES))
    delegate_for_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("persons.id", ondelete="SET NULL")
    )
    representing_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(sa.String(300), default="")

    meeting = relationship("Meeting", back_populates="attendances")
    person = relationship("Person", foreign_keys=[person_id])
    delegate_for = relationship("Person", foreign_keys=[delegate_for_id])
    representing = relationship("Organisation")

    __table_args__ = (sa.UniqueConstraint("meeting_id", "person_id"),)

    @property
    def present(self) -> bool:
        return self.mode in PRESENT_MODES


class Breakout(Audited, db.Model):
    """A parallel group at a visiting session or the forum."""

    __tablename__ = "breakouts"
    __audit_type__ = "breakout"
    __audit_label__ = "topic"
    __audit_parent__ = ("meeting", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    topic: Mapped[str] = mapped_column(sa.String(500))
    facilitator: Mapped[str] = mapped_column(sa.String(300), default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    participants_count: Mapped[int | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)

    meeting = relationship("Meeting", back_populates="breakouts")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.topic
