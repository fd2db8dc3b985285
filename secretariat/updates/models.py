import datetime as dt

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.permissions import VISIBILITIES
from ..core.audit import Audited
from ..core.dates import riga_to_utc, to_riga
from ..core.types import UTCDateTime, choice, utcnow
from ..extensions import db

UPDATE_STATUSES = ("draft", "published")
CALL_KINDS = ("procurement", "expert_pool", "survey", "study", "other")
CALL_STATUSES = ("open", "closed")
COMMUNICATION_KINDS = ("video_story", "infographic", "article")
#: a deadline given without a time means the end of that day
END_OF_DAY = dt.time(23, 59)


class MonthlyUpdate(Audited, db.Model):
    """What happened in a month and what signatories can join next: one per month."""

    __tablename__ = "monthly_updates"
    __audit_type__ = "monthly_update"
    __audit_label__ = "title"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the first day of the month it covers
    month: Mapped[dt.date] = mapped_column(unique=True)
    body_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("bodies.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(choice("update_status", UPDATE_STATUSES), default="draft")
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the last edit after publishing: feed readers are told of the correction
    edited_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    visibility: Mapped[str] = mapped_column(
        choice("update_visibility", VISIBILITIES), default="signatories"
    )
    #: the audience the text was last drafted for from the records: it may hold what
    #: they may read and no more, so it is never published more widely than this
    drafted_for: Mapped[str] = mapped_column(
        choice("update_drafted_for", VISIBILITIES), default="internal"
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    body = relationship("Body")

    __mapper_args__ = {"version_id_col": version}

    @property
    def wider_than_its_draft(self) -> bool:
        return VISIBILITIES.index(self.visibility) > VISIBILITIES.index(self.drafted_for)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def last_changed_at(self) -> dt.datetime | None:
        """When readers last saw it change: published, or edited since (Atom's updated)."""
        return max(filter(None, (self.published_at, self.edited_at)), default=None)

    @property
    def language(self) -> str:
        """The language of its title and text: Latvian, as drafted from the records and
        edited by staff. Shown in English, only the frame around them is English."""
        return "lv"

    @property
    def slug(self) -> str:
        """The month as the URLs and the command line write it: 2025-09."""
        return self.month.strftime("%Y-%m")

    def __str__(self) -> str:
        return self.title


class Call(Audited, db.Model):
    """A procurement, expert-pool selection, survey or study with a deadline."""

    __tablename__ = "calls"
    __audit_type__ = "call"
    __audit_label__ = "title"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(choice("call_kind", CALL_KINDS))
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    deadline_on: Mapped[dt.date] = mapped_column(index=True)
    deadline_time: Mapped[dt.time | None] = mapped_column()
    status: Mapped[str] = mapped_column(choice("call_status", CALL_STATUSES), default="open")
    #: the working group it serves, if any
    body_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("bodies.id", ondelete="SET NULL"), index=True
    )
    link_url: Mapped[str] = mapped_column(sa.String(500), default="")
    visibility: Mapped[str] = mapped_column(
        choice("call_visibility", VISIBILITIES), default="internal"
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    body = relationship("Body")

    __mapper_args__ = {"version_id_col": version}

    @property
    def deadline_at(self) -> dt.datetime:
        """The moment submissions close (UTC)."""
        return riga_to_utc(self.deadline_on, self.deadline_time or END_OF_DAY)

    def open_at(self, moment: dt.datetime) -> bool:
        """Taking submissions at that moment: not closed by staff, deadline not passed."""
        return self.status == "open" and self.deadline_at > moment

    @classmethod
    def open_at_clause(cls, moment: dt.datetime):
        """`open_at` as an SQL condition (the deadline is a Riga date and time)."""
        now = to_riga(moment)
        deadline_time = sa.func.coalesce(cls.deadline_time, END_OF_DAY)
        return sa.and_(
            cls.status == "open",
            sa.or_(
                cls.deadline_on > now.date(),
                sa.and_(
                    cls.deadline_on == now.date(),
                    deadline_time > now.time().replace(tzinfo=None, microsecond=0),
                ),
            ),
        )

    @hybrid_property
    def is_open(self) -> bool:
        """Still taking submissions now. Every page, list and reminder asks this (in Python
        or, as a clause, in SQL), never the stored status alone: that is only staff's early
        closing, and a call past its deadline is closed without anyone closing it."""
        return self.open_at(utcnow())

    @is_open.inplace.expression
    @classmethod
    def _is_open_clause(cls):
        return cls.open_at_clause(utcnow())

    @property
    def shown_status(self) -> str:
        """What people see: open, or closed (by staff or by its deadline)."""
        return "open" if self.is_open else "closed"

    def __str__(self) -> str:
        return self.title


class CommunicationItem(Audited, db.Model):
    """A video story, infographic or article, often about a decision."""

    __tablename__ = "communication_items"
    __audit_type__ = "communication_item"
    __audit_label__ = "title"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(choice("communication_kind", COMMUNICATION_KINDS))
    title: Mapped[str] = mapped_column(sa.String(300))
    url: Mapped[str] = mapped_column(sa.String(500))
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="SET NULL"), index=True
    )
    published_on: Mapped[dt.date] = mapped_column(index=True)
    visibility: Mapped[str] = mapped_column(
        choice("communication_visibility", VISIBILITIES), default="internal"
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision = relationship("Decision")

    def __str__(self) -> str:
        return self.title


class Rsvp(Audited, db.Model):
    """A signatory organisation's answer: will it attend this meeting?"""

    __tablename__ = "meeting_rsvps"
    __audit_type__ = "rsvp"
    __audit_parent__ = ("meeting", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    attending: Mapped[bool] = mapped_column()
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting = relationship("Meeting", back_populates="rsvps")
    # staff read the answers with the organisations' names: one statement, not one per answer
    organisation = relationship("Organisation", lazy="joined")
    user = relationship("User")

    __table_args__ = (sa.UniqueConstraint("meeting_id", "organisation_id"),)
