import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import Audited
from ..core.types import UTCDateTime, choice, utcnow
from ..extensions import db

BODY_KINDS = ("council", "working_group")
POSITIONS = ("chair", "deputy_chair", "member", "secretary", "observer")
NOMINATION_STATUSES = ("submitted", "confirmed", "rejected", "withdrawn")


class Body(Audited, db.Model):
    __tablename__ = "bodies"
    __audit_type__ = "body"
    __audit_label__ = "name"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(choice("body_kind", BODY_KINDS))
    name: Mapped[str] = mapped_column(sa.String(300), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(60), default="")
    mandate: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    memberships = relationship("Membership", back_populates="body", order_by="Membership.start_on")
    # Named here so a body's page and the reminders can reach them without importing those areas.
    meetings = relationship("Meeting", viewonly=True)
    calls = relationship("Call", viewonly=True)

    def __str__(self) -> str:
        return self.short_name or self.name


class Membership(Audited, db.Model):
    """A person's seat on a body, on behalf of an organisation, for a term (OParl's Membership)."""

    __tablename__ = "memberships"
    __audit_type__ = "membership"
    __audit_parent__ = ("body", "body_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    position: Mapped[str] = mapped_column(choice("membership_position", POSITIONS))
    on_behalf_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    voting_right: Mapped[bool] = mapped_column(default=True)
    start_on: Mapped[dt.date] = mapped_column()
    end_on: Mapped[dt.date | None] = mapped_column()

    person = relationship("Person")
    body = relationship("Body", back_populates="memberships")
    on_behalf_of = relationship("Organisation")

    def active_on(self, day: dt.date) -> bool:
        return self.start_on <= day and (self.end_on is None or day <= self.end_on)

    @classmethod
    def active_on_clause(cls, day: dt.date):
        return sa.and_(cls.start_on <= day, sa.or_(cls.end_on.is_(None), cls.end_on >= day))


class NominationRound(Audited, db.Model):
    """Every half year signatories may nominate their representative to a body."""

    __tablename__ = "nomination_rounds"
    __audit_type__ = "nomination_round"
    __audit_label__ = "period"
    __audit_parent__ = ("body", "body_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    period: Mapped[str] = mapped_column(sa.String(20))
    opens_on: Mapped[dt.date] = mapped_column()
    closes_on: Mapped[dt.date] = mapped_column()
    term_starts_on: Mapped[dt.date] = mapped_column()
    notes: Mapped[str] = mapped_column(sa.Text, default="")

    body = relationship("Body")
    nominations = relationship(
        "Nomination", back_populates="round", order_by="Nomination.submitted_at"
    )

    __table_args__ = (
        sa.UniqueConstraint("body_id", "period"),
        sa.CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
    )

    def is_open(self, day: dt.date) -> bool:
        return self.opens_on <= day <= self.closes_on


class Nomination(Audited, db.Model):
    """An organisation's candidate in a nomination round."""

    __tablename__ = "nominations"
    __audit_type__ = "nomination"
    __audit_label__ = "candidate_name"
    __audit_parent__ = ("nomination_round", "round_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nomination_rounds.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    candidate_name: Mapped[str] = mapped_column(sa.String(200))
    candidate_email: Mapped[str] = mapped_column(sa.String(254), default="")
    motivation: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(
        choice("nomination_status", NOMINATION_STATUSES), default="submitted"
    )
    submitted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    membership_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("memberships.id", ondelete="SET NULL")
    )

    round = relationship("NominationRound", back_populates="nominations")
    organisation = relationship("Organisation")
    membership = relationship("Membership")

    __table_args__ = (sa.UniqueConstraint("round_id", "organisation_id"),)
