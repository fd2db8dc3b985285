"""Rule 7: delegated tasks' reports. The secretariat hears `offset_days` before a task's
report is due, while the report has not been received; a reminder still waiting when the
report arrives (or its due day moves) is withdrawn. Programmes sits below reminders, so
the rule lives here, like the rules for actions and minutes."""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from ..core.dates import riga_to_utc
from ..extensions import db
from ..programmes.models import DelegatedTask
from .actions import MORNING
from .models import Outbox, ReminderRule
from .outbox import withdraw
from .sweeping import Sweep

KIND = "task_report_due"


def _awaited():
    return sa.and_(
        DelegatedTask.report_received_on.is_(None), DelegatedTask.report_meeting_id.is_(None)
    )


def remind_task_reports(run: Sweep, rule: ReminderRule) -> None:
    tasks = db.session.scalars(
        sa.select(DelegatedTask)
        .where(
            _awaited(),
            DelegatedTask.report_due_on >= run.today,
            DelegatedTask.report_due_on <= run.today + dt.timedelta(days=rule.offset_days),
        )
        .options(joinedload(DelegatedTask.performer))
        .order_by(DelegatedTask.report_due_on, DelegatedTask.id)
    ).all()
    for task in tasks:
        due_on = task.report_due_on
        keys = run.missing(
            {email: f"{KIND}:{task.id}:{due_on.isoformat()}:{email}" for email in run.staff()}
        )
        day = due_on.strftime("%d.%m.%Y.")
        run.write_all(
            keys,
            KIND,
            "task_report",
            _l("Report due on %(day)s: %(title)s", day=day, title=task.title),
            riga_to_utc(due_on - dt.timedelta(days=rule.offset_days), MORNING),
            task=task,
            intro=_l(
                "The report on this delegated task is due on %(day)s and has not been "
                "received yet.",
                day=day,
            ),
            url=run.link("programmes.task", task_id=task.id),
        )


def withdraw_received(now: dt.datetime) -> int:
    """Waiting reminders of tasks whose report arrived, or whose due day has moved."""
    awaited = {
        f"{task_id}:{due_on.isoformat()}"
        for task_id, due_on in db.session.execute(
            sa.select(DelegatedTask.id, DelegatedTask.report_due_on).where(
                _awaited(), DelegatedTask.report_due_on.is_not(None)
            )
        )
    }
    waiting = db.session.execute(
        sa.select(Outbox.id, Outbox.idempotency_key).where(
            Outbox.kind == KIND, Outbox.sent_at.is_(None), Outbox.cancelled_at.is_(None)
        )
    )
    stale = [row_id for row_id, key in waiting if ":".join(key.split(":")[1:3]) not in awaited]
    return withdraw(now, Outbox.id.in_(stale)) if stale else 0
