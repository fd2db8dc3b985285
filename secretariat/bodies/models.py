import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import Audited
from ..core.types import choice
from ..extensions import db

BODY_KINDS = ("council", "working_group")
POSITIONS = ("chair", "deputy_chair", "member", "secretary", "observer")


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
