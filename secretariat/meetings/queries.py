"""Reading meetings: the queries every page uses, with visibility applied in SQL."""

import functools
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from ..auth.permissions import hidden_from_reader, visibility_levels
from ..bodies.models import POSITIONS, Body, Membership
from ..bodies.queries import all_bodies
from ..core.lookup import related_model
from ..core.text import latvian_sort_key
from ..extensions import db
from ..organisations.models import Organisation
from ..organisations.queries import all_organisations
from ..people.models import Person
from ..people.queries import all_people
from .models import ATTENDANCE_MODES, Attendance, Meeting, attendance_order


def visible_meetings(user) -> sa.Select:
    return sa.select(Meeting).where(Meeting.visibility.in_(visibility_levels(user)))


#: what a row of a list of meetings shows (templates/_macros/meetings.html, meeting_rows)
LIST_COLUMNS = (
    Meeting.id,
    Meeting.title,
    Meeting.kind,
    Meeting.number,
    Meeting.status,
    Meeting.starts_at,
    Meeting.place,
    Meeting.region,
    Meeting.online_url,
)


def listed(user) -> sa.Select:
    """The meetings a user may read as rows of `LIST_COLUMNS` and the body's name (`body`),
    for lists that show them (meetings/listing.py)."""
    return (
        sa.select(*LIST_COLUMNS, Body.shown_name().label("body"))
        .join(Meeting.body)
        .where(Meeting.visibility.in_(visibility_levels(user)))
    )


def filtered(query: sa.Select, body_id=None, kind=None, status=None, year=None) -> sa.Select:
    """A select of meetings narrowed by the list's filters, newest first."""
    if body_id:
        query = query.where(Meeting.body_id == body_id)
    if kind:
        query = query.where(Meeting.kind == kind)
    if status:
        query = query.where(Meeting.status == status)
    if year:
        query = query.where(sa.extract("year", Meeting.starts_at) == year)
    return query.order_by(Meeting.starts_at.desc(), Meeting.id.desc())


def meeting_list(user, **filters) -> sa.Select:
    """The meetings list's rows."""
    return filtered(listed(user), **filters)


def meeting_years() -> list[int]:
    years = db.session.execute(
        sa.select(sa.extract("year", Meeting.starts_at).label("y")).distinct().order_by("y")
    ).scalars()
    return sorted((int(y) for y in years), reverse=True)


def last_meeting(body_id: int, kind: str) -> Meeting | None:
    """The body's latest meeting of that kind that was not cancelled."""
    return db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.body_id == body_id, Meeting.kind == kind, Meeting.status != "cancelled")
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )


def get_visible_meeting(meeting_id: int, user, *options) -> Meeting:
    """The meeting if this user may read it; 404 otherwise (its existence is not told)."""
    meeting = (
        db.session.execute(visible_meetings(user).where(Meeting.id == meeting_id).options(*options))
        .unique()
        .scalar_one_or_none()
    )
    if meeting is None:
        hidden_from_reader()
    return meeting


def meeting_page_options(user=None, *, attendances: bool = True):
    """Everything a meeting page or document shows, in a fixed number of statements; with a
    `user`, only the decisions and files that user may read (all of them for the command
    line). Collections inside collections are joined to their parent's query, so each level
    costs one statement however much it holds. Without `attendances` (the meeting's page)
    the attendance is read as lines (`attendance_lines`) instead of records, and of the
    minutes only what they are, not their sections, amendments or approving decision."""
    levels = None if user is None else tuple(visibility_levels(user))
    return _page_options(levels, attendances)


