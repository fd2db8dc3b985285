"""The secretariat's activity report for a period: what it did, counted from the records,
beside the targets staff set for the period (models.ActivityPeriod), in the layout of a
delegated task's report (seed 000): each indicator with its unit, target and result, the
visiting sessions and the forum with their places and participants, the secretariat's own
account; as a page, a PDF and a spreadsheet, with a chart of target against achieved.

Every figure is a count of records, so the report for 2025 says what the records of 2025
hold: the Jēkabpils and Liepāja visiting sessions, the forum's 90 participants.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from ..core.labels import label
from ..core.spreadsheet import xlsx_bytes
from ..decisions.models import Decision
from ..extensions import db
from ..followups.models import OPEN_STATUSES, Action, Conclusion
from ..meetings.models import PRESENT_MODES, Attendance, Meeting, kinds_where
from ..organisations.models import OrganisationStatusChange, RegisterCheck
from ..programmes.charts import indicator_chart
from ..programmes.models import DelegatedTask
from ..reminders.models import Outbox
from ..updates.models import MonthlyUpdate
from ..updates.services import UPDATE_KIND
from .models import ActivityPeriod
from .periods import Period


@dataclass(frozen=True)
class Indicator:
    key: str
    #: what it is counted in ("sessions"); its name is its label (core/labels.py)
    unit: str

    @property
    def name(self) -> str:
        return label("activity_indicator", self.key)


#: what the report counts, in its order
INDICATORS = (
    Indicator("council_sessions", _l("sessions")),
    Indicator("extended_sessions", _l("sessions")),
    Indicator("visiting_sessions", _l("sessions")),
    Indicator("forums", _l("forums")),
    Indicator("forum_participants", _l("participants")),
    Indicator("signatory_calls", _l("meetings")),
    Indicator("working_group_meetings", _l("meetings")),
    Indicator("decisions", _l("decisions")),
    Indicator("conclusions", _l("conclusions")),
    Indicator("actions_done", _l("actions")),
    Indicator("actions_open", _l("actions")),
    Indicator("register_checks", _l("checks")),
    Indicator("signatories_checked", _l("organisations")),
    Indicator("struck_off", _l("organisations")),
    Indicator("updates_published", _l("updates")),
    Indicator("update_messages", _l("e-mails")),
)
KEYS = tuple(indicator.key for indicator in INDICATORS)


@dataclass(frozen=True)
class Row:
    """One indicator of the report: its target (None: none set) and what was achieved
    (None: not known, e.g. no forum recorded its participants)."""

    key: str
    name: str
    unit: str
    target: int | None
    achieved: int | None


@dataclass(frozen=True)
class Gathering:
    """A visiting session or forum of the period, as the report lists it."""

    meeting: Meeting
    members_present: int


@dataclass
class Report:
    period: Period
    rows: list[Row]
    gatherings: list[Gathering]
    saved: ActivityPeriod | None
    charts: list = field(default_factory=list)

    @property
    def narrative(self) -> str:
        return self.saved.narrative if self.saved else ""

    @property
    def task(self):
        return self.saved.task if self.saved else None

    @property
    def targets_set(self) -> bool:
        return any(row.target is not None for row in self.rows)


def _in(period: Period, column):
    return sa.and_(column >= period.starts_at, column < period.ends_before)


def _meetings(period: Period) -> dict[str, tuple[int, int | None]]:
    """Held meetings of each kind in the period: how many, and their participants where
    recorded (None when none recorded any)."""
    rows = db.session.execute(
        sa.select(
            Meeting.kind,
            sa.func.count(Meeting.id),
            sa.func.sum(Meeting.participants_count),
        )
        .where(_in(period, Meeting.starts_at), Meeting.status == "held")
        .group_by(Meeting.kind)
    ).all()
    return {kind: (n, participants) for kind, n, participants in rows}


def _counts(period: Period) -> dict[str, int | None]:
    """Everything else the report counts, in one statement."""
    held = sa.select(Meeting.id).where(
        _in(period, Meeting.starts_at), Meeting.status != "cancelled"
    )
    last_day = period.end
    checks = sa.select(RegisterCheck).where(_in(period, RegisterCheck.checked_at))
    columns = {
        "decisions": sa.select(sa.func.count(Decision.id)).where(
            Decision.meeting_id.in_(held), Decision.adopted.is_(True)
        ),
        "conclusions": sa.select(sa.func.count(Conclusion.id)).where(
            Conclusion.meeting_id.in_(held)
        ),
        "actions_done": sa.select(sa.func.count(Action.id)).where(
            Action.status == "done", Action.completed_on.between(period.start, last_day)
        ),
        "actions_open": sa.select(sa.func.count(Action.id)).where(
            Action.created_at < period.ends_before,
            sa.or_(
                Action.status.in_(OPEN_STATUSES),
                sa.and_(Action.status == "done", Action.completed_on > last_day),
            ),
        ),
        "register_checks": sa.select(sa.func.count()).select_from(checks.subquery()),
        "signatories_checked": checks.with_only_columns(RegisterCheck.compared)
        .order_by(RegisterCheck.checked_at.desc(), RegisterCheck.id.desc())
        .limit(1),
        "struck_off": sa.select(sa.func.count(OrganisationStatusChange.id)).where(
            OrganisationStatusChange.status == "struck_off",
            OrganisationStatusChange.source == "register",
            _in(period, OrganisationStatusChange.recorded_at),
        ),
        "updates_published": sa.select(sa.func.count(MonthlyUpdate.id)).where(
            MonthlyUpdate.status == "published", _in(period, MonthlyUpdate.published_at)
        ),
        "update_messages": sa.select(sa.func.count(Outbox.id)).where(
            Outbox.kind == UPDATE_KIND, _in(period, Outbox.sent_at)
        ),
    }
    row = db.session.execute(
        sa.select(*(query.scalar_subquery().label(key) for key, query in columns.items()))
    ).one()
    return dict(row._mapping)


def achieved(period: Period) -> dict[str, int | None]:
    """Every indicator's figure for the period, counted from the records."""
    meetings = _meetings(period)

    def held(*kinds) -> int:
        return sum(meetings.get(kind, (0, None))[0] for kind in kinds)

    forums = meetings.get("forum", (0, None))
    return {
        "council_sessions": held(*kinds_where("council_session")),
        "extended_sessions": held("extended_session"),
        "visiting_sessions": held("visiting_session"),
        "forums": held("forum"),
        "forum_participants": forums[1],
        "signatory_calls": held("signatory_call"),
        "working_group_meetings": held("working_group"),
        **_counts(period),
    }


