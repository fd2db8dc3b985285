"""The HTML of each document, built from the records (testable without rendering)."""

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale, gettext

from ..auth.permissions import visibility_levels
from ..bodies.models import Membership
from ..core.labels import label
from ..extensions import db
from ..meetings.models import Meeting
from ..meetings.queries import get_visible_meeting, meeting_page_options
from ..meetings.services import attendance_in_order
from ..people.models import Person

#: how the minutes group those who attended: members by how they took part, then guests
GROUPS = ("in_person", "remote", "delegate", "absent", "guests")


def load_meeting(meeting_id: int, user) -> Meeting:
    return get_visible_meeting(meeting_id, user, *meeting_page_options(user))


def meeting_as_read_by(meeting_id: int, reader) -> Meeting:
    """The meeting with only what `reader` may read of it, whatever the meeting's own
    visibility: for a document whose audience is set apart from the page (archived minutes
    are for whoever their visibility names). Collections already loaded are replaced."""
    return (
        db.session.execute(
            sa.select(Meeting)
            .where(Meeting.id == meeting_id)
            .options(*meeting_page_options(reader))
            .execution_options(populate_existing=True)
        )
        .unique()
        .scalar_one()
    )


def office_holder(meeting: Meeting, position: str) -> str:
    """Who held a position (chair, secretary) in the meeting's body on its day."""
    day = meeting.local_start.date()
    name = db.session.scalar(
        sa.select(Person.name)
        .join(Membership, Membership.person_id == Person.id)
        .where(
            Membership.body_id == meeting.body_id,
            Membership.position == position,
            Membership.active_on_clause(day),
        )
        .order_by(Membership.start_on)
        .limit(1)
    )
    return name or ""


def _member_ids(meeting: Meeting) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Membership.person_id).where(
                Membership.body_id == meeting.body_id,
                Membership.active_on_clause(meeting.local_start.date()),
            )
        )
    )


def attendance_groups(meeting: Meeting) -> list[tuple[str, list[tuple[str, str]]]]:
    """Members present in person, remotely, delegated experts (who stand in for a member),
    members absent or excused, and invited guests: the minutes' order. Each person comes
    with what the minutes say beside the name: whom they represent, for whom they stand
    in, or that they were excused."""
    members = _member_ids(meeting)
    groups: dict[str, list] = {group: [] for group in GROUPS}
    for attendance in attendance_in_order(meeting.attendances):
        if attendance.mode == "delegate":
            group = "delegate"
        elif attendance.mode in ("absent", "excused"):
            group = "absent"
        elif attendance.person_id in members:
            group = attendance.mode
        else:
            group = "guests"
        groups[group].append((attendance.person.name, _attendance_note(attendance, group)))
    return [(group, rows) for group, rows in groups.items() if rows]


def _attendance_note(attendance, group: str) -> str:
    notes = [str(attendance.representing)] if attendance.representing else []
    if attendance.delegate_for:
        notes.append(gettext("for %(name)s", name=attendance.delegate_for.name))
    elif attendance.mode == "excused" or (group == "guests" and attendance.mode == "remote"):
        notes.append(label("attendance_mode", attendance.mode).lower())
    return ", ".join(notes)


def minutes_context(meeting: Meeting, locale: str, reader=None) -> dict:
    """What the minutes show; with a `reader`, other records they name (the approving
    decision, a correction's decision) only when that reader may read them."""
    by_item: dict[int | None, list] = {}
    for decision in meeting.decisions:
        by_item.setdefault(decision.agenda_item_id, []).append(decision)
    minutes = meeting.minutes
    return {
        "meeting": meeting,
        "minutes": minutes,
        "groups": attendance_groups(meeting),
        "decisions_by_item": by_item,
        "loose_decisions": by_item.get(None, []),
        "chair": minutes.chaired_by if minutes else office_holder(meeting, "chair"),
        "secretary": minutes.recorded_by if minutes else office_holder(meeting, "secretary"),
        "annexes": _annexes(meeting),
        "locale": locale,
        "shows": lambda record: _readable(record, reader),
    }


def _annexes(meeting: Meeting) -> list:
    """The files the minutes list as annexes: not the secretariat's working files, and
    once approved, only those the approved minutes had."""
    minutes = meeting.minutes
    settled = minutes is not None and minutes.frozen
    return [
        a
        for a in meeting.attachments
        if a.visibility != "internal" and (not settled or minutes.freezes(a))
    ]


def _readable(decision, reader) -> bool:
    if decision is None:
        return False
    if reader is None:
        return True
    levels = visibility_levels(reader)
    return decision.visibility in levels and decision.meeting.visibility in levels


def minutes_html(meeting: Meeting, locale: str = "lv", reader=None) -> str:
    with force_locale(locale):
        return render_template(
            "documents/pdf/minutes.html", **minutes_context(meeting, locale, reader)
        )


def summary_html(meeting: Meeting, locale: str = "lv") -> str:
    with force_locale(locale):
        return render_template("documents/pdf/summary.html", **minutes_context(meeting, locale))


def attendance_sheet_html(meeting: Meeting, locale: str = "lv") -> str:
    """Everyone expected: the body's members on the day, and anyone already recorded."""
    day = meeting.local_start.date()
    members = db.session.scalars(
        sa.select(Membership).where(
            Membership.body_id == meeting.body_id, Membership.active_on_clause(day)
        )
    ).all()
    people = {
        m.person_id: (m.person.name, str(m.on_behalf_of or m.person.organisation or ""))
        for m in members
    }
    for attendance in meeting.attendances:
        people.setdefault(
            attendance.person_id, (attendance.person.name, str(attendance.representing or ""))
        )
    rows = sorted(people.values(), key=lambda row: row[0])
    with force_locale(locale):
        return render_template(
            "documents/pdf/attendance_sheet.html", meeting=meeting, rows=rows, locale=locale
        )
