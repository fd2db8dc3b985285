"""What the API reads, with visibility applied in SQL through the areas' own queries.

Each function returns a filtered, ordered select without loader options; the views add
those, so the count of a page runs on the bare query."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload, subqueryload

from ..auth.permissions import visibility_levels
from ..bodies.models import Body, Membership
from ..core.dates import riga_to_utc, today_in_riga
from ..decisions.models import VOTE_CHOICES, Decision, Vote
from ..decisions.queries import visible_decisions
from ..extensions import db
from ..meetings.models import AgendaItem, Meeting
from ..meetings.queries import filtered, visible_meetings
from ..organisations.models import Organisation
from ..organisations.queries import register_query
from ..programmes.models import DelegatedTask, Direction, Goal, Measure, Plan
from ..programmes.queries import (
    status_counts_by_direction,
    task_page_options,
    total_counts,
    visible_plans,
    visible_tasks,
)
from ..updates.models import MonthlyUpdate
from ..updates.queries import visible_updates


def _on_days(query: sa.Select, args: dict) -> sa.Select:
    """Meetings from `from` to `to`, both days included, as the days fall in Riga."""
    if args.get("from"):
        query = query.where(Meeting.starts_at >= riga_to_utc(args["from"], dt.time()))
    if args.get("to"):
        next_day = riga_to_utc(args["to"], dt.time()) + dt.timedelta(days=1)
        query = query.where(Meeting.starts_at < next_day)
    return query


def meetings(user, args: dict) -> sa.Select:
    query = filtered(
        visible_meetings(user), body_id=args["body"], kind=args["kind"], status=args["status"]
    )
    return _on_days(query, args)


def meeting(user, meeting_id: int) -> sa.Select:
    return visible_meetings(user).where(Meeting.id == meeting_id)


def meeting_options(user, detail: bool = False, agenda: bool = True) -> tuple:
    """What a meeting's entry shows beside its columns; a page of meetings reads their
    agendas as rows instead (`agendas`)."""
    options = (joinedload(Meeting.body), joinedload(Meeting.host_organisation))
    if agenda:
        options += (selectinload(Meeting.agenda_items),)
    if not detail:
        return options
    levels = Decision.visibility.in_(visibility_levels(user))
    return (
        *options,
        selectinload(Meeting.breakouts),
        selectinload(Meeting.decisions.and_(levels)).joinedload(Decision.agenda_item),
    )


def agendas(meeting_ids: list[int]) -> dict[int, list[dict]]:
    """The agenda items of these meetings as the API shows them, in order, in one statement
    (fifty meetings' items as records cost more than the rest of the page)."""
    found: dict[int, list[dict]] = {}
    rows = db.session.execute(
        sa.select(
            AgendaItem.meeting_id,
            AgendaItem.position,
            AgendaItem.title,
            AgendaItem.presenter,
            AgendaItem.duration_minutes,
        )
        .where(AgendaItem.meeting_id.in_(meeting_ids))
        .order_by(AgendaItem.meeting_id, AgendaItem.position, AgendaItem.id)
    )
    for row in rows:
        item = row._asdict()
        found.setdefault(item.pop("meeting_id"), []).append(item)
    return found


def decisions(user, args: dict) -> sa.Select:
    query = _on_days(visible_decisions(user), args)
    if args.get("body"):
        query = query.where(Meeting.body_id == args["body"])
    if args.get("meeting"):
        query = query.where(Decision.meeting_id == args["meeting"])
    return query.order_by(Meeting.starts_at.desc(), Decision.position, Decision.id)


def decision(user, decision_id: int) -> sa.Select:
    return visible_decisions(user).where(Decision.id == decision_id)


def decision_options(named_votes: bool = False) -> tuple:
    votes = selectinload(Decision.votes)
    return (
        contains_eager(Decision.meeting).joinedload(Meeting.body),
        joinedload(Decision.agenda_item),
        votes.joinedload(Vote.person) if named_votes else votes,
    )


def public_decisions_counted() -> sa.Select:
    """The decisions anyone may read, oldest first, each with its vote counts for, against
    and abstaining (named votes counted, else the recorded totals): the open-data file, in
    one statement however many decisions there are."""
    named = (
        sa.select(
            Vote.decision_id,
            *(sa.func.sum(sa.case((Vote.choice == c, 1), else_=0)).label(c) for c in VOTE_CHOICES),
        )
        .group_by(Vote.decision_id)
        .subquery()
    )
    recorded = dict(
        zip(
            VOTE_CHOICES,
            (Decision.votes_for, Decision.votes_against, Decision.votes_abstain),
            strict=True,
        )
    )
    counts = (
        sa.case(
            (Decision.vote_mode == "totals", sa.func.coalesce(recorded[c], 0)),
            else_=sa.func.coalesce(named.c[c], 0),
        )
        for c in VOTE_CHOICES
    )
    return (
        visible_decisions(None)
        .add_columns(*counts)
        .outerjoin(named, named.c.decision_id == Decision.id)
        .options(contains_eager(Decision.meeting).joinedload(Meeting.body))
        .order_by(Meeting.starts_at, Meeting.id, Decision.position, Decision.id)
    )


def bodies() -> sa.Select:
    return sa.select(Body).order_by(Body.position, Body.name, Body.id)


def body(body_id: int) -> sa.Select:
    return sa.select(Body).where(Body.id == body_id)


def body_options() -> tuple:
    return (
        selectinload(Body.memberships).options(
            joinedload(Membership.person), joinedload(Membership.on_behalf_of)
        ),
    )


def organisations(args: dict) -> sa.Select:
    """The register's signatories (past and present), searched like the register page."""
    filters = {"q": args["q"], "status": args["status"], "region": args["region"], "signed": True}
    return register_query(filters, today_in_riga())


def organisation(organisation_id: int) -> sa.Select:
    return organisations({"q": "", "status": None, "region": None}).where(
        Organisation.id == organisation_id
    )


def active_signatories() -> sa.Select:
    return organisations({"q": "", "status": "active", "region": None})


def updates(user, args: dict) -> sa.Select:
    """Published monthly updates the caller may read, newest month first; `from`/`to` pick
    the months that overlap those days."""
    query = visible_updates(user).where(MonthlyUpdate.status == "published")
    if args.get("from"):
        query = query.where(MonthlyUpdate.month >= args["from"].replace(day=1))
    if args.get("to"):
        query = query.where(MonthlyUpdate.month <= args["to"])
    return query.order_by(MonthlyUpdate.month.desc())


def update(user, month: dt.date) -> sa.Select:
    return visible_updates(user).where(
        MonthlyUpdate.status == "published", MonthlyUpdate.month == month
    )


# --- plans and delegated tasks --------------------------------------------------------------


def plans(user) -> sa.Select:
    return visible_plans(user).order_by(Plan.last_year.desc(), Plan.id.desc())


def plan(user, plan_id: int) -> sa.Select:
    return visible_plans(user).where(Plan.id == plan_id)


def plan_options(detail: bool = False) -> tuple:
    options = (joinedload(Plan.responsible),)
    if detail:
        options += (selectinload(Plan.directions).selectinload(Direction.goals),)
    return options


def plan_counts(plan_id: int) -> dict[str, int]:
    return total_counts(status_counts_by_direction(plan_id))


def measures(user, args: dict) -> sa.Select:
    """The measures of the plans the caller may read, in each plan's order."""
    query = (
        sa.select(Measure)
        .join(Measure.plan)
        .join(Goal, Goal.id == Measure.goal_id)
        .join(Direction, Direction.id == Goal.direction_id)
        .where(Plan.id.in_(visible_plans(user).with_only_columns(Plan.id)))
    )
    if args.get("plan"):
        query = query.where(Measure.plan_id == args["plan"])
    if args.get("status"):
        query = query.where(Measure.status == args["status"])
    return query.order_by(Plan.id, Direction.position, Goal.position, Measure.position, Measure.id)


def measure_options(whole_file: bool = False) -> tuple:
    """A page of measures loads their collections by the page's ids; the open-data file,
    every measure at once, by one subquery each (selectin would run one statement per
    500 measures)."""
    collection = subqueryload if whole_file else selectinload
    return (
        contains_eager(Measure.plan),
        joinedload(Measure.goal).joinedload(Goal.direction),
        joinedload(Measure.responsible),
        collection(Measure.implementers),
        collection(Measure.funding),
    )


def tasks(user) -> sa.Select:
    return visible_tasks(user).order_by(DelegatedTask.starts_on.desc(), DelegatedTask.id.desc())


def task(user, task_id: int) -> sa.Select:
    return visible_tasks(user).where(DelegatedTask.id == task_id)


def task_options(user, detail: bool = False) -> tuple:
    if detail:
        return task_page_options(user)
    levels = visibility_levels(user)
    return (
        joinedload(DelegatedTask.delegating),
        joinedload(DelegatedTask.performer),
        joinedload(DelegatedTask.report_meeting.and_(Meeting.visibility.in_(levels))),
    )
