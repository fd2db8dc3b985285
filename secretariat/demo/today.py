"""The demo, alive on the day it is loaded: what the council has coming and what it did
last month, dated from today. The seeds' 2025 history (seed.py) stays as it was; all that is
made here is invented, and its texts say so.

Coming: the next three monthly sessions (the first within a week, so the first scheduler
pass writes their invitations), the online meeting with signatories after each, the next
visiting session, a working-group meeting and a call open until next month. Last month: a
held session with its decision, and the public monthly update about it, published on the
first of this month.

Loading again changes nothing while what was made last time is still ahead; loaded on a
later day, it tops up what has come to pass.
"""

import datetime as dt

import sqlalchemy as sa

from ..core.dates import riga_to_utc, today_in_riga
from ..core.types import utcnow
from ..decisions.services import eligible_voters, record_decision, record_votes
from ..extensions import db
from ..meetings.models import Meeting, kinds_where
from ..meetings.services import add_agenda_item, create_meeting, record_attendance
from ..reminders.calls import CALL_LENGTH, CALL_TIME, THURSDAY, call_day
from ..updates.models import Call
from ..updates.queries import update_for_month
from ..updates.services import create_call, draft_update, publish_update

#: how every invented text begins
DEMO = "Demonstrācijas dati."
SESSION_PLACE = "Valsts kanceleja, Brīvības bulvāris 36, Rīga"
SESSION_LINK = "https://meet.example.org/memoranda-padome"
CALL_LINK = "https://meet.example.org/memorands"
SATURDAY = 5


def working_day(day: dt.date) -> dt.date:
    """The day itself, or the Monday after a weekend."""
    return day + dt.timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def _same_day_next_month(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def number_sessions(council, year: int) -> None:
    """Protocol numbers for the council's sessions of a year that have none, in date order
    after the last one numbered (a session in November is about No. 11: monthly, plus the
    visiting sessions)."""
    sessions = db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.body_id == council.id,
            Meeting.kind.in_(kinds_where("council_session")),
            Meeting.starts_at >= riga_to_utc(dt.date(year, 1, 1), dt.time(0)),
            Meeting.starts_at < riga_to_utc(dt.date(year + 1, 1, 1), dt.time(0)),
        )
        .order_by(Meeting.starts_at)
    ).all()
    last = 0
    for session in sessions:
        if session.number.isdigit():
            last = int(session.number)
        elif not session.number:
            last = max(last, session.local_start.month - 1) + 1
            session.number = str(last)
    db.session.flush()


def _session(council, day: dt.date, status: str = "planned") -> Meeting:
    return create_meeting(
        body_id=council.id,
        kind="session",
        title="Memoranda padomes sēde",
        starts_at=riga_to_utc(day, dt.time(10, 0)),
        ends_at=riga_to_utc(day, dt.time(12, 0)),
        place=SESSION_PLACE,
        region="Rīga",
        online_url=SESSION_LINK,
        status=status,
        visibility="members",
        description=DEMO,
    )


def _signatory_call(session: Meeting) -> Meeting:
    """The online meeting with signatories, on the day the reminder rule would plan it."""
    day = call_day(session.local_start.date(), 7, THURSDAY)
    starts_at = riga_to_utc(day, CALL_TIME)
    call = create_meeting(
        body_id=session.body_id,
        kind="signatory_call",
        title="Ikmēneša tiešsaistes saruna ar Memorandu parakstījušajām organizācijām",
        starts_at=starts_at,
        ends_at=starts_at + CALL_LENGTH,
        online_url=CALL_LINK,
        visibility="signatories",
        description=f"{DEMO} Ko padome pārrunāja un lēma, kā iesaistīties, jautājumi.",
    )
    call.follows = session
    return call


def _upcoming(body_id: int, kind: str, now: dt.datetime) -> list[Meeting]:
    return db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.body_id == body_id,
            Meeting.kind == kind,
            Meeting.status == "planned",
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at)
    ).all()


def next_sessions(council, today: dt.date, now: dt.datetime) -> list[Meeting]:
    """Three monthly sessions ahead, the first within a week (five days, off the weekend)."""
    sessions = list(_upcoming(council.id, "session", now))
    if sessions:
        first = sessions[0].local_start.date()
    else:
        first = today + dt.timedelta(days=5)
        first = first - dt.timedelta(days=1) if first.weekday() == SATURDAY else working_day(first)
    for months in range(len(sessions), 3):
        session = _session(council, working_day(_same_day_next_month(first, months)))
        add_agenda_item(session, "Iepriekšējās sēdes protokola apstiprināšana", duration_minutes=10)
        add_agenda_item(
            session,
            "Pilsoniskās sabiedrības attīstības stratēģijas izstrādes gaita",
            presenter="Sekretariāts",
            duration_minutes=40,
        )
        add_agenda_item(session, "Dažādi", duration_minutes=10)
        _signatory_call(session)
        sessions.append(session)
    return sessions


