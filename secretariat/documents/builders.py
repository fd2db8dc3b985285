"""The HTML of each document, built from the records (testable without rendering)."""

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale

from ..bodies.models import Membership
from ..extensions import db
from ..meetings.models import ATTENDANCE_MODES, Meeting
from ..meetings.queries import get_visible_meeting, meeting_page_options
from ..meetings.services import attendance_in_order
from ..organisations.models import Person

#: how the minutes group those who took part
GROUPS = (("in_person",), ("remote",), ("delegate",), ("absent", "excused"))


def load_meeting(meeting_id: int, user) -> Meeting:
    return get_visible_meeting(meeting_id, user, *meeting_page_options(user))


def _office_holder(meeting: Meeting, position: str) -> str:
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


def _context(meeting: Meeting, locale: str) -> dict:
    attendance = attendance_in_order(meeting.attendances)
    groups = [(modes, [a for a in attendance if a.mode in modes]) for modes in GROUPS]
    by_item: dict[int | None, list] = {}
    for decision in meeting.decisions:
        by_item.setdefault(decision.agenda_item_id, []).append(decision)
    return {
        "meeting": meeting,
        "groups": [(modes, rows) for modes, rows in groups if rows],
        "decisions_by_item": by_item,
        "loose_decisions": by_item.get(None, []),
        "chair": _office_holder(meeting, "chair"),
        "secretary": _office_holder(meeting, "secretary"),
        "locale": locale,
        "modes": ATTENDANCE_MODES,
    }


def minutes_html(meeting: Meeting, locale: str = "lv") -> str:
    with force_locale(locale):
        return render_template("documents/pdf/minutes.html", **_context(meeting, locale))


def summary_html(meeting: Meeting, locale: str = "lv") -> str:
    with force_locale(locale):
        return render_template("documents/pdf/summary.html", **_context(meeting, locale))


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
