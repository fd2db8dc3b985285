"""Reading decisions, with visibility applied in SQL: a decision is read only by those who
may read both it and its meeting."""

import sqlalchemy as sa

from ..auth.permissions import hidden_from_reader, visibility_levels
from ..extensions import db
from ..meetings.models import Meeting
from .models import Decision


def visible_decisions(user) -> sa.Select:
    levels = visibility_levels(user)
    return (
        sa.select(Decision)
        .join(Decision.meeting)
        .where(Decision.visibility.in_(levels), Meeting.visibility.in_(levels))
    )


def get_visible_decision(decision_id: int, user, *options) -> Decision:
    """The decision if this user may read it; 404 otherwise (its existence is not told)."""
    decision = db.session.scalar(
        visible_decisions(user).where(Decision.id == decision_id).options(*options)
    )
    if decision is None:
        hidden_from_reader()
    return decision
