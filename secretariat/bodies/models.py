import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import Audited
from ..core.types import UTCDateTime, choice, utcnow
from ..extensions import db

BODY_KINDS = ("council", "working_group")
POSITIONS = ("chair", "deputy_chair", "member", "secretary", "observer")
NOMINATION_STATUSES = ("submitted", "confirmed", "rejected", "withdrawn")
#: how many of a body's voting members must take part for its decisions to count
QUORUM_RULES = ("more_than_half", "at_least_half", "two_thirds", "none")
#: when a decision is adopted: more votes for than against, or for by more than half of
#: the members who vote at the meeting
MAJORITY_RULES = ("more_for_than_against", "more_than_half_voting")


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
    # The body's own rules of procedure, where the app needs them. The council's rules are
    # not written into the app: these are its settings, with the usual defaults.
    quorum_rule: Mapped[str] = mapped_column(
        choice("body_quorum_rule", QUORUM_RULES), default="more_than_half"
    )
    #: members taking part remotely count for the quorum and vote
    remote_members_count: Mapped[bool] = mapped_column(default=True)
    #: a delegated expert counts and votes for the member they stand in for
    delegates_count: Mapped[bool] = mapped_column(default=True)
    majority_rule: Mapped[str] = mapped_column(
        choice("body_majority_rule", MAJORITY_RULES), default="more_for_than_against"
    )

    memberships = relationship("Membership", back_populates="body", order_by="Membership.start_on")
    # Named here so a body's page and the reminders can reach them without importing those areas.
    meetings = relationship("Meeting", viewonly=True)
    calls = relationship("Call", viewonly=True)

    def __str__(self) -> str:
        return self.short_name or self.name

    @classmethod
    def shown_name(cls):
        """`str(body)` in SQL: the short name, or the name when there is none."""
        return sa.func.coalesce(sa.func.nullif(cls.short_name, ""), cls.name)

    def quorum_needed(self, voting_members: int) -> int:
        """How many of `voting_members` must take part for a decision (0: no quorum rule)."""
        if self.quorum_rule == "none":
            return 0
        if self.quorum_rule == "at_least_half":
            return (voting_members + 1) // 2
        if self.quorum_rule == "two_thirds":
            return -(-2 * voting_members // 3)  # rounded up
        return voting_members // 2 + 1

    @property
    def voting_modes(self) -> tuple[str, ...]:
        """The ways of taking part in which a voting member counts and votes (a delegated
        expert counts for the member they stand in for)."""
        modes = ("in_person",)
        if self.remote_members_count:
            modes += ("remote",)
        if self.delegates_count:
            modes += ("delegate",)
        return modes

    def adopted(self, votes_for: int, votes_against: int, voting: int) -> bool:
        """Is a decision adopted by these votes, when `voting` members could vote?"""
        if self.majority_rule == "more_than_half_voting":
            return votes_for > voting / 2
        return votes_for > votes_against


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
