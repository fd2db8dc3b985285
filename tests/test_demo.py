"""`secretariat demo load`: the seeds' 2025 meetings, loaded once however often it runs."""

import datetime as dt

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

    assert sign_in(client, "staff@example.org", password).status_code == 302
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
