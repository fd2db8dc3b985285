"""`secretariat scheduler run`: the one scheduler process.

APScheduler 3's BlockingScheduler with jobs declared here, explicit ids, coalesced
and never overlapping. It never starts inside the web app. Each sweep and delivery
records how it went beside the heartbeat, so staff see a scheduler that runs but fails.
"""

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from ..core.settings import DEMO_MAIL_DOMAINS, holds_demo_data
from ..core.types import utcnow
from ..extensions import db
from . import heartbeat
from .outbox import deliver_due
from .rules import SweepFailed, sweep

log = logging.getLogger(__name__)
JOB_OPTIONS = {
    "coalesce": True,
    "max_instances": 1,
    "misfire_grace_time": 300,
    "replace_existing": True,
}


def _in_app(app: Flask, job_id: str, work, recorded: bool):
    def job():
        with app.app_context():
            try:
                work(utcnow())
            except Exception as error:
                db.session.rollback()
                log.exception("scheduler job %s failed; it runs again at its next time", job_id)
                # a failed sweep names its failed steps itself
                failure = (
                    str(error)
                    if isinstance(error, SweepFailed)
                    else (f"{type(error).__name__}: {error}")
                )
            else:
                failure = None
            try:
                if recorded:
                    heartbeat.record(job_id, utcnow(), failure)
            except Exception:
                db.session.rollback()
                log.exception("could not record how scheduler job %s went", job_id)
            finally:
                db.session.remove()

    return job


def build(app: Flask) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone="Europe/Riga")
    jobs = (
        ("heartbeat", heartbeat.beat, 30, False),
        ("sweep", sweep, 60, True),
        ("deliver", deliver_due, 30, True),
    )
    for job_id, work, seconds, recorded in jobs:
        scheduler.add_job(
            _in_app(app, job_id, work, recorded),
            "interval",
            seconds=seconds,
            id=job_id,
            name=job_id,
            **JOB_OPTIONS,
        )
    return scheduler


def run(app: Flask) -> None:
    with app.app_context():
        heartbeat.beat(utcnow())
        if holds_demo_data():
            log.warning(
                "this database holds demo data: mail goes only to addresses at %s",
                ", ".join(DEMO_MAIL_DOMAINS),
            )
    scheduler = build(app)
    log.info("scheduler started with jobs %s", [job.id for job in scheduler.get_jobs()])
    scheduler.start()
