import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..core.audit import Audited
from ..core.text import ContactLines, search_key
from ..core.types import choice
from ..extensions import db

#: what a person is to the secretariat (the directory's role filter); seats on the council
#: and working groups are memberships, told apart by their position
PERSON_KINDS = ("member", "alternate", "representative", "expert", "contact", "speaker", "other")
#: the columns the directory's free-text search reads
SEARCHED = ("name", "title", "institution", "emails")
#: set in `Session.info` while two records of one person are merged: the areas that guard
#: what approved minutes record let their rows point at the kept person (documents.locking)
MERGING_PEOPLE = "people.merging"


class Person(ContactLines, Audited, db.Model):
    """Someone who attends, votes, presents or owns follow-up actions."""

    __tablename__ = "persons"
    __audit_type__ = "person"
    __audit_label__ = "name"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    #: title or position ("valsts sekretāra vietniece", "valdes priekšsēdētājs")
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    kind: Mapped[str] = mapped_column(
        choice("person_kind", PERSON_KINDS), default="other", server_default="other"
    )
    emails: Mapped[str] = mapped_column(sa.Text, default="")
    phones: Mapped[str] = mapped_column(sa.Text, default="")
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    #: the institution, when it is not an organisation of the register ("Saeima")
    institution: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    search_key: Mapped[str] = mapped_column(sa.String(200), default="", index=True)
    #: name, title, institution and e-mails, lower-case and without diacritics
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    organisation = relationship("Organisation", back_populates="people")
    # What the areas above point at a person with, named here so the directory can show
    # them and a merge can move them without importing those areas.
    memberships = relationship("Membership", viewonly=True)
    attendances = relationship("Attendance", foreign_keys="Attendance.person_id", viewonly=True)
    votes = relationship("Vote", viewonly=True)
    owned_actions = relationship("Action", viewonly=True)
    users = relationship("User", viewonly=True)

    __mapper_args__ = {"version_id_col": version}

    @validates(*SEARCHED)
    def _keep_search_keys(self, key, value):
        current = {column: getattr(self, column) or "" for column in SEARCHED}
        current[key] = value or ""
        self.search_key = search_key(current["name"])
        self.search_text = person_search_text(**current)
        return value

    @property
    def invitable(self) -> bool:
        """Whether invitations can reach them: the sweep writes to their first e-mail."""
        return any("@" in email for email in self.email_list[:1])

    @property
    def where_from(self) -> str:
        """Their organisation, or the institution typed in when it is not in the register."""
        return self.organisation.name if self.organisation is not None else self.institution

    def __str__(self) -> str:
        return self.name


def person_search_text(name="", title="", institution="", emails="") -> str:
    """What the directory's search reads, for the ORM and for bulk inserts."""
    return "\n".join(search_key(text) for text in (name, title, institution, emails) if text)
