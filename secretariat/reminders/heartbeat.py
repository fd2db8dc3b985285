"""The scheduler's sign of life, and how its last sweep and delivery went."""

import datetime as dt
import os
import socket
import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from .models import SchedulerHeartbeat
from .outbox import dialect_insert


@dataclass(frozen=True)
class SchedulerStatus:
    age_seconds: float | None
    stale: bool
    failed_job: str = ""
    failed_at: dt.datetime | None = None
    failure: str = ""

    @property
    def failing(self) -> bool:
        return bool(self.failed_job)

    @property
    def name(self) -> str:
        return "stale" if self.stale else "failing" if self.failing else "ok"


def _row(now: dt.datetime) -> SchedulerHeartbeat:
    # the heartbeat job and a failing job may write at once: the first insert wins
    db.session.execute(
        dialect_insert()(SchedulerHeartbeat)
        .values(id=1, beat_at=now, host="", pid=0, failed_job="", failure="")
        .on_conflict_do_nothing(index_elements=["id"])
    )
    return db.session.get(SchedulerHeartbeat, 1)


def beat(now: dt.datetime) -> None:
    row = _row(now)
    row.beat_at, row.host, row.pid = now, socket.gethostname()[:200], os.getpid()
    db.session.commit()


def record(job_id: str, now: dt.datetime, failure: str | None = None) -> None:
    """A job's run went well (a failure it had recorded is cleared) or failed."""
    row = _row(now)
    if failure:
        row.failed_job, row.failed_at, row.failure = job_id, now, failure[:500]
    elif row.failed_job == job_id:
        row.failed_job, row.failed_at, row.failure = "", None, ""
    db.session.commit()


def status(now: dt.datetime) -> SchedulerStatus:
    row = db.session.scalar(sa.select(SchedulerHeartbeat).where(SchedulerHeartbeat.id == 1))
    if row is None:
        return SchedulerStatus(age_seconds=None, stale=True)
    age = max(0.0, (now - row.beat_at).total_seconds())
    return SchedulerStatus(
        age_seconds=age,
        stale=age > current_app.config["SCHEDULER_STALE_SECONDS"],
        failed_job=row.failed_job,
        failed_at=row.failed_at,
        failure=row.failure,
    )


def banner_status(now: dt.datetime) -> SchedulerStatus:
    """The status staff pages show in their banner, read at most every
    SCHEDULER_BANNER_SECONDS per process (the scheduler beats every 30 seconds and counts as
    stopped after minutes, so a few seconds' delay tells staff nothing later that matters)."""
    seconds = current_app.config.get("SCHEDULER_BANNER_SECONDS", 0)
    kept = current_app.extensions.get("scheduler_banner")
    if kept is not None and seconds and time.monotonic() - kept[0] < seconds:
        return kept[1]
    found = status(now)
    current_app.extensions["scheduler_banner"] = (time.monotonic(), found)
    return found
