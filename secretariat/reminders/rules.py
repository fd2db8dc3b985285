"""The reminder rules and the sweep that runs them.

Each rule reads only its window (indexed columns), so a sweep costs the same with a
thousand actions or a hundred thousand. Messages are keyed so a sweep that runs twice, or
in two processes at once, writes each message once. The rules are registered on the app
(registry.py), the built-in ones by `init_app` here; an area above reminders adds its own
the same way.

One sweep: withdraw waiting messages that no longer apply, run each switched-on rule in
turn, then bring calendars up to date with moved and cancelled meetings. Each step is
committed on its own, so one failing rule neither loses the others' work nor stops them;
the sweep then raises `SweepFailed`, which the scheduler records for staff to see.
"""

import datetime as dt
import logging
from functools import partial

import sqlalchemy as sa
from flask import Flask, current_app, has_request_context
from flask_babel import force_locale

from ..core.labels import LABELS
from ..extensions import db
from . import actions, calls, invitations, minutes, nominations, programmes
from .calls import call_day  # noqa: F401 - part of this module's face
from .invitations import days_before  # noqa: F401
from .models import ReminderRule
from .outbox import cancel_outdated, dialect_insert
from .registry import ALL_ROLES, STAFF_ROLES, RuleKind, register, rule_kinds
from .sweeping import Sweep, read_unsubscribe_token, unsubscribe_token  # noqa: F401

log = logging.getLogger(__name__)


class SweepFailed(Exception):
    """Some steps of a sweep failed; the others were done and kept."""


def _built_in(kind: str, run, **settings) -> RuleKind:
    return RuleKind(
        kind=kind,
        label=LABELS["reminder_kind"][kind],
        help=LABELS["reminder_help"][kind],
        run=run,
        **settings,
    )


def init_app(app: Flask) -> None:
    """Register the built-in rules, in the order a sweep runs them: the signatory call is
    planned before the invitations, so it is invited in the same sweep."""
    for rule in (
        _built_in(
            "signatory_call",
            calls.plan_signatory_calls,
            offset_days=7,
            weekday=calls.THURSDAY,
            sends=False,
        ),
        _built_in("meeting_invitation", invitations.invite, offset_days=7, audience=ALL_ROLES),
        _built_in("meeting_eve", invitations.invite, offset_days=1, audience=ALL_ROLES),
        _built_in(
            "minutes_missing",
            minutes.remind_minutes,
            offset_days=7,
            audience=STAFF_ROLES,
            withdraw=minutes.withdraw_circulated,
        ),
        _built_in(
            "minutes_circulated", minutes.tell_members, audience=("member", "admin", "staff")
        ),
        _built_in("action_due", actions.remind_due, offset_days=3, optional=False),
        _built_in("action_overdue", actions.remind_overdue, offset_days=1, optional=False),
        _built_in("overdue_digest", actions.overdue_digest, weekday=0, audience=STAFF_ROLES),
        _built_in("nomination_open", nominations.round_opens, audience=("signatory",)),
        _built_in(
            "nomination_closing", nominations.round_closes, offset_days=3, audience=("signatory",)
        ),
        _built_in(
            "task_report_due",
            programmes.remind_task_reports,
            offset_days=14,
            audience=STAFF_ROLES,
            withdraw=programmes.withdraw_received,
        ),
    ):
        register(app, rule)


def _defaults(kind: str) -> dict:
    registered = rule_kinds()[kind]
    return {
        "kind": kind,
        "enabled": True,
        "offset_days": registered.offset_days or 0,
        "weekday": registered.weekday,
    }


def rules() -> dict[str, ReminderRule]:
    """The rules as staff set them, in the registry's order, as rows to run or change:
    missing ones are created with their defaults (by a sweep or a save, never a page view)."""
    kinds = rule_kinds()
    found = {rule.kind: rule for rule in db.session.scalars(sa.select(ReminderRule))}
    missing = [kind for kind in kinds if kind not in found]
    if missing:
        # two processes may both see them missing: the first insert wins, the other waits
        db.session.execute(
            dialect_insert()(ReminderRule)
            .values([_defaults(kind) for kind in missing])
            .on_conflict_do_nothing(index_elements=["kind"])
        )
        found = {rule.kind: rule for rule in db.session.scalars(sa.select(ReminderRule))}
    return {kind: found[kind] for kind in kinds}


def rules_to_show() -> dict[str, ReminderRule]:
    """The rules as staff set them, for reading: a rule never saved shows its defaults, and
    nothing is written."""
    found = {rule.kind: rule for rule in db.session.scalars(sa.select(ReminderRule))}
    return {kind: found.get(kind) or ReminderRule(**_defaults(kind)) for kind in rule_kinds()}


def sweep(now: dt.datetime) -> int:
    """One pass of every switched-on rule; returns how many messages or meetings it wrote."""
    if not has_request_context():
        with current_app.test_request_context():
            return sweep(now)
    kinds = rule_kinds()
    settings = rules()
    db.session.commit()
    run = Sweep(now)
    steps = [("withdraw", partial(cancel_outdated, now))]
    for kind, rule in kinds.items():
        if rule.withdraw:
            steps.append((f"{kind} (withdraw)", partial(rule.withdraw, now)))
    for kind, rule in kinds.items():
        if settings[kind].enabled:
            steps.append((kind, partial(rule.run, run, settings[kind])))
    steps.append(("calendars", partial(invitations.follow_changes, run)))
    failures = []
    with force_locale("lv"):
        for name, step in steps:
            try:
                step()
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - the other steps still run
                db.session.rollback()
                log.exception("reminder sweep step %s failed", name)
                failures.append(f"{name}: {type(error).__name__}: {error}")
    if failures:
        raise SweepFailed("; ".join(failures)[:480])
    return run.written
