"""What the dashboard shows for a period: its charts and counters, counted once for each
state of the records.

Every change a person makes to the records writes an audit event in the same transaction
(core/audit.py), so the newest event's id names the state the records are in: while it
stays the same, so do the figures, and the dashboard shows what it counted before instead
of counting again (the overdue ones also depend on the day, which is part of the key).
One indexed lookup replaces the counting of thousands of rows on every visit; the first
visit after any change counts afresh. Two changes may commit in the other order than
their events were numbered (PostgreSQL numbers them as they are written), so figures are
also counted afresh every minute: never more than a minute behind. Each app keeps its own
few (a process serves one database), so nothing is shared between two databases.
"""

import datetime as dt
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import get_locale, gettext

from ..core.audit import AuditEvent
from ..core.charts import Chart
from ..extensions import db
from . import charts, queries
from .periods import Period

#: how many periods' figures an app keeps
KEPT = 16
#: figures are counted afresh at least this often, whatever the audit trail says
FRESH_SECONDS = 60
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Overview:
    charts: tuple[Chart, ...]
    #: proposals, nominations, overdue actions, active signatories and their data gaps
    counts: dict[str, int]


def overview(period: Period, today: dt.date) -> Overview:
    """The dashboard's figures for the period, as the records stand."""
    state = db.session.scalar(sa.select(sa.func.max(AuditEvent.id)))
    key = (period, today, state, str(get_locale()), int(time.time() // FRESH_SECONDS))
    kept: OrderedDict = current_app.extensions.setdefault("dashboard.overview", OrderedDict())
    with _LOCK:
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
    found = count(period, today)
    with _LOCK:
        kept[key] = found
        while len(kept) > KEPT:
            kept.popitem(last=False)
    return found


def count(period: Period, today: dt.date) -> Overview:
    """The figures, counted now: one statement each."""
    found = [
        charts.meetings_chart(period, queries.meetings_in(period)),
        charts.turnout_chart(
            gettext("Council members' attendance at sessions, lowest first"),
            gettext("Member (present/recorded)"),
            queries.turnout_of_members(period),
        ),
        charts.turnout_chart(
            gettext("Organisations' attendance at sessions, lowest first"),
            gettext("Organisation (present/recorded)"),
            queries.turnout_of_organisations(period),
        ),
        charts.actions_chart(period, queries.action_flow(period)),
        charts.owners_chart(queries.actions_by_owner(today)),
        *charts.region_charts(queries.by_region(period)),
    ]
    return Overview(
        charts=tuple(chart for chart in found if chart is not None),
        counts=queries.queue_and_gap_counts(today),
    )


def forget() -> None:
    """Count afresh on the next visit (the statement counter measures the counting)."""
    with _LOCK:
        current_app.extensions.pop("dashboard.overview", None)
