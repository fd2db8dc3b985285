"""Meetings: verbs that change them. No request, no commit: views do that."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from ..bodies.models import Membership
from ..core.dates import riga_to_utc
from ..core.versioning import StaleEdit, edit
from ..extensions import db
from ..organisations.models import Organisation
from ..people.models import Person
from .models import AgendaItem, Attendance, Breakout, Meeting, attendance_order

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


@dataclass(frozen=True)
class SheetLine:
    """One line of the attendance sheet as staff set it: how `person` took part (None: not
    on the list), whom they represent, and for a member replaced by a delegated expert,
    the expert."""

    person: Person
    mode: str | None
    representing: Organisation | None = None
    delegate: Person | None = None
    note: str = ""


def save_attendance(meeting: Meeting, expected_version, lines: list[SheetLine]) -> None:
    """Save the whole attendance sheet at once: rows are added, changed or removed to match
    `lines`. A member replaced by a delegated expert has no row of their own; the expert's
    row says whom they stand in for. Refused (StaleEdit) when the sheet was saved by
    someone else since it was opened."""
    _claim_sheet(meeting, expected_version)
    wanted: dict[int, dict] = {}
    for line in lines:
        if line.mode is None:
            continue
        if line.mode == "delegate" and line.delegate is not None:
            row = {"person": line.delegate, "delegate_for": line.person}
        else:
            row = {"person": line.person, "delegate_for": None}
        row.update(mode=line.mode, representing=line.representing, note=line.note)
        wanted[row["person"].id] = row
    existing = {a.person_id: a for a in meeting.attendances}
    for person_id, attendance in existing.items():
        if person_id not in wanted:
            meeting.attendances.remove(attendance)
    for person_id, row in wanted.items():
        attendance = existing.get(person_id)
        if attendance is None:
            attendance = Attendance(person=row["person"])
            meeting.attendances.append(attendance)
        if row["mode"] == "delegate" and row["delegate_for"] is None:
            row["delegate_for"] = attendance.delegate_for  # a guest row keeps whom it replaces
        attendance.mode = row["mode"]
        attendance.delegate_for = row["delegate_for"] if row["mode"] == "delegate" else None
        attendance.representing = row["representing"]
        attendance.note = row["note"]
    db.session.flush()


def _claim_sheet(meeting: Meeting, expected_version) -> None:
    """Move the sheet's version on, if it is still the one the form was opened on. The
    UPDATE does the check: a second save racing this one waits for its commit (PostgreSQL)
    or for the write lock (SQLite), then finds the version moved and is refused."""
    try:
        opened_on = int(expected_version)
    except (TypeError, ValueError):
        raise StaleEdit from None
    if opened_on != meeting.attendance_version:  # stale, or no version the database holds
        raise StaleEdit
    claimed = db.session.execute(
        sa.update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.attendance_version == opened_on)
        .values(attendance_version=opened_on + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise StaleEdit
    # the new value is what the database already holds: nothing for the flush to write
    set_committed_value(meeting, "attendance_version", opened_on + 1)


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
    """In the page's order (`attendance_order`)."""
    return sorted(attendances, key=lambda a: attendance_order(a.mode, a.person.name))


def attendance_counts(attendances) -> dict[str, int]:
    counts: dict[str, int] = {}
    for attendance in attendances:
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
    """How many of the body's voting members take part, against how many there are and how
    many the body's quorum rule (Body.quorum_needed) asks for."""

    present: int
    total: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.present >= self.needed


def quorum(meeting: Meeting, attendances=None) -> Quorum | None:
    """The quorum of a meeting that takes decisions, once its attendance is recorded. Who
    counts is the body's setting (Body.voting_modes): by default members in person or
    remotely, and a delegated expert for the member they stand in for. `attendances` may be
    the meeting's attendance lines (queries.attendance_lines) when its records are not loaded."""
    attendances = meeting.attendances if attendances is None else attendances
    if not meeting.kind_rules.needs_quorum or not attendances:
        return None
    members = set(db.session.scalars(voting_members(meeting)))
    if not members:
        return None
    modes = meeting.body.voting_modes
    present = {
        a.delegate_for_id if a.mode == "delegate" else a.person_id
        for a in attendances
        if a.mode in modes
    }
    return Quorum(
        present=len(present & members),
        total=len(members),
        needed=meeting.body.quorum_needed(len(members)),
    )


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
