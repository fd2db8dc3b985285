"""Minutes with their lifecycle, corrections to approved minutes, and attached files."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.permissions import VISIBILITIES
from ..core.audit import Audited
from ..core.types import UTCDateTime, choice, utcnow
from ..core.uploads import STORED_FILE
from ..extensions import db

MINUTES_STATUSES = ("draft", "circulated", "approved", "locked")
#: from approval on, what the minutes record can no longer change
FROZEN_STATUSES = ("approved", "locked")


class Minutes(Audited, db.Model):
    """The minutes (protokols) of one meeting.

    draft: staff write them; circulated: council members may read them; approved: a
    later decision approved them and nothing they record may change; locked: the PDF
    is archived with its SHA-256 and served as it was.
    """

    __tablename__ = "minutes"
    __audit_type__ = "minutes"
    __audit_label__ = "status"
    __audit_parent__ = ("meeting", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(choice("minutes_status", MINUTES_STATUSES), default="draft")
    introduction: Mapped[str] = mapped_column(sa.Text, default="")
    chaired_by: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_by: Mapped[str] = mapped_column(sa.String(200), default="")
    #: when the chair closed the meeting ("Sēdi slēdz plkst. 12.05"), Riga time
    closing_time: Mapped[dt.time | None] = mapped_column()
    #: who reads them once approved; drafts are the secretariat's, circulated ones the members'
    visibility: Mapped[str] = mapped_column(
        choice("minutes_visibility", VISIBILITIES), default="members"
    )
    circulated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    approved_by_decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="RESTRICT"), index=True
    )
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    locked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    archive_sha256: Mapped[str | None] = mapped_column(sa.String(64), info=STORED_FILE)
    archive_size: Mapped[int | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting = relationship("Meeting", back_populates="minutes")
    approved_by_decision = relationship("Decision", foreign_keys=[approved_by_decision_id])
    sections = relationship(
        "MinutesSection", back_populates="minutes", cascade="all, delete-orphan"
    )
    amendments = relationship(
        "MinutesAmendment",
        back_populates="minutes",
        order_by="MinutesAmendment.created_at",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    def freezes(self, attachment: "Attachment") -> bool:
        """Was the file there when the minutes were approved? Then it stays as they saw it."""
        return self.froze(attachment.uploaded_at)

    def froze(self, uploaded_at: dt.datetime) -> bool:
        return self.frozen and (self.approved_at is None or uploaded_at <= self.approved_at)

    def discussion_of(self, agenda_item_id: int) -> str:
        return next((s.discussion for s in self.sections if s.agenda_item_id == agenda_item_id), "")


class MinutesSection(Audited, db.Model):
    """What the minutes say was discussed under one agenda item (Markdown)."""

    __tablename__ = "minutes_sections"
    __audit_type__ = "minutes_section"
    __audit_parent__ = ("minutes", "minutes_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(
        sa.ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    discussion: Mapped[str] = mapped_column(sa.Text, default="")

    minutes = relationship("Minutes", back_populates="sections")
    agenda_item = relationship("AgendaItem")

    __table_args__ = (sa.UniqueConstraint("minutes_id", "agenda_item_id"),)


class MinutesAmendment(Audited, db.Model):
    """A correction to approved minutes: recorded beside them, never written into them."""

    __tablename__ = "minutes_amendments"
    __audit_type__ = "minutes_amendment"
    __audit_parent__ = ("minutes", "minutes_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(
        sa.ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.Text)
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    minutes = relationship("Minutes", back_populates="amendments")
    decision = relationship("Decision")
    created_by = relationship("User")


class Attachment(Audited, db.Model):
    """A file presented at a meeting, on an agenda item or with a decision.

    The bytes live on disk under their SHA-256 (one copy however often uploaded);
    the row says what it is, whose it is and who may download it.
    """

    __tablename__ = "attachments"
    __audit_type__ = "attachment"
    __audit_label__ = "filename"
    __audit_parent__ = ("meeting", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True, info=STORED_FILE)
    visibility: Mapped[str] = mapped_column(
        choice("attachment_visibility", VISIBILITIES), default="internal"
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting = relationship("Meeting", back_populates="attachments")
    agenda_item = relationship("AgendaItem")
    decision = relationship("Decision")
    uploaded_by = relationship("User")

    __table_args__ = (sa.CheckConstraint("size >= 0", name="size_not_negative"),)

    def __str__(self) -> str:
        return self.title or self.filename
