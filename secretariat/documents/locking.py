"""Approved minutes freeze what they record, whatever route or command tries to change it.

A `before_flush` hook looks at every changed row that minutes record (the meeting,
its agenda, attendance, breakout groups, conclusions, decisions, votes and the minutes'
own text, and the files they list as annexes; follow-up actions go on)
and refuses the flush when that meeting's minutes are approved or locked. Views
catch `MinutesLocked` and answer 409 with a message; a correction is an amendment.
"""

import sqlalchemy as sa
from flask import request
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..decisions.models import Decision, Vote
from ..extensions import db
from ..followups.models import Conclusion
from ..meetings.models import AgendaItem, Attendance, Breakout, Meeting
from ..people.models import MERGING_PEOPLE
from .models import FROZEN_STATUSES, Attachment, Minutes, MinutesSection

#: changes that stay allowed on frozen records: who may read them
_ALWAYS_ALLOWED = {"visibility", "version"}
#: what may still change on frozen minutes: the steps after approval
_MINUTES_AFTER_APPROVAL = {"status", "locked_at", "archive_sha256", "archive_size", "visibility"}
#: what merging two records of one person may change on frozen records: which record a row
#: names (the archived PDF keeps the names as they were)
_MERGE_KEYS = {"person_id", "delegate_for_id"}


class MinutesLocked(Exception):
    """A change to something that approved minutes record."""

    def __init__(self, meeting_id: int):
        super().__init__(meeting_id)
        self.meeting_id = meeting_id


def _meeting_id(obj) -> int | None:
    if isinstance(obj, Meeting):
        return obj.id
    if isinstance(obj, AgendaItem | Attendance | Breakout | Conclusion | Decision):
        return obj.meeting_id if obj.meeting_id is not None else _via(obj, "meeting")
    if isinstance(obj, Vote):
        decision = obj.decision
        return decision.meeting_id if decision is not None else None
    if isinstance(obj, MinutesSection):
        minutes = obj.minutes
        return minutes.meeting_id if minutes is not None else None
    return None


def _via(obj, relationship_name: str) -> int | None:
    parent = getattr(obj, relationship_name)
    return parent.id if parent is not None else None


def _changed_keys(obj) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.mapper.column_attrs if state.attrs[attr.key].history.added}


def _touches_the_record(session: Session, obj) -> bool:
    if obj in session.new or obj in session.deleted:
        return True
    if not session.is_modified(obj, include_collections=False):
        return False
    changed = _changed_keys(obj) - _ALWAYS_ALLOWED
    if session.info.get(MERGING_PEOPLE):
        changed -= _MERGE_KEYS
    return bool(changed)


def _frozen_meetings(session: Session, meeting_ids: set[int]) -> set[int]:
    if not meeting_ids:
        return set()
    with session.no_autoflush:
        return set(
            session.scalars(
                sa.select(Minutes.meeting_id).where(
                    Minutes.meeting_id.in_(meeting_ids), Minutes.status.in_(FROZEN_STATUSES)
                )
            )
        )


def _approving_decisions(session: Session, decision_ids: set[int]) -> set[int]:
    if not decision_ids:
        return set()
    with session.no_autoflush:
        return set(
            session.scalars(
                sa.select(Minutes.meeting_id).where(
                    Minutes.approved_by_decision_id.in_(decision_ids)
                )
            )
        )


def _check_minutes_rows(session: Session) -> None:
    for minutes in session.dirty:
        if not isinstance(minutes, Minutes) or not session.is_modified(minutes):
            continue
        committed_status = inspect(minutes).attrs.status.history.deleted
        was = committed_status[0] if committed_status else minutes.status
        if was not in FROZEN_STATUSES:
            continue
        forward = minutes.status == was or (was, minutes.status) == ("approved", "locked")
        if not forward or _changed_keys(minutes) - _MINUTES_AFTER_APPROVAL:
            raise MinutesLocked(minutes.meeting_id)
    for minutes in session.deleted:
        if isinstance(minutes, Minutes) and minutes.frozen:
            raise MinutesLocked(minutes.meeting_id)


def _stored(obj, key: str):
    """The value as the database holds it, before this flush's change."""
    history = inspect(obj).attrs[key].history
    return history.deleted[0] if history.deleted else getattr(obj, key)