@functools.cache
def _page_options(levels: tuple[str, ...] | None, attendances: bool):
    """The options for readers of these visibility levels: built once, as building them
    (criteria cloned into every relationship) cost more than the page's queries."""
    # The areas above meetings are reached through the relationships, not imported.
    decision = related_model(Meeting.decisions)
    vote = related_model(decision.votes)
    conclusion = related_model(Meeting.conclusions)
    action = related_model(conclusion.actions)
    attachment = related_model(Meeting.attachments)
    minutes = related_model(Meeting.minutes)
    amendment = related_model(minutes.amendments)
    plan_report, task = related_model(Meeting.plan_reports), related_model(Meeting.task_reports)
    plan = related_model(plan_report.plan)
    decisions, attachments = Meeting.decisions, Meeting.attachments
    follows, followed_by = Meeting.follows, Meeting.followed_by
    plan_reports, task_reports = Meeting.plan_reports, Meeting.task_reports
    if levels is not None:
        decisions = decisions.and_(decision.visibility.in_(levels))
        plan_reports = plan_reports.and_(
            plan_report.visibility.in_(levels),
            plan_report.plan_id.in_(sa.select(plan.id).where(plan.visibility.in_(levels))),
        )
        task_reports = task_reports.and_(task.visibility.in_(levels))
        # a file on a decision the reader may not see would name that decision
        attachments = attachments.and_(
            attachment.visibility.in_(levels),
            sa.or_(
                attachment.decision_id.is_(None),
                attachment.decision_id.in_(
                    sa.select(decision.id).where(decision.visibility.in_(levels))
                ),
            ),
        )
        follows = follows.and_(Meeting.visibility.in_(levels))
        followed_by = followed_by.and_(Meeting.visibility.in_(levels))
    attendance_options = (
        selectinload(Meeting.attendances).options(
            joinedload(Attendance.person),
            joinedload(Attendance.representing),
            joinedload(Attendance.delegate_for),
        ),
    )
    return (
        *(attendance_options if attendances else ()),
        joinedload(Meeting.body),
        joinedload(Meeting.host_organisation),
        joinedload(follows),
        joinedload(followed_by),
        joinedload(Meeting.minutes).options(
            joinedload(minutes.sections),
            joinedload(minutes.amendments)
            .joinedload(amendment.decision)
            .joinedload(decision.meeting),
            joinedload(minutes.approved_by_decision).joinedload(decision.meeting),
        )
        if attendances
        else joinedload(Meeting.minutes),
        selectinload(Meeting.agenda_items),
        selectinload(Meeting.breakouts),
        selectinload(decisions).options(
            joinedload(decision.agenda_item),
            joinedload(decision.votes).joinedload(vote.person),
        ),
        selectinload(Meeting.conclusions).options(
            joinedload(conclusion.breakout),
            joinedload(conclusion.actions).options(
                joinedload(action.owner_person), joinedload(action.owner_organisation)
            ),
        ),
        selectinload(attachments).options(
            joinedload(attachment.agenda_item), joinedload(attachment.decision)
        ),
        # a meeting hears a report or two: joined to the meeting's own statement
        joinedload(plan_reports).options(
            joinedload(plan_report.agenda_item), joinedload(plan_report.plan)
        ),
        joinedload(task_reports).options(
            joinedload(task.performer), joinedload(task.report_agenda_item)
        ),
    )


