"""`secretariat scheduler run`: the one scheduler process.

APScheduler 3's BlockingScheduler with jobs declared here, explicit ids, coalesced
and never overlapping. It never starts inside the web app.
"""

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from ..core.types import utcnow
from ..extensions import db
from . import heartbeat
from .outbox import deliver_due
from .rules import sweep

log = logging.getLogger(__name__)
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}


def _in_app(app: Flask, work):
    def job():
        with app.app_context():
            try:
                work(utcnow())
            except Exception:
                db.session.rollback()
                log.exception("scheduler job failed; it runs again at its next time")
            finally:
                db.session.remove()

    return job


def build(app: Flask) -> BlockingScheduler:
    scheduler = BlockingScheduler(job_defaults=JOB_DEFAULTS, timezone="Europe/Riga")
    scheduler.add_job(
        _in_app(app, heartbeat.beat), "interval", seconds=30, id="heartbeat", replace_existing=True
    )
    scheduler.add_job(
        _in_app(app, sweep), "interval", seconds=60, id="sweep", replace_existing=True
    )
    scheduler.add_job(
        _in_app(app, deliver_due), "interval", seconds=30, id="deliver", replace_existing=True
    )
    return scheduler


def run(app: Flask) -> None:
    with app.app_context():
        heartbeat.beat(utcnow())
    scheduler = build(app)
    log.info("scheduler started with jobs %s", [job.id for job in scheduler.get_jobs()])
    scheduler.start()
