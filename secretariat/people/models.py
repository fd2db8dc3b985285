import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..core.audit import Audited
from ..core.text import search_key
from ..extensions import db


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