def attendance_rows(meeting: Meeting) -> list[Attendance]:
    """A meeting's attendance with people and organisations, present first, by name."""
    query = (
        sa.select(Attendance)
        .join(Attendance.person)
        .where(Attendance.meeting_id == meeting.id)
        .options(
            joinedload(Attendance.person),
            joinedload(Attendance.representing),
            joinedload(Attendance.delegate_for),
        )
        .order_by(
            sa.case({mode: i for i, mode in enumerate(ATTENDANCE_MODES)}, value=Attendance.mode),
            Person.search_key,
        )
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class AttendanceLine:
    """How one person took part, as the meeting page lists it: names, not records (a
    council session's hundred lines cost a fraction of loading a hundred records with their
    people and organisations)."""

    person_id: int
    name: str
    representing: str | None
    mode: str
    delegate_for_id: int | None
    delegate_for: str | None


def attendance_lines(meeting_id: int) -> list[AttendanceLine]:
    """A meeting's attendance in the page's order: present first, then by name."""
    replaced, represented = aliased(Person), aliased(Organisation)
    rows = db.session.execute(
        sa.select(
            Attendance.person_id,
            Person.name,
            represented.name,
            Attendance.mode,
            Attendance.delegate_for_id,
            replaced.name,
        )
        .join(Person, Attendance.person_id == Person.id)
        .outerjoin(represented, Attendance.representing_id == represented.id)
        .outerjoin(replaced, Attendance.delegate_for_id == replaced.id)
        .where(Attendance.meeting_id == meeting_id)
    )
    lines = [AttendanceLine(*row) for row in rows]
    return sorted(lines, key=lambda line: attendance_order(line.mode, line.name))


@dataclass
class SheetRow:
    """A line of the attendance sheet as it opens: a member of the body on the meeting's
    day (`position` set) or someone else invited, how they took part so far ("" when not
    recorded), whom they represent and, for a replaced member, the delegated expert."""

    person: Person
    position: str | None
    representing: Organisation | None
    mode: str
    delegate: Person | None = None
    note: str = ""
    #: a delegated expert recorded without their member on the sheet (a term that ended)
    stands_in_for: Person | None = None

    @property
    def is_member(self) -> bool:
        return self.position is not None


def attendance_sheet(meeting: Meeting) -> list[SheetRow]:
    """The body's members on the meeting's day (chair first, then by position and name),
    then everyone else already recorded. With nothing recorded yet, a meeting the members
    are invited to starts with all of them present in person."""
    day = meeting.local_start.date()
    memberships = db.session.scalars(
        sa.select(Membership)
        .where(Membership.body_id == meeting.body_id, Membership.active_on_clause(day))
        .options(
            joinedload(Membership.person).joinedload(Person.organisation),
            joinedload(Membership.on_behalf_of),
        )
    ).all()
    memberships = sorted(
        memberships, key=lambda m: (POSITIONS.index(m.position), latvian_sort_key(m.person.name))
    )
    attendances = attendance_rows(meeting)
    own = {a.person_id: a for a in attendances}
    replaced_by = {a.delegate_for_id: a for a in attendances if a.mode == "delegate"}
    start = "in_person" if not attendances and meeting.kind_rules.invites == "members" else ""
    rows: list[SheetRow] = []
    listed: set[int] = set()
    for membership in memberships:
        person = membership.person
        if person.id in listed:
            continue  # two seats on the same body: one line
        listed.add(person.id)
        mine, expert = own.get(person.id), replaced_by.get(person.id)
        representing = membership.on_behalf_of or person.organisation
        if expert is not None:
            listed.add(expert.person_id)
            rows.append(
                SheetRow(
                    person,
                    membership.position,
                    expert.representing or representing,
                    "delegate",
                    expert.person,
                    expert.note,
                )
            )
        elif mine is not None:
            rows.append(
                SheetRow(
                    person,
                    membership.position,
                    mine.representing or representing,
                    mine.mode,
                    note=mine.note,
                )
            )
        else:
            rows.append(SheetRow(person, membership.position, representing, start))
    for attendance in attendances:
        if attendance.person_id not in listed:
            listed.add(attendance.person_id)
            rows.append(
                SheetRow(
                    attendance.person,
                    None,
                    attendance.representing,
                    attendance.mode,
                    note=attendance.note,
                    stands_in_for=attendance.delegate_for,
                )
            )
    return rows


def person_labels(people) -> dict[str, Person]:
    """How the attendance sheet offers people to pick by typing: the name, or the name with
    the organisation where two people share a name."""
    counts: dict[str, int] = {}
    for person in people:
        counts[person.name.casefold()] = counts.get(person.name.casefold(), 0) + 1
    labels = {}
    for person in people:
        if counts[person.name.casefold()] > 1 and person.organisation is not None:
            labels[f"{person.name} ({person.organisation})"] = person
        else:
            labels.setdefault(person.name, person)
    return labels


bodies = all_bodies
organisations = all_organisations
people = all_people
