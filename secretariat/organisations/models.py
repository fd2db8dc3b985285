import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..core.audit import Audited
from ..core.text import search_key, split_lines
from ..core.types import UTCDateTime, choice, utcnow
from ..extensions import db

ORGANISATION_KINDS = ("ngo", "municipality", "ministry", "other")
ORGANISATION_STATUSES = ("active", "struck_off", "withdrawn")


class Organisation(Audited, db.Model):
    """A signatory NGO, or an institution people represent (ministry, municipality)."""

    __tablename__ = "organisations"
    __audit_type__ = "organisation"
    __audit_label__ = "name"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(
        choice("organisation_kind", ORGANISATION_KINDS), default="ngo"
    )
    legal_form: Mapped[str] = mapped_column(sa.String(100), default="")
    region: Mapped[str] = mapped_column(sa.String(100), default="")
    territory: Mapped[str] = mapped_column(sa.String(200), default="")
    fields_of_activity: Mapped[str] = mapped_column(sa.Text, default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    emails: Mapped[str] = mapped_column(sa.Text, default="")
    phones: Mapped[str] = mapped_column(sa.Text, default="")
    memorandum_signed_on: Mapped[dt.date | None] = mapped_column()
    memorandum_withdrawn_on: Mapped[dt.date | None] = mapped_column()
    status: Mapped[str] = mapped_column(
        choice("organisation_status", ORGANISATION_STATUSES), default="active"
    )
    struck_off_on: Mapped[dt.date | None] = mapped_column()
    last_annual_report_year: Mapped[int | None] = mapped_column()
    search_key: Mapped[str] = mapped_column(sa.String(300), default="", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    people = relationship("Person", back_populates="organisation", order_by="Person.name")

    @validates("name")
    def _keep_search_key(self, key, value):
        self.search_key = search_key(value)
        return value

    @property
    def email_list(self) -> list[str]:
        return split_lines(self.emails)

    @property
    def is_signatory(self) -> bool:
        return self.memorandum_signed_on is not None

    def __str__(self) -> str:
        return self.name


class Person(Audited, db.Model):
    """Someone who attends, votes, presents or owns follow-up actions."""

    __tablename__ = "persons"
    __audit_type__ = "person"
    __audit_label__ = "name"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    emails: Mapped[str] = mapped_column(sa.Text, default="")
    phones: Mapped[str] = mapped_column(sa.Text, default="")
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    search_key: Mapped[str] = mapped_column(sa.String(200), default="", index=True)

    organisation = relationship("Organisation", back_populates="people")

    @validates("name")
    def _keep_search_key(self, key, value):
        self.search_key = search_key(value)
        return value

    def __str__(self) -> str:
        return self.name
