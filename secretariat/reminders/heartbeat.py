"""The scheduler's sign of life, and how old it is."""

import datetime as dt
import os
import socket

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from .models import SchedulerHeartbeat


def beat(now: dt.datetime) -> None:
    row = db.session.get(SchedulerHeartbeat, 1)
    if row is None:
        row = SchedulerHeartbeat(id=1)
        db.session.add(row)
    row.beat_at, row.host, row.pid = now, socket.gethostname()[:200], os.getpid()
    db.session.commit()


def age_seconds(now: dt.datetime) -> float | None:
    last = db.session.scalar(
        sa.select(SchedulerHeartbeat.beat_at).where(SchedulerHeartbeat.id == 1)
    )
    return None if last is None else max(0.0, (now - last).total_seconds())


def is_stale(now: dt.datetime) -> bool:
    age = age_seconds(now)
    return age is None or age > current_app.config["SCHEDULER_STALE_SECONDS"]
