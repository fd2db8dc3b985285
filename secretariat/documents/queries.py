"""Who reads which minutes and files, decided in SQL."""

import sqlalchemy as sa

from ..auth.permissions import hidden_from_reader, narrowest, visibility_levels
from ..decisions.models import Decision
from ..extensions import db
from ..meetings.models import Meeting
from .models import FROZEN_STATUSES, Attachment, Minutes


def readable_minutes_clause(user):
    """Drafts are the secretariat's; circulated minutes are for council members too; approved
    minutes are for whoever their visibility names. Never beyond who may see the meeting."""
    levels = visibility_levels(user)
    if "internal" in levels:  # the secretariat
        return Meeting.visibility.in_(levels)
    approved = sa.and_(Minutes.status.in_(FROZEN_STATUSES), Minutes.visibility.in_(levels))
    if getattr(user, "role", None) == "member":
        approved = sa.or_(Minutes.status == "circulated", approved)
    return sa.and_(Meeting.visibility.in_(levels), approved)


def minutes_level(status: str, visibility: str, meeting_visibility: str) -> str:
    """The same rule as one visibility level, for what must hold it with the record (the
    search index): drafts the secretariat's, circulated minutes council members' too,
    approved ones their audience's; never wider than the meeting."""
    if status not in FROZEN_STATUSES:
        return "internal" if status == "draft" else narrowest(meeting_visibility, "members")
    return narrowest(meeting_visibility, visibility)


def readable_minutes(meeting_id: int, user) -> Minutes | None:
    return db.session.scalar(
        sa.select(Minutes)
        .join(Minutes.meeting)
        .where(Minutes.meeting_id == meeting_id, readable_minutes_clause(user))
    )


def visible_attachments(user) -> sa.Select:
    """Files this user may download: the file, its meeting and (if it has one) its decision
    must each be visible to them."""
    levels = visibility_levels(user)
    return (
        sa.select(Attachment)
        .join(Attachment.meeting)
        .outerjoin(Attachment.decision)
        .where(
            Attachment.visibility.in_(levels),
            Meeting.visibility.in_(levels),
            sa.or_(Attachment.decision_id.is_(None), Decision.visibility.in_(levels)),
        )
    )


def get_visible_attachment(attachment_id: int, user) -> Attachment:
    """The file, or the request ends: signed out, sent to sign in; signed in, 404."""
    attachment = db.session.scalar(visible_attachments(user).where(Attachment.id == attachment_id))
    if attachment is None:
        hidden_from_reader()
    return attachment
