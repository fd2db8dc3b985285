"""What the index holds of each kind of record: one reader per kind, the Core query of the
record's own columns and of those around it that decide who reads it, turned into `Entry`
rows. The narrowest visibility of them all is the entry's, so one comparison in SQL
answers "may this reader see it" (auth/permissions.visibility_levels), as the areas' own
queries would.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa

from ..auth.permissions import narrowest
from ..core.dates import to_riga
from ..decisions.models import Decision
from ..documents.models import Attachment, Minutes, MinutesAmendment, MinutesSection
from ..documents.queries import minutes_level
from ..followups.models import Action, Conclusion
from ..meetings.models import AgendaItem, Breakout, Meeting
from ..organisations.models import Organisation
from ..people.models import Person
from ..programmes.models import DelegatedTask, Measure, Plan
from ..updates.models import Call, MonthlyUpdate
from .words import terms

#: the kinds of records search finds, in the order results show them
KINDS = (
    "meeting",
    "agenda_item",
    "decision",
    "minutes",
    "conclusion",
    "action",
    "organisation",
    "person",
    "attachment",
    "update",
    "call",
    "plan",
    "measure",
    "task",
)
#: ids per statement
CHUNK = 500
TITLE_LENGTH = 300
#: the text kept for a result's snippet (all of it is searched: `terms`)
MOST_TEXT = 50_000


@dataclass
class Entry:
    kind: str
    record_id: int
    title: str
    visibility: str
    text: str = ""
    words: str = ""  # more words to find it by, not shown (a registration number, e-mails)
    parent_id: int | None = None
    body_id: int | None = None
    day: dt.date | None = None
    context: str = ""
    ref: str = ""

    def row(self) -> dict:
        return {
            "kind": self.kind,
            "record_id": self.record_id,
            "parent_id": self.parent_id,
            "visibility": self.visibility,
            "body_id": self.body_id,
            "day": self.day,
            "year": self.day.year if self.day else None,
            "title": _cut(self.title, TITLE_LENGTH),
            "context": _cut(self.context, TITLE_LENGTH),
            "text": self.text[:MOST_TEXT],
            "terms": terms(self.title, self.text, self.words),
            "ref": self.ref[:100],
        }


def _cut(text: str | None, length: int) -> str:
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def _day(moment: dt.datetime | None) -> dt.date | None:
    return to_riga(moment).date() if moment else None


def _lines(*texts) -> str:
    return "\n".join(t for t in texts if t)


def _by(conn, column, ids: Iterable[int], *columns, join=None) -> dict[int, list]:
    """Rows of `columns` whose `column` is one of `ids`, grouped by it, in chunks."""
    grouped: dict[int, list] = defaultdict(list)
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        query = sa.select(column, *columns).where(column.in_(ids[start : start + CHUNK]))
        if join is not None:
            query = query.join(*join)
        for row in conn.execute(query):
            grouped[row[0]].append(row[1:])
    return grouped


# --- one reader per kind ------------------------------------------------------------------


def _meetings(conn, where) -> list[Entry]:
    rows = conn.execute(
        sa.select(
            Meeting.id,
            Meeting.title,
            Meeting.number,
            Meeting.place,
            Meeting.region,
            Meeting.description,
            Meeting.visibility,
            Meeting.body_id,
            Meeting.starts_at,
        ).where(where)
    ).all()
    breakouts = _by(
        conn,
        Breakout.meeting_id,
        (r.id for r in rows),
        Breakout.position,
        Breakout.topic,
        Breakout.summary,
    )
    return [
        Entry(
            "meeting",
            r.id,
            r.title,
            r.visibility,
            text=_lines(
                r.description,
                *(_lines(topic, summary) for _, topic, summary in sorted(breakouts[r.id])),
            ),
            words=_lines(r.number, r.place, r.region),
            body_id=r.body_id,
            day=_day(r.starts_at),
            context=r.place,
        )
        for r in rows
    ]


def _in_meeting(model):
    """A query of a record under a meeting, with what its entry takes from the meeting."""
    return sa.select(
        model.id,
        model.meeting_id,
        Meeting.title.label("meeting_title"),
        Meeting.visibility.label("meeting_visibility"),
        Meeting.body_id,
        Meeting.starts_at,
    ).join(Meeting, Meeting.id == model.meeting_id)


def _agenda_items(conn, where) -> list[Entry]:
    query = _in_meeting(AgendaItem).add_columns(
        AgendaItem.position, AgendaItem.title, AgendaItem.presenter, AgendaItem.notes
    )
    return [
        Entry(
            "agenda_item",
            r.id,
            f"{r.position}.§ {r.title}",
            r.meeting_visibility,
            text=_lines(r.presenter, r.notes),
            parent_id=r.meeting_id,
            body_id=r.body_id,
            day=_day(r.starts_at),
            context=r.meeting_title,
        )
        for r in conn.execute(query.where(where))
    ]


def _decisions(conn, where) -> list[Entry]:
    query = _in_meeting(Decision).add_columns(
        Decision.number, Decision.title, Decision.text, Decision.visibility
    )
    return [
        Entry(
            "decision",
            r.id,
            f"{r.number}. {r.title}" if r.number else r.title,
            narrowest(r.visibility, r.meeting_visibility),
            text=r.text,
            parent_id=r.meeting_id,
            body_id=r.body_id,
            day=_day(r.starts_at),
            context=r.meeting_title,
        )
        for r in conn.execute(query.where(where))
    ]


def _minutes(conn, where) -> list[Entry]:
    rows = conn.execute(
        _in_meeting(Minutes)
        .add_columns(Minutes.status, Minutes.visibility, Minutes.introduction)
        .where(where)
    ).all()
    ids = [r.id for r in rows]
    # a paragraph of the minutes under its agenda item, in the agenda's order
    sections = _by(
        conn,
        MinutesSection.minutes_id,
        ids,
        AgendaItem.position,
        MinutesSection.discussion,
        join=(AgendaItem, AgendaItem.id == MinutesSection.agenda_item_id),
    )
    amendments = _by(
        conn, MinutesAmendment.minutes_id, ids, MinutesAmendment.id, MinutesAmendment.text
    )
    return [
        Entry(
            "minutes",
            r.id,
            r.meeting_title,
            minutes_level(r.status, r.visibility, r.meeting_visibility),
            text=_lines(
                r.introduction,
                *(text for _, text in sorted(sections[r.id])),
                *(text for _, text in sorted(amendments[r.id])),
            ),
            parent_id=r.meeting_id,
            body_id=r.body_id,
            day=_day(r.starts_at),
        )
        for r in rows
    ]


def _conclusions(conn, where) -> list[Entry]:
    query = _in_meeting(Conclusion).add_columns(Conclusion.text)
    return [
        Entry(
            "conclusion",
            r.id,
            _cut(r.text, 160),
            r.meeting_visibility,
            text=r.text,
            parent_id=r.meeting_id,
            body_id=r.body_id,
            day=_day(r.starts_at),
            context=r.meeting_title,
        )
        for r in conn.execute(query.where(where))
    ]


def _actions(conn, where) -> list[Entry]:
    query = (
        sa.select(
            Action.id,
            Action.title,
            Action.description,
            Action.due_on,
            Action.created_at,
            Action.meeting_id,
            Meeting.title.label("meeting_title"),
            Meeting.body_id,
        )
        .outerjoin(Meeting, Meeting.id == Action.meeting_id)
        .where(where)
    )
    return [
        Entry(
            "action",
            r.id,
            r.title,
            "internal",  # the tracker is the secretariat's
            text=r.description,
            parent_id=r.meeting_id,
            body_id=r.body_id,
            day=r.due_on or _day(r.created_at),
            context=r.meeting_title or "",
        )
        for r in conn.execute(query)
    ]


def _organisations(conn, where) -> list[Entry]:
    query = sa.select(
        Organisation.id,
        Organisation.name,
        Organisation.registration_number,
        Organisation.legal_form,
        Organisation.region,
        Organisation.territory,
        Organisation.fields_of_activity,
        Organisation.website,
        Organisation.emails,
        Organisation.memorandum_signed_on,
    ).where(where)
    return [
        Entry(
            "organisation",
            r.id,
            r.name,
            "internal",  # the register is the secretariat's
            text=_lines(r.fields_of_activity, r.territory),
            words=_lines(r.registration_number, r.legal_form, r.website, r.emails),
            day=r.memorandum_signed_on,
            context=r.region,
        )
        for r in conn.execute(query)
    ]


def _people(conn, where) -> list[Entry]:
    query = (
        sa.select(
            Person.id,
            Person.name,
            Person.title,
            Person.institution,
            Person.emails,
            Organisation.name.label("organisation"),
        )
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(where)
    )
    return [
        Entry(
            "person",
            r.id,
            r.name,
            "internal",  # the directory is the secretariat's
            text=r.title,
            words=_lines(r.emails, r.organisation, r.institution),
            context=r.organisation or r.institution,
        )
        for r in conn.execute(query)
    ]


def _attachments(conn, where) -> list[Entry]:
    query = (
        _in_meeting(Attachment)
        .add_columns(
            Attachment.title,
            Attachment.filename,
            Attachment.visibility,
            Decision.visibility.label("decision_visibility"),
        )
        .outerjoin(Decision, Decision.id == Attachment.decision_id)
    )
    return [
        Entry(
            "attachment",
            r.id,
            r.title or r.filename,
            narrowest(
                r.visibility,
                r.meeting_visibility,
                *([r.decision_visibility] if r.decision_visibility else []),
            ),
            text=r.filename,
            parent_id=r.meeting_id,
            body_id=r.body_id,
            day=_day(r.starts_at),
            context=r.meeting_title,
        )
        for r in conn.execute(query.where(where))
    ]


def _updates(conn, where) -> list[Entry]:
    query = sa.select(
        MonthlyUpdate.id,
        MonthlyUpdate.month,
        MonthlyUpdate.title,
        MonthlyUpdate.text,
        MonthlyUpdate.status,
        MonthlyUpdate.visibility,
        MonthlyUpdate.body_id,
    ).where(where)
    return [
        Entry(
            "update",
            r.id,
            r.title,
            r.visibility if r.status == "published" else "internal",  # drafts: staff only
            text=r.text,
            body_id=r.body_id,
            day=r.month,
        )
        for r in conn.execute(query)
    ]


def _calls(conn, where) -> list[Entry]:
    query = sa.select(
        Call.id, Call.title, Call.description, Call.visibility, Call.body_id, Call.deadline_on
    ).where(where)
    return [
        Entry(
            "call",
            r.id,
            r.title,
            r.visibility,
            text=r.description,
            body_id=r.body_id,
            day=r.deadline_on,
        )
        for r in conn.execute(query)
    ]


def _period(first: int, last: int) -> str:
    return f"{first}." if first == last else f"{first}.–{last}."


def _plans(conn, where) -> list[Entry]:
    query = sa.select(
        Plan.id, Plan.title, Plan.description, Plan.visibility, Plan.first_year, Plan.last_year
    ).where(where)
    return [
        Entry(
            "plan",
            r.id,
            r.title,
            r.visibility,
            text=r.description,
            day=dt.date(r.first_year, 1, 1),
            context=_period(r.first_year, r.last_year),
        )
        for r in conn.execute(query)
    ]


def _measures(conn, where) -> list[Entry]:
    query = (
        sa.select(
            Measure.id,
            Measure.plan_id,
            Measure.number,
            Measure.title,
            Measure.result,
            Measure.status_reason,
            Measure.indicators,
            Plan.title.label("plan_title"),
            Plan.visibility,
            Plan.first_year,
        )
        .join(Plan, Plan.id == Measure.plan_id)
        .where(where)
    )
    return [
        Entry(
            "measure",
            r.id,
            f"{r.number}. {r.title}",
            r.visibility,
            text=_lines(r.result, r.status_reason, r.indicators),
            parent_id=r.plan_id,
            day=dt.date(r.first_year, 1, 1),
            context=r.plan_title,
            ref=r.number,
        )
        for r in conn.execute(query)
    ]


def _tasks(conn, where) -> list[Entry]:
    query = (
        sa.select(
            DelegatedTask.id,
            DelegatedTask.title,
            DelegatedTask.objectives,
            DelegatedTask.evaluation,
            DelegatedTask.contract_number,
            DelegatedTask.visibility,
            DelegatedTask.starts_on,
            Organisation.name.label("performer"),
        )
        .outerjoin(Organisation, Organisation.id == DelegatedTask.performer_id)
        .where(where)
    )
    return [
        Entry(
            "task",
            r.id,
            r.title,
            r.visibility,
            text=_lines(r.objectives, r.evaluation),
            words=_lines(r.contract_number, r.performer),
            day=r.starts_on,
            context=r.performer or "",
        )
        for r in conn.execute(query)
    ]


@dataclass(frozen=True)
class Source:
    kind: str
    model: type
    read: Callable[[sa.Connection, sa.ColumnElement], list[Entry]]
    #: the kinds of record it sits under → its column naming that record
    parents: Mapping[str, object] = field(default_factory=dict)


SOURCES = {
    source.kind: source
    for source in (
        Source("meeting", Meeting, _meetings),
        Source("agenda_item", AgendaItem, _agenda_items, {"meeting": AgendaItem.meeting_id}),
        Source("decision", Decision, _decisions, {"meeting": Decision.meeting_id}),
        Source("minutes", Minutes, _minutes, {"meeting": Minutes.meeting_id}),
        Source("conclusion", Conclusion, _conclusions, {"meeting": Conclusion.meeting_id}),
        Source("action", Action, _actions, {"meeting": Action.meeting_id}),
        Source("organisation", Organisation, _organisations),
        Source("person", Person, _people, {"organisation": Person.organisation_id}),
        Source(
            "attachment",
            Attachment,
            _attachments,
            {"meeting": Attachment.meeting_id, "decision": Attachment.decision_id},
        ),
        Source("update", MonthlyUpdate, _updates),
        Source("call", Call, _calls),
        Source("plan", Plan, _plans),
        Source("measure", Measure, _measures, {"plan": Measure.plan_id}),
        Source("task", DelegatedTask, _tasks, {"organisation": DelegatedTask.performer_id}),
    )
}
assert tuple(SOURCES) == KINDS
