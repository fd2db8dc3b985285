"""`secretariat demo load`: the seeds' 2025 meetings, loaded once however often it runs."""

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.meetings.models import Meeting

from .conftest import sign_in
from .helpers import text_of


def _counts(app):
    from secretariat.core.audit import AuditEvent

    with app.app_context():
        return {
            table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
            if table.name != AuditEvent.__tablename__
        }


def test_seed_demo_is_idempotent_and_prints_accounts(app, runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "admin@example.org" in first.output
    password = first.output.split("password")[-1].split()[0]
    counts = _counts(app)
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert password in second.output
    assert _counts(app) == counts


def test_seed_demo_has_the_2025_meetings(app, runner, client):
    result = runner.invoke(args=["demo", "load"])
    password = result.output.split("password")[-1].split()[0]
    with app.app_context():
        meetings = {m.local_start.date(): m for m in db.session.scalars(sa.select(Meeting))}
        jekabpils = meetings[dt.date(2025, 9, 3)]
        assert jekabpils.kind == "visiting_session"
        assert jekabpils.host_organisation.name == "Vidusdaugavas NVO centrs"
        assert len(jekabpils.agenda_items) == 3 and len(jekabpils.breakouts) == 4
        assert sorted(c.kind for c in jekabpils.conclusions) == [
            "finding",
            "finding",
            "issue",
            "issue",
        ]
        assert meetings[dt.date(2025, 9, 15)].participants_count == 90
        assert len(meetings[dt.date(2025, 10, 29)].breakouts) == 4
        assert meetings[dt.date(2025, 9, 24)].kind == "session"
        jekabpils_id, session_id = jekabpils.id, meetings[dt.date(2025, 9, 24)].id

    sign_in(client, "staff@example.org", password)  # setting up the second factor on the way
    assert client.get("/").status_code == 200
    page = text_of(client.get(f"/meetings/{jekabpils_id}"))
    assert "Sēlijas salas" in page and "BET" in page
    # 15 demo members: the secretary has no vote and one member was absent
    assert "PAR – 13 (A.Bērziņa, " in text_of(client.get(f"/meetings/{session_id}"))


def test_large_demo_generates_benchmark_data(app, runner):
    from secretariat.followups.models import Action
    from secretariat.meetings.models import Attendance
    from secretariat.organisations.models import Organisation

    result = runner.invoke(args=["demo", "load", "--scale", "large"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
        assert count(Organisation) >= 5000
        assert count(Attendance) >= 20000
        assert count(Action) >= 5000
        assert count(Meeting) >= 160


def test_no_demo_accounts_under_the_production_configuration(tmp_path, monkeypatch):
    from secretariat import create_app

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    app = create_app("production")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "production" in result.output


def test_demo_serve_starts_web_and_scheduler_and_says_how_to_sign_in_last(
    app, runner, database_url
):
    """What `make run` shows: the password, then the address; the scheduler runs beside the
    server and stops with it."""
    import json
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    assert runner.invoke(args=["demo", "load", "--quiet"]).exit_code == 0
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRETARIAT_INSTANCE": app.config["INSTANCE_DIR"],
        "SECRETARIAT_ENV": "development",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "secretariat", "demo", "serve", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        lines = []
        while not (lines and lines[-1].startswith("Open http://")):
            line = server.stdout.readline()
            assert line, f"the server stopped: {lines}"
            lines.append(line.rstrip("\n"))
        password = (Path(app.config["INSTANCE_DIR"]) / "demo-password.txt").read_text().strip()
        assert lines[-2].split() == ["password", password]
        address = lines[-1].split()[1]
        deadline = time.monotonic() + 60
        while True:  # the scheduler's first heartbeat, seen by the web server
            with urllib.request.urlopen(f"{address}/health", timeout=10) as answer:
                if json.load(answer)["scheduler"]["status"] == "ok":
                    break
            assert time.monotonic() < deadline, "no heartbeat from the scheduler"
            time.sleep(0.5)
        task = Path(f"/proc/{server.pid}/task/{server.pid}/children")
        children = [int(pid) for pid in task.read_text().split()]
        assert children, "the scheduler is not the server's child"
    finally:
        server.terminate()
        server.wait(timeout=15)
        server.stdout.close()
    for pid in children:
        for _ in range(100):
            if not Path(f"/proc/{pid}").exists() or "Z" in _state(pid):
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"the scheduler ({pid}) outlived the server")


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[0]
    except (FileNotFoundError, IndexError):
        return "Z"


def test_seed_demo_has_the_plan_report_and_delegated_task(app, runner, client):
    from secretariat.programmes.models import DelegatedTask, Plan

    runner.invoke(args=["demo", "load"])
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan))
        assert plan.title.startswith("Nacionālās identitātes, pilsoniskās sabiedrības")
        assert [len(d.goals) for d in plan.directions] == [3, 4, 2]
        [report] = plan.reports
        assert report.presented_on == dt.date(2021, 3, 31)
        assert report.meeting.local_start.date() == dt.date(2021, 3, 31)
        assert report.meeting.kind == "session" and len(report.conclusions) == 4
        named = [e for e in report.entries if "Ilustratīvs" not in e.title]
        assert "Latviešu valodas lietošanas veicināšanas programma „Bērnu žūrija”" in [
            e.title for e in named
        ]
        assert all(
            "Ilustratīvs" in m.result
            for d in plan.directions
            for g in d.goals
            for m in g.measures
            if m.title.startswith("Ilustratīvs")
        )
        task = db.session.scalar(sa.select(DelegatedTask))
        assert task.performer.name == "Zemgales nevalstisko organizāciju atbalsta centrs"
        assert (len(task.indicators), len(task.beneficiaries)) == (7, 10)
        assert task.report_status == "reviewed" and task.report_meeting_id == report.meeting_id
        plan_id, task_id = plan.id, task.id
    page = text_of(client.get(f"/programmes/plans/{plan_id}"))  # public: no account needed
    assert "49 pasākumi: īstenoti 38, nav finansējuma 10, atcelts 1" in page
    task_page = text_of(client.get(f"/programmes/tasks/{task_id}"))
    assert "2020 16 000,00 16 000,00" in task_page
