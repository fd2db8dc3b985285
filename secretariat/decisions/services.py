"""Decisions and votes: verbs that change them."""

import sqlalchemy as sa
from flask_babel import gettext

from ..bodies.models import Membership
from ..extensions import db
from ..meetings.models import PRESENT_MODES, Attendance, Meeting
from ..organisations.models import Person
from .models import VOTE_CHOICES, Decision, Vote

DECISION_FIELDS = (
    "agenda_item_id",
    "number",
    "title",
    "text",
    "adopted",
    "vote_mode",
    "votes_for",
    "votes_against",
    "votes_abstain",
    "visibility",
)


def record_decision(meeting: Meeting, **fields) -> Decision:
    last = db.session.scalar(
        sa.select(sa.func.max(Decision.position)).where(Decision.meeting_id == meeting.id)
    )
    decision = Decision(meeting=meeting, position=(last or 0) + 1, visibility=meeting.visibility)
    _apply(decision, fields)
    db.session.add(decision)
    db.session.flush()
    return decision


def update_decision(decision: Decision, **fields) -> Decision:
    _apply(decision, fields)
    db.session.flush()
    return decision


def _apply(decision: Decision, fields: dict) -> None:
    for key, value in fields.items():
        if key in DECISION_FIELDS:
            setattr(decision, key, value)
    if decision.vote_mode == "named":
        decision.votes_for = decision.votes_against = decision.votes_abstain = None
    else:
        decision.votes.clear()


def remove_decision(decision: Decision) -> None:
    db.session.delete(decision)
    db.session.flush()


def record_vote(decision: Decision, person: Person, choice: str | None) -> Vote | None:
    """Set one member's vote; `None` takes a recorded vote back."""
    if choice is not None and choice not in VOTE_CHOICES:
        raise ValueError(choice)
    vote = next((v for v in decision.votes if v.person_id == person.id), None)
    if choice is None:
        if vote is not None:
            decision.votes.remove(vote)
        return None
    if vote is None:
        vote = Vote(person=person, choice=choice)
        decision.votes.append(vote)
    else:
        vote.choice = choice
    return vote


def record_votes(decision: Decision, choices: dict[Person, str | None]) -> None:
    decision.vote_mode = "named"
    decision.votes_for = decision.votes_against = decision.votes_abstain = None
    for person, choice in choices.items():
        record_vote(decision, person, choice)
    db.session.flush()


def eligible_voters(decision: Decision) -> list[Person]:
    """Who may vote: the body's members with a voting right on the day, those present,
    and anyone who already has a vote recorded."""
    meeting = decision.meeting
    day = meeting.local_start.date()
    members = sa.select(Membership.person_id).where(
        Membership.body_id == meeting.body_id,
        Membership.voting_right.is_(True),
        Membership.active_on_clause(day),
    )
    present = sa.select(Attendance.person_id).where(
        Attendance.meeting_id == meeting.id, Attendance.mode.in_(PRESENT_MODES)
    )
    voted = sa.select(Vote.person_id).where(Vote.decision_id == decision.id)
    query = (
        sa.select(Person)
        .where(sa.or_(Person.id.in_(members), Person.id.in_(present), Person.id.in_(voted)))
        .order_by(Person.search_key)
    )
    return list(db.session.scalars(query))


def vote_line(decision: Decision) -> str:
    """The minutes' form: "PAR – 14 (A.Broks, …), PRET – nav, ATTURAS – nav"."""
    words = {"for": gettext("FOR"), "against": gettext("AGAINST"), "abstain": gettext("ABSTAIN")}
    nobody = gettext("none")
    parts = []
    for choice, (count, names) in decision.tally().items():
        if count == 0:
            parts.append(f"{words[choice]} – {nobody}")
        elif names:
            parts.append(f"{words[choice]} – {count} ({', '.join(names)})")
        else:
            parts.append(f"{words[choice]} – {count}")
    return ", ".join(parts)
