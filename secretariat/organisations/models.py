import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..core.audit import Audited
from ..core.text import ContactLines, search_key, split_lines
from ..core.types import UTCDateTime, choice, utcnow
from ..extensions import db

ORGANISATION_KINDS = ("ngo", "municipality", "ministry", "other")
ORGANISATION_STATUSES = ("active", "struck_off", "withdrawn")
STATUS_SOURCES = ("manual", "import", "register", "self_service")
PROPOSAL_STATUSES = ("pending", "applied", "declined")
#: what a signatory may propose to correct in its own record
PROPOSABLE_FIELDS = ("website", "emails", "phones", "last_annual_report_year")


def register_keys(name, territory, region, fields_of_activity) -> dict[str, str]:
    """The normalised columns the register searches, for the ORM and for bulk inserts."""
    return {
        "search_key": search_key(name),
        "search_text": "\n".join(search_key(t) for t in (name, territory, region) if t),
        "fields_key": search_key(fields_of_activity),
    }


class Organisation(ContactLines, Audited, db.Model):
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
    #: contact details that are not one website, e-mail or phone: more web addresses,
    #: short numbers ("Diennakts tālrunis: 8898"), one per line
    other_contacts: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    memorandum_signed_on: Mapped[dt.date | None] = mapped_column()
    memorandum_withdrawn_on: Mapped[dt.date | None] = mapped_column()
    status: Mapped[str] = mapped_column(
        choice("organisation_status", ORGANISATION_STATUSES), default="active"
    )
    struck_off_on: Mapped[dt.date | None] = mapped_column()
    last_annual_report_year: Mapped[int | None] = mapped_column()
    search_key: Mapped[str] = mapped_column(sa.String(300), default="", index=True)
    #: what the register's free-text search reads: name, territory and region, normalised
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: the fields of activity, normalised for the field filter
    fields_key: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    people = relationship("Person", back_populates="organisation", order_by="Person.name")
    contacts = relationship("Contact", back_populates="organisation", order_by="Contact.position")
    # Named here so the register can show them without importing the areas above it.
    seats = relationship("Membership", foreign_keys="Membership.on_behalf_of_id", viewonly=True)
    attendances = relationship(
        "Attendance", foreign_keys="Attendance.representing_id", viewonly=True
    )
    nominations = relationship("Nomination", viewonly=True)

    __mapper_args__ = {"version_id_col": version}
    # a meeting in a region lists its municipalities' contacts and counts its active NGOs
    __table_args__ = (sa.Index("ix_organisations_region_kind_status", "region", "kind", "status"),)
    status_changes = relationship(
        "OrganisationStatusChange",
        back_populates="organisation",
        order_by="OrganisationStatusChange.recorded_at.desc()",
        cascade="all, delete-orphan",
    )

    @validates("name", "territory", "region", "fields_of_activity")
    def _keep_search_keys(self, key, value):
        current = {name: getattr(self, name) for name in ("name", "territory", "region")}
        current["fields_of_activity"] = self.fields_of_activity
        current[key] = value
        for column, text in register_keys(**current).items():
            setattr(self, column, text)
        return value

    @property
    def other_contact_list(self) -> list[str]:
        return split_lines(self.other_contacts)

    @property
    def is_signatory(self) -> bool:
        return self.memorandum_signed_on is not None

    def __str__(self) -> str:
        return self.name


class OrganisationStatusChange(db.Model):
    """One step of an organisation's status history: signed, struck off, withdrawn."""

    __tablename__ = "organisation_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(choice("status_change_status", ORGANISATION_STATUSES))
    effective_on: Mapped[dt.date | None] = mapped_column()
    source: Mapped[str] = mapped_column(choice("status_change_source", STATUS_SOURCES))
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Organisation", back_populates="status_changes")


class RegisterCheck(db.Model):
    """One check of the signatories against the Enterprise Register that was applied (the
    secretariat's report counts them). Not audited: the status changes it made are."""

    __tablename__ = "register_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    checked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: rows of the register's file read
    rows: Mapped[int] = mapped_column(default=0)
    #: signatories with a registration number, looked for in the file
    compared: Mapped[int] = mapped_column(default=0)
    struck_off: Mapped[int] = mapped_column(default=0)
    renamed: Mapped[int] = mapped_column(default=0)
    not_found: Mapped[int] = mapped_column(default=0)


class ChangeProposal(Audited, db.Model):
    """A signatory's proposed correction of its own record, waiting for staff."""

    __tablename__ = "organisation_change_proposals"
    __audit_type__ = "change_proposal"
    __audit_parent__ = ("organisation", "organisation_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(
        choice("proposal_status", PROPOSAL_STATUSES), default="pending", index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation")
    proposed_by = relationship("User", foreign_keys=[proposed_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])


class Contact(Audited, db.Model):
    """A line of the contacts directory: an office or role of a municipality or institution,
    with its phones, e-mails and web link (seed 004's municipal contacts)."""

    __tablename__ = "contacts"
    __audit_type__ = "contact"
    __audit_label__ = "role"
    __audit_parent__ = ("organisation", "organisation_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(300))
    phones: Mapped[str] = mapped_column(sa.Text, default="")
    emails: Mapped[str] = mapped_column(sa.Text, default="")
    website: Mapped[str] = mapped_column(sa.String(500), default="")
    position: Mapped[int] = mapped_column(default=0)

    organisation = relationship("Organisation", back_populates="contacts")
