"""Rule 4: follow-up actions. The owner hears before the due date and after it; the
secretariat gets a weekly digest of everything overdue."""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from ..core.dates import RIGA, riga_to_utc
from ..core.text import split_lines
from ..core.workdays import next_working_day
from ..extensions import db
from ..followups.models import OPEN_STATUSES, Action
from .models import ReminderRule
from .sweeping import Sweep

MORNING = dt.time(8, 0)
#: an overdue reminder the sweep missed (the scheduler was down) is still sent this long after
OVERDUE_WINDOW = dt.timedelta(days=7)
#: the digest lists this many actions and says how many more there are
DIGEST_LIMIT = 50


def remind_due(run: Sweep, rule: ReminderRule) -> None:
    """To the owner, `offset_days` before the due date, at 08:00 Riga time."""
    window = (run.today, run.today + dt.timedelta(days=rule.offset_days))
    _remind(run, rule, window, overdue=False)


def remind_overdue(run: Sweep, rule: ReminderRule) -> None:
    """To the owner, `offset_days` after the due date, at 08:00 Riga time."""
    latest = run.today - dt.timedelta(days=rule.offset_days)
    _remind(run, rule, (latest - OVERDUE_WINDOW + dt.timedelta(days=1), latest), overdue=True)


def _remind(run: Sweep, rule: ReminderRule, window, overdue: bool) -> None:
    actions = db.session.scalars(
        sa.select(Action)
        .where(Action.status.in_(OPEN_STATUSES), Action.due_on.between(*window))
        .options(
            joinedload(Action.owner_person),
            joinedload(Action.owner_organisation),
            joinedload(Action.meeting),
        )
        .order_by(Action.due_on, Action.id)
    ).all()
    wanted = []
    for action in actions:
        owner = action.owner_person or action.owner_organisation
        for email in split_lines(owner.emails if owner else "")[:1]:
            wanted.append((action, email, f"{rule.kind}:{action.id}:{action.due_on}:{email}"))
    existing = run.existing([key for *_, key in wanted])
    for action, email, key in wanted:
        if key in existing:
            continue
        if overdue:
            day = next_working_day(action.due_on + dt.timedelta(days=rule.offset_days))
            due_at = riga_to_utc(day, MORNING)
            subject = _l("Overdue: %(title)s", title=action.title)
            intro = _l("This follow-up action was due and is not marked done.")
        else:
            day = action.due_on - dt.timedelta(days=rule.offset_days)
            due_at = riga_to_utc(next_working_day(day, before=action.due_on), MORNING)
            subject = _l(
                "Due on %(day)s: %(title)s",
                day=action.due_on.strftime("%d.%m.%Y."),
                title=action.title,
            )
            intro = _l("A follow-up action you own is due soon.")
        run.write(
            rule.kind,
            key,
            email,
            "action",
            subject,
            due_at,
            action=action,
            intro=intro,
            url=run.link("followups.action_detail", action_id=action.id),
        )


def overdue_digest(run: Sweep, rule: ReminderRule) -> None:
    """To the secretariat, once a week on the set weekday from 08:00."""
    local = run.now.astimezone(RIGA)
    weekday = 0 if rule.weekday is None else rule.weekday
    if local.weekday() != weekday or local.time() < MORNING:
        return
    year, week, _ = run.today.isocalendar()
    keys = run.missing({email: f"{rule.kind}:{year}-{week}:{email}" for email in run.staff()})
    if not keys:
        return
    overdue = db.session.scalars(
        sa.select(Action)
        .where(Action.overdue_clause(run.today))
        .options(joinedload(Action.owner_person), joinedload(Action.owner_organisation))
        .order_by(Action.due_on, Action.id)
        .limit(DIGEST_LIMIT)
    ).all()
    if not overdue:
        return
    more = 0
    if len(overdue) == DIGEST_LIMIT:
        total = db.session.scalar(
            sa.select(sa.func.count(Action.id)).where(Action.overdue_clause(run.today))
        )
        more = total - DIGEST_LIMIT
    subject = _l("Overdue follow-up actions, week %(week)s", week=week)
    run.write_all(
        keys,
        rule.kind,
        "digest",
        subject,
        run.now,
        actions=overdue,
        more=more,
        intro=_l("These follow-up actions are overdue:"),
        url=run.link("followups.tracker", overdue=1),
    )