def _annex_changed(session: Session, attachment: Attachment) -> bool:
    """Removed, renamed, re-dated, moved to another meeting, item or decision, or moved
    across the line between the secretariat's working files and the annexes. Narrowing a
    listed annex's readers keeps it listed, so that alone is allowed."""
    if attachment in session.deleted:
        return True
    if attachment in session.new or not session.is_modified(attachment):
        return False
    state = inspect(attachment)
    # columns and the relationships behind them (a.meeting = other changes no column yet)
    changed = {attr.key for attr in state.attrs if attr.history.added}
    if changed - {"visibility"}:
        return True
    history = state.attrs.visibility.history
    if history.deleted and history.added:
        return (history.deleted[0] == "internal") != (history.added[0] == "internal")
    return False


def _meetings_of(attachment: Attachment) -> set[int]:
    """The meeting the file belonged to and the one it is being moved to."""
    ids = {_stored(attachment, "meeting_id"), attachment.meeting_id}
    for meeting in (_stored(attachment, "meeting"), attachment.meeting):
        if meeting is not None:
            ids.add(meeting.id)
    return {i for i in ids if i is not None}


def _check_annexes(session: Session) -> None:
    """Files uploaded before the minutes were approved are what the archived minutes list."""
    with session.no_autoflush:
        changed = {
            obj: _meetings_of(obj)
            for obj in (*session.dirty, *session.deleted)
            if isinstance(obj, Attachment) and _annex_changed(session, obj)
        }
        if not changed:
            return
        meeting_ids = set().union(*changed.values())
        minutes = {
            m.meeting_id: m
            for m in session.scalars(sa.select(Minutes).where(Minutes.meeting_id.in_(meeting_ids)))
        }
    for attachment, meetings in changed.items():
        uploaded_at = _stored(attachment, "uploaded_at")
        for meeting_id in meetings:
            if meeting_id in minutes and minutes[meeting_id].froze(uploaded_at):
                raise MinutesLocked(meeting_id)


def refuse_changes_to_frozen_records(session: Session, flush_context, instances) -> None:
    _check_minutes_rows(session)
    _check_annexes(session)
    touched: set[int] = set()
    deleted_decisions: set[int] = set()
    with session.no_autoflush:
        for obj in (*session.new, *session.dirty, *session.deleted):
            meeting_id = _meeting_id(obj)
            if meeting_id is not None and _touches_the_record(session, obj):
                touched.add(meeting_id)
            if isinstance(obj, Decision) and obj in session.deleted:
                deleted_decisions.add(obj.id)
    frozen = _frozen_meetings(session, touched) | _approving_decisions(session, deleted_decisions)
    if frozen:
        raise MinutesLocked(min(frozen))


#: pages that change only what minutes record: once approved, refused before any form is read
#: (the meeting and decision edit forms stay open: who may read a record is not its content)
GUARDED_ENDPOINTS = {
    "meetings.agenda",
    "meetings.edit_agenda_item",
    "meetings.move_agenda_item",
    "meetings.delete_agenda_item",
    "meetings.attendance",
    "meetings.breakouts",
    "meetings.edit_breakout",
    "meetings.delete_breakout",
    "decisions.create",
    "decisions.votes",
    "decisions.delete",
    "documents.edit_minutes",
    "followups.conclusions",
    "followups.edit_conclusion",
    "followups.delete_conclusion",
}


def refuse_posts_to_frozen_meetings() -> None:
    """A before-request hook: a change to a frozen meeting is answered 409 straight away."""
    if request.method != "POST" or request.endpoint not in GUARDED_ENDPOINTS:
        return
    args = request.view_args or {}
    meeting_id = args.get("meeting_id")
    if meeting_id is None and "decision_id" in args:
        meeting_id = db.session.scalar(
            sa.select(Decision.meeting_id).where(Decision.id == args["decision_id"])
        )
    frozen = _frozen_meetings(db.session, {meeting_id} if meeting_id else set())
    if frozen or (
        request.endpoint == "decisions.delete"
        and _approving_decisions(db.session, {args["decision_id"]})
    ):
        raise MinutesLocked(meeting_id)


def install_lock_guard() -> None:
    """Listen on every ORM session once, however many apps are created."""
    if not event.contains(Session, "before_flush", refuse_changes_to_frozen_records):
        event.listen(Session, "before_flush", refuse_changes_to_frozen_records)
