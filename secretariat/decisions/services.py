"""Decisions and votes: verbs that change them."""

import sqlalchemy as sa
from flask_babel import gettext

from ..core.text import latvian_sort_key
from ..core.versioning import assign, check_version
from ..extensions import db
from ..meetings.models import Attendance, Meeting
from ..meetings.services import Quorum, next_position, quorum, voting_members
from ..people.models import Person
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
    decision = Decision(
        meeting=meeting, position=next_position(Decision, meeting), visibility=meeting.visibility
    )
    _apply(decision, fields)
    db.session.add(decision)
    db.session.flush()
    return decision


def update_decision(decision: Decision, expected_version, **fields) -> Decision:
    check_version(decision, expected_version)
    _apply(decision, fields)
    db.session.flush()
    return decision


def _apply(decision: Decision, fields: dict) -> None:
    assign(decision, fields, DECISION_FIELDS)
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


class NoQuorum(Exception):
    """A decision at a meeting without a quorum, and staff gave no reason to record it."""

    def __init__(self, quorum: Quorum):
        super().__init__(quorum)
        self.quorum = quorum


def check_quorum(decision: Decision, reason: str) -> None:
    """A decision needs the meeting's quorum (the body's rule); without it, it is recorded
    only with the reason staff give, which is kept on the decision."""
    found = quorum(decision.meeting)
    missing = found is not None and not found.reached
    if missing and not reason.strip():
        raise NoQuorum(found)
    decision.quorum_reason = reason.strip() if missing else ""


def outcome(decision: Decision, voting: int) -> bool | None:
    """Adopted or not, by the named votes and the body's majority rule, when `voting`
    members could vote; None while nobody has voted."""
    counts = {choice: count for choice, (count, _) in decision.tally().items()}
    if not any(counts.values()):
        return None
    return decision.meeting.body.adopted(counts["for"], counts["against"], voting)


def take_votes(decision: Decision, choices: dict[Person, str | None], quorum_reason: str = ""):
    """The named votes as the votes form records them: refused without a quorum unless a
    reason is given, then the outcome worked out by the body's majority rule."""
    check_quorum(decision, quorum_reason)
    record_votes(decision, choices)
    decision.adopted = outcome(decision, len(choices))
    db.session.flush()
    return decision


def _took_part(meeting: Meeting):
    """Ids of those who vote at the meeting (a subquery): once attendance is recorded, the
    members with a voting right who took part in a way the body counts (Body.voting_modes:
    in person, and by default remotely), and delegated experts standing in for such a
    member where the body lets them; before that, all members with a voting right."""
    members = voting_members(meeting)
    attendance = sa.select(Attendance).where(Attendance.meeting_id == meeting.id)
    if not db.session.scalar(sa.select(sa.exists(attendance))):
        return members
    modes = meeting.body.voting_modes
    own = tuple(mode for mode in modes if mode != "delegate")
    counted = [sa.and_(Attendance.mode.in_(own), Attendance.person_id.in_(members))]
    if "delegate" in modes:
        counted.append(
            sa.and_(Attendance.mode == "delegate", Attendance.delegate_for_id.in_(members))
        )
    return sa.select(Attendance.person_id).where(
        Attendance.meeting_id == meeting.id, sa.or_(*counted)
    )


def eligible_voters(decision: Decision) -> list[Person]:
    """Who may vote on a decision (see `_took_part`). Absent and excused members, members
    without a voting right and invited guests do not vote. Anyone who already has a vote
    recorded stays listed, so it can be taken back."""
    voted = sa.select(Vote.person_id).where(Vote.decision_id == decision.id)
    query = sa.select(Person).where(
        sa.or_(Person.id.in_(_took_part(decision.meeting)), Person.id.in_(voted))
    )
    return sorted(db.session.scalars(query), key=lambda p: latvian_sort_key(p.name))


def meeting_voters(meeting: Meeting) -> list[Person]:
    """Who votes on a new decision of the meeting (see `_took_part`), by name."""
    query = sa.select(Person).where(Person.id.in_(_took_part(meeting)))
    return sorted(db.session.scalars(query), key=lambda p: latvian_sort_key(p.name))


def voter_count(meeting: Meeting) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(_took_part(meeting).subquery()))


def number_taken(meeting: Meeting, number: str, decision: Decision | None = None) -> bool:
    """Is this decision number already used at the meeting (by another decision)?"""
    if not number:
        return False
    query = sa.select(Decision.id).where(
        Decision.meeting_id == meeting.id, sa.func.lower(Decision.number) == number.lower()
    )
    if decision is not None and decision.id is not None:
        query = query.where(Decision.id != decision.id)
    return db.session.scalar(sa.select(sa.exists(query))) is True


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
