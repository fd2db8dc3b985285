"""Reminder rule 6: signatories are reminded of a call's deadline.

The updates area sits above reminders, so it plugs its rule into the sweep through the
registry (secretariat/reminders/registry.py) rather than reminders importing calls.
"""

import datetime as dt

import sqlalchemy as sa
from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from ..core.dates import RIGA, riga_to_utc
from ..core.labels import LABELS
from ..core.workdays import next_working_day
from ..extensions import db
from ..reminders.models import Outbox
from ..reminders.outbox import withdraw
from ..reminders.registry import MessageKind, RuleKind, register, register_message
from .models import Call
from .queries import FOR_SIGNATORIES

KIND = "call_deadline"
MORNING = dt.time(8, 0)


def _open_calls_for_signatories(now: dt.datetime):
    return sa.and_(Call.open_at_clause(now), Call.visibility.in_(FOR_SIGNATORIES))


def remind_call_deadlines(run, rule) -> None:
    """`offset_days` before the deadline, at 08:00 Riga, to every signatory contact. The key
    holds the deadline, so a moved deadline is reminded again."""
    calls = db.session.scalars(
        sa.select(Call)
        .where(
            _open_calls_for_signatories(run.now),
            Call.deadline_on >= run.today,
            Call.deadline_on <= run.today + dt.timedelta(days=rule.offset_days),
        )
        .options(joinedload(Call.body))
        .order_by(Call.deadline_on, Call.id)
    ).all()
    for call in calls:
        day = call.deadline_on - dt.timedelta(days=rule.offset_days)
        due_at = riga_to_utc(next_working_day(day, before=call.deadline_on), MORNING)
        if due_at > run.now or call.deadline_at <= run.now:
            continue
        stamp = call.deadline_at.astimezone(RIGA).strftime("%Y%m%dT%H%M")
        keys = run.missing(
            {email: f"{KIND}:{call.id}:{stamp}:{email}" for email in run.signatories()}
        )
        subject = _l(
            "Deadline %(day)s: %(title)s",
            day=call.deadline_on.strftime("%d.%m.%Y."),
            title=call.title,
        )
        run.write_all(
            keys,
            KIND,
            "call",
            subject,
            due_at,
            call=call,
            intro=_l("A reminder: submissions to this call close soon."),
            url=call.link_url or run.link("updates.portal"),
        )


def withdraw_stale(now: dt.datetime) -> int:
    """Waiting reminders of calls since closed or hidden from signatories."""
    wanted = set(db.session.scalars(sa.select(Call.id).where(_open_calls_for_signatories(now))))
    waiting = db.session.execute(
        sa.select(Outbox.id, Outbox.idempotency_key).where(
            Outbox.kind == KIND, Outbox.sent_at.is_(None), Outbox.cancelled_at.is_(None)
        )
    )
    stale = [row_id for row_id, key in waiting if int(key.split(":")[1]) not in wanted]
    return withdraw(now, Outbox.id.in_(stale)) if stale else 0


def init_app(app: Flask) -> None:
    # published monthly updates are mailed when staff publish them (services.publish)
    register_message(
        app,
        MessageKind(
            kind="monthly_update",
            label=LABELS["reminder_kind"]["monthly_update"],
            audience=("signatory",),
        ),
    )
    register(
        app,
        RuleKind(
            kind=KIND,
            label=LABELS["reminder_kind"][KIND],
            help=LABELS["reminder_help"][KIND],
            run=remind_call_deadlines,
            offset_days=7,
            audience=("signatory",),
            withdraw=withdraw_stale,
        ),
    )