def next_visiting_session(council, today: dt.date, now: dt.datetime) -> None:
    if _upcoming(council.id, "visiting_session", now):
        return
    day = working_day(today + dt.timedelta(days=40))
    meeting = create_meeting(
        body_id=council.id,
        kind="visiting_session",
        title="Memoranda padomes izbraukuma sēde Valmierā",
        starts_at=riga_to_utc(day, dt.time(10, 0)),
        ends_at=riga_to_utc(day, dt.time(16, 0)),
        place="Valmiera",
        region="Vidzeme",
        visibility="public",
        description=f"{DEMO} Izbraukuma sēde ar Vidzemes nevalstiskajām organizācijām.",
    )
    for title in (
        "Pilsoniskās līdzdalības iespējas Vidzemē",
        "Jauniešu iesaiste vietējās kopienās",
    ):
        add_agenda_item(meeting, title)


def working_group_meeting(group, today: dt.date, now: dt.datetime) -> None:
    if _upcoming(group.id, "working_group", now):
        return
    day = working_day(today + dt.timedelta(days=6))
    meeting = create_meeting(
        body_id=group.id,
        kind="working_group",
        title=f"{group.short_name or group.name}: darba grupas sanāksme",
        starts_at=riga_to_utc(day, dt.time(14, 0)),
        ends_at=riga_to_utc(day, dt.time(15, 30)),
        online_url="https://meet.example.org/darba-grupa",
        visibility="members",
        description=DEMO,
    )
    add_agenda_item(meeting, "Priekšlikumi nākamā gada valsts budžetam NVO jomā")


def open_call(today: dt.date) -> None:
    next_month = _same_day_next_month(today.replace(day=1), 1)
    deadline = working_day(next_month.replace(day=15))
    title = "Aptauja par NVO iesaisti politikas veidošanā"
    if db.session.scalar(
        sa.select(Call.id).where(Call.title == title, Call.deadline_on >= today).limit(1)
    ):
        return
    create_call(
        kind="survey",
        title=title,
        description=(
            f"{DEMO} Aicinām Memorandu parakstījušās organizācijas atbildēt uz aptaujas "
            f"jautājumiem **līdz {deadline:%d.%m.%Y.}**."
        ),
        deadline_on=deadline,
        link_url="https://survey.example.org/memorands",
        visibility="public",
    )


def last_months_session(council, people: dict, today: dt.date) -> None:
    """A session held last month, open to the public, with its attendance and a decision
    every voting member voted for."""
    first_of_last = _same_day_next_month(today.replace(day=1), -1)
    day = working_day(first_of_last + dt.timedelta(days=20))
    starts_at = riga_to_utc(day, dt.time(10, 0))
    if db.session.scalar(
        sa.select(Meeting.id).where(Meeting.body_id == council.id, Meeting.starts_at == starts_at)
    ):
        return
    session = _session(council, day, status="held")
    session.visibility = "public"
    item = add_agenda_item(
        session, "Par Memoranda padomes darba plānu nākamajam gadam", presenter="Sekretariāts"
    )
    for name, person in people.items():
        mode = "remote" if name == "Ilze Ozola" else "in_person"
        record_attendance(session, person, mode, representing=person.organisation)
    decision = record_decision(
        session,
        agenda_item_id=item.id,
        number="1",
        title="Par Memoranda padomes darba plānu",
        text=f"{DEMO}\n1. Apstiprināt padomes darba plānu nākamajam gadam.",
        adopted=True,
        vote_mode="named",
    )
    record_votes(decision, {person: "for" for person in eligible_voters(decision)})


def last_months_update(council, today: dt.date) -> None:
    """Last month's update, public, published on the first of this month."""
    month = _same_day_next_month(today.replace(day=1), -1)
    if update_for_month(month) is not None:
        return
    update = draft_update(month, body_id=council.id, visibility="public")
    publish_update(update, min(utcnow(), riga_to_utc(today.replace(day=1), dt.time(9, 0))))


def load(council, groups, people: dict) -> None:
    today, now = today_in_riga(), utcnow()
    last_months_session(council, people, today)
    next_sessions(council, today, now)
    next_visiting_session(council, today, now)
    working_group_meeting(groups[1], today, now)
    open_call(today)
    for year in sorted({today.year - (today.month == 1), today.year, today.year + 1}):
        number_sessions(council, year)
    last_months_update(council, today)
