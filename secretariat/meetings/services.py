"""Meetings: verbs that change them. No request, no commit: views do that."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from ..bodies.models import Membership
from ..core.dates import riga_to_utc
from ..core.text import latvian_sort_key
from ..core.versioning import edit
from ..extensions import db
from ..organisations.models import Organisation
from ..people.models import Person
from .models import ATTENDANCE_MODES, PRESENT_MODES, AgendaItem, Attendance, Breakout, Meeting

MEETING_FIELDS = (
    "body_id",
    "kind",
    "number",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "region",
    "online_url",
    "host_organisation_id",
    "status",
    "participants_count",
    "visibility",
    "description",
)


def create_meeting(**fields) -> Meeting:
    meeting = Meeting(**{k: v for k, v in fields.items() if k in MEETING_FIELDS})
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: Meeting, expected_version, **fields) -> Meeting:
    return edit(meeting, expected_version, fields, MEETING_FIELDS)


def next_position(model, meeting: Meeting) -> int:
    """The number after the last of a meeting's agenda items, breakouts, decisions …"""
    last = db.session.scalar(
        sa.select(sa.func.max(model.position)).where(model.meeting_id == meeting.id)
    )
    return (last or 0) + 1


AGENDA_ITEM_FIELDS = ("title", "presenter", "notes", "duration_minutes")
BREAKOUT_FIELDS = ("topic", "facilitator", "summary", "participants_count")


def add_agenda_item(meeting: Meeting, title: str, presenter="", notes="", duration_minutes=None):
    item = AgendaItem(
        meeting=meeting,
        position=next_position(AgendaItem, meeting),
        title=title,
        presenter=presenter,
        notes=notes,
        duration_minutes=duration_minutes,
    )
    db.session.add(item)
    db.session.flush()
    return item


def update_agenda_item(item: AgendaItem, expected_version, **fields) -> AgendaItem:
    return edit(item, expected_version, fields, AGENDA_ITEM_FIELDS)


def _renumber(items: list[AgendaItem]) -> None:
    for number, item in enumerate(items, start=1):
        if item.position != number:
            item.position = number


def move_agenda_item(item: AgendaItem, steps: int) -> None:
    """Move an item up (negative) or down (positive) the agenda; the § numbers follow."""
    items = sorted(item.meeting.agenda_items, key=lambda i: i.position)
    index = items.index(item)
    target = max(0, min(len(items) - 1, index + steps))
    items.insert(target, items.pop(index))
    _renumber(items)
    db.session.flush()


def remove_agenda_item(item: AgendaItem) -> None:
    meeting = item.meeting
    meeting.agenda_items.remove(item)
    db.session.delete(item)
    _renumber(sorted(meeting.agenda_items, key=lambda i: i.position))
    db.session.flush()


def record_attendance(
    meeting: Meeting,
    person: Person,
    mode: str,
    representing: Organisation | None = None,
    delegate_for: Person | None = None,
    note: str = "",
) -> Attendance:
    """Set how a person took part; recording the same person again updates the row."""
    attendance = db.session.scalar(
        sa.select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.person_id == person.id
        )
    )
    if attendance is None:
        attendance = Attendance(meeting=meeting, person=person)
        db.session.add(attendance)
    attendance.mode = mode
    attendance.representing = representing
    attendance.delegate_for = delegate_for if mode == "delegate" else None
    attendance.note = note
    db.session.flush()
    return attendance


def remove_attendance(attendance: Attendance) -> None:
    db.session.delete(attendance)
    db.session.flush()


def add_breakout(meeting: Meeting, topic: str, facilitator="", summary="", participants_count=None):
    breakout = Breakout(
        meeting=meeting,
        position=next_position(Breakout, meeting),
        topic=topic,
        facilitator=facilitator,
        summary=summary,
        participants_count=participants_count,
    )
    db.session.add(breakout)
    db.session.flush()
    return breakout


def update_breakout(breakout: Breakout, expected_version, **fields) -> Breakout:
    return edit(breakout, expected_version, fields, BREAKOUT_FIELDS)


def remove_breakout(breakout: Breakout) -> None:
    db.session.delete(breakout)
    db.session.flush()


def attendance_in_order(attendances) -> list[Attendance]:
    """In person first, then remote, delegated, absent, excused; by name within each."""
    order = {mode: i for i, mode in enumerate(ATTENDANCE_MODES)}
    return sorted(attendances, key=lambda a: (order[a.mode], latvian_sort_key(a.person.name)))


def attendance_counts(meeting: Meeting) -> dict[str, int]:
    counts: dict[str, int] = {}
    for attendance in meeting.attendances:
        counts[attendance.mode] = counts.get(attendance.mode, 0) + 1
    return counts


def meeting_day(meeting: Meeting) -> dt.date:
    return meeting.local_start.date()


def voting_members(meeting: Meeting):
    """Ids of the body's members with a voting right on the meeting's day (a subquery)."""
    return sa.select(Membership.person_id).where(
        Membership.body_id == meeting.body_id,
        Membership.voting_right.is_(True),
        Membership.active_on_clause(meeting_day(meeting)),
    )


@dataclass(frozen=True)
class Quorum:
    """How many of the body's voting members take part, against how many there are."""

    present: int
    total: int

    @property
    def needed(self) -> int:
        """More than half of the voting members."""
        return self.total // 2 + 1

    @property
    def reached(self) -> bool:
        return self.present >= self.needed


def quorum(meeting: Meeting) -> Quorum | None:
    """The quorum of a meeting that takes decisions, once its attendance is recorded; a
    delegated expert counts for the member they stand in for."""
    if not meeting.kind_rules.needs_quorum or not meeting.attendances:
        return None
    members = set(db.session.scalars(voting_members(meeting)))
    if not members:
        return None
    present = {
        a.delegate_for_id if a.mode == "delegate" else a.person_id
        for a in meeting.attendances
        if a.mode in PRESENT_MODES
    }
    return Quorum(present=len(present & members), total=len(members))


def protocol_number_taken(body_id: int, day: dt.date, number: str, meeting_id=None):
    """The meeting of the same body and year that already has this protocol number, if any."""
    if not number or not body_id or day is None:
        return None
    year_start = riga_to_utc(dt.date(day.year, 1, 1), dt.time(0))
    next_year = riga_to_utc(dt.date(day.year + 1, 1, 1), dt.time(0))
    query = sa.select(Meeting).where(
        Meeting.body_id == body_id,
        sa.func.lower(Meeting.number) == number.lower(),
        Meeting.starts_at >= year_start,
        Meeting.starts_at < next_year,
    )
    if meeting_id is not None:
        query = query.where(Meeting.id != meeting_id)
    return db.session.scalar(query.limit(1))
