"""The scheduler's own jobs on a set clock, a rule added from outside reminders, and a
scheduler that runs but fails."""

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
import time_machine
from flask_babel import lazy_gettext as _l
from jinja2 import ChoiceLoader, DictLoader

from secretariat.extensions import db
from secretariat.people.models import Person
from secretariat.reminders.models import Outbox
from secretariat.reminders.registry import STAFF_ROLES, RuleKind, register
from secretariat.reminders.scheduler import build

from ..conftest import submit
from ..helpers import lv, text_of
from .helpers import at


def _job(app, job_id):
    return build(app).get_job(job_id).func


@pytest.fixture
def member_meeting(app, make_body, make_person, make_membership, make_meeting):
    council = make_body()
    member = make_person("Anna Bērziņa")
    with app.app_context():
        db.session.get(Person, member.id).emails = "anna@example.lv"
        db.session.commit()
    make_membership(member, council)
    return make_meeting(
        body=council, kind="working_group", day=dt.date(2025, 9, 24), visibility="members"
    )


def test_the_jobs_sweep_and_deliver_on_the_clock(app, member_meeting):
    with time_machine.travel(at(dt.date(2025, 9, 17), 9, 59), tick=False):
        _job(app, "sweep")()
        _job(app, "deliver")()
    with app.app_context():
        assert db.session.scalars(sa.select(Outbox)).all() == []
    with time_machine.travel(at(dt.date(2025, 9, 17), 10, 0), tick=False):
        _job(app, "sweep")()
        _job(app, "deliver")()
        _job(app, "heartbeat")()
        health = app.test_client().get("/health").get_json()["scheduler"]
    assert health == {"heartbeat_age_seconds": 0, "status": "ok", "last_failure": None}
    with app.app_context():
        [row] = db.session.scalars(sa.select(Outbox)).all()
        assert (row.kind, row.sent_at) == ("meeting_invitation", at(dt.date(2025, 9, 17), 10))
    [eml] = (Path(app.config["INSTANCE_DIR"]) / "mail").glob("*.eml")
    assert "anna@example.lv" in eml.read_text()


def _deadline_rule(run, rule):
    """What an area above reminders would register: one message to the secretariat."""
    for email in run.staff():
        run.write(
            rule.kind,
            f"{rule.kind}:{run.today}:{email}",
            email,
            "deadline",
            _l("Deadline"),
            run.now,
            url=run.link("dashboard.home"),
        )


def _broken_rule(run, rule):
    raise RuntimeError("the calls table is missing")


@pytest.fixture
def upper_area(app):
    """An area above reminders: its own rule and its own e-mail templates."""
    app.jinja_loader  # noqa: B018 - make sure the environment exists before extending it
    app.jinja_env.loader = ChoiceLoader(
        [
            DictLoader(
                {
                    "email/deadline.txt": "{% extends 'email/_base.txt' %}"
                    "{% block body %}Termiņš tuvojas. {{ url }}{% endblock %}",
                    "email/deadline.html": "{% extends 'email/_base.html' %}"
                    "{% block body %}<p>Termiņš tuvojas.</p>{% endblock %}",
                }
            ),
            app.jinja_env.loader,
        ]
    )
    register(
        app,
        RuleKind(
            kind="survey_deadline",
            label=_l("Overdue follow-up actions"),  # any label the catalogue knows
            help=_l("To the secretariat, every week on this weekday."),
            run=_deadline_rule,
            offset_days=5,
            audience=STAFF_ROLES,
        ),
    )
    return app


def test_an_area_above_reminders_adds_a_rule(upper_area, client, login_as, make_user):
    app = upper_area
    make_user("staff", email="sekretariats@example.lv")
    with pytest.raises(ValueError):
        register(app, RuleKind(kind="survey_deadline", label="", help="", run=_deadline_rule))
    with time_machine.travel(at(dt.date(2025, 9, 17)), tick=False):
        _job(app, "sweep")()
    with app.app_context():
        [row] = db.session.scalars(sa.select(Outbox)).all()
    assert (row.kind, row.recipient) == ("survey_deadline", "sekretariats@example.lv")
    assert "Termiņš tuvojas." in row.text_body and row.unsubscribe_url

    login_as("staff")
    rules_page = client.get("/reminders/rules").get_data(as_text=True)
    assert lv("Overdue follow-up actions") in rules_page
    assert 'name="survey_deadline-offset_days" type="number" value="5"' in rules_page
    submit(
        client,
        "/reminders/rules/survey_deadline",
        {"survey_deadline-offset_days": "2"},
        form_url="/reminders/rules",
    )
    with time_machine.travel(at(dt.date(2025, 9, 18)), tick=False):
        _job(app, "sweep")()
    with app.app_context():  # switched off: nothing new
        assert db.session.scalar(sa.select(sa.func.count(Outbox.id))) == 1
    assert lv("Overdue follow-up actions") in text_of(client.get("/account/reminders"))


def test_a_scheduler_that_runs_but_fails_is_shown_to_staff(app, client, login_as, member_meeting):
    register(
        app,
        RuleKind(kind="broken", label="Broken", help="", run=_broken_rule, audience=STAFF_ROLES),
    )
    failed_at = at(dt.date(2025, 9, 17), 10)
    with time_machine.travel(failed_at, tick=False):
        login_as("staff")
        _job(app, "heartbeat")()
        _job(app, "sweep")()
        page = text_of(client.get("/"))
        health = client.get("/health").get_json()["scheduler"]
    assert (
        lv(
            "The scheduler is running, but its %(job)s failed at %(time)s: %(error)s",
            job=lv("reminder sweep"),
            time="17.09.2025. 10:00",
            error="broken: RuntimeError: the calls table is missing",
        )
        in page
    )
    assert health["status"] == "failing"
    assert health["last_failure"]["job"] == "sweep"
    assert "error" not in health["last_failure"]  # its text is for staff, not for anyone
    with app.app_context():  # the other rules did their work all the same
        assert db.session.scalars(sa.select(Outbox.kind)).all() == ["meeting_invitation"]
        from secretariat.reminders.rules import rules

        rules()["broken"].enabled = False
        db.session.commit()
    with time_machine.travel(failed_at + dt.timedelta(minutes=1), tick=False):
        _job(app, "sweep")()
        _job(app, "heartbeat")()
        page = text_of(client.get("/"))
        health = client.get("/health").get_json()["scheduler"]
    assert lv("reminder sweep") not in page
    assert health == {"heartbeat_age_seconds": 0, "status": "ok", "last_failure": None}


def test_make_run_tells_both_processes_where_links_point():
    import subprocess

    root = Path(__file__).resolve().parents[2]
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=5077", "VENV=.venv"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # one process serves the web and starts the scheduler, which inherits its environment
    serve = next(line for line in plan.splitlines() if "demo serve" in line)
    assert "PUBLIC_URL=http://127.0.0.1:5077" in serve and "--port 5077" in serve
