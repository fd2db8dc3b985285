import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.permissions import VISIBILITIES
from ..core.audit import Audited
from ..core.text import initial_and_surname, latvian_sort_key
from ..core.types import choice
from ..extensions import db

VOTE_CHOICES = ("for", "against", "abstain")
VOTE_MODES = ("named", "totals")


class Decision(Audited, db.Model):
    __tablename__ = "decisions"
    __audit_type__ = "decision"
    __audit_label__ = "title"
    __audit_parent__ = ("meeting", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    number: Mapped[str] = mapped_column(sa.String(30), default="")
    title: Mapped[str] = mapped_column(sa.String(500))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    adopted: Mapped[bool | None] = mapped_column()
    vote_mode: Mapped[str] = mapped_column(
        choice("decision_vote_mode", VOTE_MODES), default="named"
    )
    votes_for: Mapped[int | None] = mapped_column()
    votes_against: Mapped[int | None] = mapped_column()
    votes_abstain: Mapped[int | None] = mapped_column()
    #: who may read it; never wider than its meeting (queries check both)
    visibility: Mapped[str] = mapped_column(
        choice("decision_visibility", VISIBILITIES), default="internal"
    )
    #: why staff recorded the decision although the meeting had no quorum
    quorum_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    version: Mapped[int] = mapped_column(default=1)

    meeting = relationship("Meeting", back_populates="decisions")
    agenda_item = relationship("AgendaItem")
    votes = relationship("Vote", back_populates="decision", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        sa.CheckConstraint(
            "coalesce(votes_for, 0) >= 0 AND coalesce(votes_against, 0) >= 0"
            " AND coalesce(votes_abstain, 0) >= 0",
            name="totals_not_negative",
        ),
    )

    def tally(self) -> dict[str, tuple[int, list[str]]]:
        """For each choice: how many, and the names in the minutes form (A.Broks), sorted."""
        if self.vote_mode == "totals":
            counts = {
                "for": self.votes_for,
                "against": self.votes_against,
                "abstain": self.votes_abstain,
            }
            return {c: (counts[c] or 0, []) for c in VOTE_CHOICES}
        names: dict[str, list[str]] = {c: [] for c in VOTE_CHOICES}
        for vote in self.votes:
            names[vote.choice].append(initial_and_surname(vote.person.name))
        return {c: (len(n), sorted(n, key=_surname_key)) for c, n in names.items()}

    @property
    def has_votes(self) -> bool:
        return any(count for count, _ in self.tally().values())

    def __str__(self) -> str:
        return self.title


def _surname_key(short_name: str) -> tuple:
    initial, _, surname = short_name.partition(".")
    return latvian_sort_key(surname), latvian_sort_key(initial)


class Vote(Audited, db.Model):
    """One council member's vote on a decision (Popolo's Vote)."""

    __tablename__ = "votes"
    __audit_type__ = "vote"
    __audit_label__ = "choice"
    __audit_parent__ = ("decision", "decision_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    choice: Mapped[str] = mapped_column(choice("vote_choice", VOTE_CHOICES))

    decision = relationship("Decision", back_populates="votes")
    person = relationship("Person")

    __table_args__ = (sa.UniqueConstraint("decision_id", "person_id"),)
