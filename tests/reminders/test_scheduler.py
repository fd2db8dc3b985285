"""The one scheduler process: jobs declared in code, never started by the web app."""

import re
import threading

import pytest
from apscheduler.schedulers.base import BaseScheduler

from secretariat import create_app
from secretariat.reminders.scheduler import build

from ..conftest import submit
from ..helpers import lv, text_of


def test_jobs_have_ids_and_never_overlap(app):
    scheduler = build(app)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"heartbeat", "sweep", "deliver"}
    for job in jobs.values():
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time >= 300


def test_the_web_app_starts_no_scheduler(database_url, tmp_path, monkeypatch):
    # Compare schedulers, not all threads: the rate limiter's memory storage runs
    # short-lived timer threads of its own.
    started = []
    monkeypatch.setattr(BaseScheduler, "start", lambda self, *a, **kw: started.append(self))
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_DIR": str(tmp_path)}
    )
    app.test_client().get("/login")  # nor lazily, on the first request
    assert started == []
    assert not [t for t in threading.enumerate() if t.name.startswith("APScheduler")]


def test_a_heartbeat_job_run_clears_the_banner(app, client, login_as):
    login_as("staff")
    warning = lv(
        "The scheduler is not running: reminders and e-mails are not being sent. "
        "Start `secretariat scheduler run`."
    )
    assert warning in text_of(client.get("/"))
    scheduler = build(app)
    scheduler.get_job("heartbeat").func()  # what the process runs every 30 seconds
    assert warning not in text_of(client.get("/"))
    with app.app_context():  # the scheduler stops: members are still not troubled by it
        from secretariat.extensions import db
        from secretariat.reminders.models import SchedulerHeartbeat

        db.session.execute(db.delete(SchedulerHeartbeat))
        db.session.commit()
    assert warning in text_of(client.get("/"))
    submit(client, "/logout", form_url="/")
    login_as("member")
    assert warning not in text_of(client.get("/"))


def test_staff_switch_a_rule_and_change_its_days(app, client, login_as):
    from secretariat.extensions import db
    from secretariat.reminders.rules import rules

    login_as("staff")
    page = text_of(client.get("/reminders/rules"))
    assert lv("Invitation with the agenda") in page
    submit(
        client,
        "/reminders/rules/meeting_invitation",
        {"meeting_invitation-offset_days": "10"},
        form_url="/reminders/rules",
    )
    bad = submit(
        client,
        "/reminders/rules/action_due",
        {"action_due-enabled": "y", "action_due-offset_days": "99"},
        form_url="/reminders/rules",
        follow_redirects=True,
    )
    assert lv("Days must be a whole number from 0 to 60.") in text_of(bad)
    with app.app_context():
        current = rules()
        assert current["meeting_invitation"].enabled is False
        assert current["meeting_invitation"].offset_days == 10
        assert current["action_due"].offset_days == 3
        db.session.rollback()


def test_a_wrong_number_of_days_is_shown_at_the_field_and_nothing_is_saved(app, client, login_as):
    from secretariat.reminders.rules import rules

    from ..helpers import field_errors

    login_as("staff")
    for typed in ("999", "", "trīs"):
        page = submit(
            client,
            "/reminders/rules/action_due",
            {"action_due-enabled": "y", "action_due-offset_days": typed},
            form_url="/reminders/rules",
        )
        assert page.status_code == 400
        assert lv("Reminder rule saved.") not in text_of(page)
        [error] = field_errors(page, "action_due-offset_days")
        assert error == lv("Days must be a whole number from 0 to 60.")
        assert f'value="{typed}"' in page.get_data(as_text=True)  # what was typed stays
        # and the other rules are shown as they are, still switched on
        assert re.search(r'<input checked id="meeting_eve-enabled"', page.get_data(as_text=True))
    with app.app_context():
        assert rules()["action_due"].offset_days == 3


def test_rules_without_days_show_no_days_field(app, client, login_as):
    login_as("staff")
    page = client.get("/reminders/rules").get_data(as_text=True)
    assert 'name="nomination_open-offset_days"' not in page
    assert 'name="overdue_digest-offset_days"' not in page
    assert 'name="overdue_digest-weekday"' in page
    assert 'name="minutes_missing-offset_days"' in page
    assert 'name="action_overdue-offset_days"' in page


@pytest.mark.parametrize(
    "role, offered, not_offered",
    [
        (
            "member",
            ["Invitation with the agenda"],
            [
                "Weekly digest of overdue actions",
                "Minutes not circulated",
                "Nomination round opens",
            ],
        ),
        ("signatory", ["Nomination round opens"], ["Weekly digest of overdue actions"]),
        ("staff", ["Weekly digest of overdue actions", "Minutes not circulated"], []),
    ],
)
def test_people_are_offered_only_what_they_can_receive(
    client, login_as, role, offered, not_offered
):
    login_as(role)
    page = text_of(client.get("/account/reminders"))
    for kind in offered:
        assert lv(kind) in page
    for kind in not_offered:
        assert lv(kind) not in page


def test_opening_the_rules_page_writes_nothing(app, client, login_as):
    """A page view changes no state: rules never saved are shown with their defaults."""
    import sqlalchemy as sa

    from secretariat.extensions import db
    from secretariat.reminders.models import ReminderRule

    login_as("staff")
    page = client.get("/reminders/rules")
    assert page.status_code == 200
    assert re.search(r'<input checked id="meeting_invitation-enabled"', page.get_data(as_text=True))
    assert 'value="7"' in page.get_data(as_text=True)  # the invitation's default days
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReminderRule)) == 0