def gatherings(period: Period) -> list[Gathering]:
    """The visiting sessions and forums held in the period, with the council members present."""
    present = (
        sa.select(sa.func.count(Attendance.id))
        .where(Attendance.meeting_id == Meeting.id, Attendance.mode.in_(PRESENT_MODES))
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Meeting, present)
        .where(
            _in(period, Meeting.starts_at),
            Meeting.status == "held",
            Meeting.kind.in_(("visiting_session", "forum")),
        )
        .options(joinedload(Meeting.host_organisation))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    return [Gathering(meeting, n) for meeting, n in rows]


def saved_period(period: Period) -> ActivityPeriod | None:
    """The targets and narrative staff saved for exactly this period, if any."""
    return db.session.scalar(
        sa.select(ActivityPeriod)
        .where(ActivityPeriod.starts_on == period.start, ActivityPeriod.ends_on == period.end)
        .options(
            selectinload(ActivityPeriod.targets),
            joinedload(ActivityPeriod.task).joinedload(DelegatedTask.performer),
        )
    )


def report(period: Period) -> Report:
    saved = saved_period(period)
    figures = achieved(period)
    rows = [
        Row(
            i.key,
            str(i.name),
            str(i.unit),
            saved.target_of(i.key) if saved else None,
            figures[i.key],
        )
        for i in INDICATORS
    ]
    found = Report(period, rows, gatherings(period), saved)
    found.charts = [c for c in [target_chart(rows)] if c is not None]
    return found


def target_chart(rows: list[Row]):
    """Target against achieved, for the indicators that have a target (the delegated task's
    own chart, programmes/charts.py)."""
    return indicator_chart([row for row in rows if row.target is not None])


# --- the documents ------------------------------------------------------------------------

SECRETARIAT = _l("The Memorandum Council's secretariat")


def pdf_html(found: Report, locale: str = "lv") -> str:
    """The report in the official table layout of a delegated task's report (seed 000)."""
    with force_locale(locale):
        return render_template(
            "dashboard/pdf/report.html",
            report=found,
            secretariat=SECRETARIAT,
            locale=locale,
        )


def spreadsheet(found: Report, locale: str = "lv") -> bytes:
    """The report's figures as a workbook: numbers as numbers, no cell ever a formula."""
    with force_locale(locale):
        title = gettext("The secretariat's activity report")
        rows: list[list] = [
            [title],
            [gettext("Period"), str(found.period)],
        ]
        if found.task is not None:
            rows.append([gettext("State administration task"), found.task.title])
        rows += [
            [],
            [gettext("Indicator"), gettext("Unit"), gettext("Target"), gettext("Achieved")],
            *([row.name, row.unit, row.target, row.achieved] for row in found.rows),
            [],
            [
                gettext("Date"),
                gettext("Kind"),
                gettext("Meeting"),
                gettext("Place"),
                gettext("Host or partner organisation"),
                gettext("Participants"),
                gettext("Council members present"),
            ],
            *(
                [
                    g.meeting.local_start.date(),
                    label("meeting_kind", g.meeting.kind),
                    g.meeting.title,
                    g.meeting.place,
                    g.meeting.host_organisation.name if g.meeting.host_organisation else "",
                    g.meeting.participants_count,
                    g.members_present,
                ]
                for g in found.gatherings
            ),
        ]
        if found.narrative:
            rows += [[], [gettext("The secretariat's account of the period")], [found.narrative]]
        return xlsx_bytes(rows, title)


def file_stem(period: Period) -> str:
    return f"sekretariata-parskats-{period.start.isoformat()}-{period.end.isoformat()}"
