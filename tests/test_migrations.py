"""Migrations: one head, upgrade from empty, and the models never drift from them."""

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from secretariat import MIGRATIONS_DIR, create_app
from secretariat.extensions import db
from secretariat.search.models import belongs_to_the_models

from .conftest import app_config, reset_schema


def _script() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS_DIR))


def test_single_head():
    assert len(_script().get_heads()) == 1


def test_upgrade_from_empty_then_no_drift(database_url, tmp_path, _schema):
    """Rebuild the schema from nothing with the migrations; the models must match it."""
    app = create_app(app_config(database_url, tmp_path))
    with app.app_context():
        try:
            reset_schema(db.engine)
            flask_migrate.upgrade()
            with db.engine.connect() as conn:
                context = MigrationContext.configure(
                    conn,
                    opts={
                        "compare_type": True,
                        "render_as_batch": True,
                        # SQLite's FTS5 tables, PostgreSQL's tsvector column (0021_search)
                        "include_name": belongs_to_the_models,
                    },
                )
                assert context.get_current_revision() == _script().get_current_head()
                diff = compare_metadata(context, db.metadata)
            assert diff == [], f"models differ from migrations: {diff}"
            tables = set(sa.inspect(db.engine).get_table_names())
            assert {
                "meetings",
                "agenda_items",
                "attendances",
                "decisions",
                "votes",
                "conclusions",
                "actions",
                "audit_events",
                "users",
            } <= tables
        finally:
            # leave the shared test database as the session fixture made it
            reset_schema(db.engine)
            flask_migrate.upgrade()
            db.engine.dispose()


def test_downgrade_to_empty_and_back(database_url, tmp_path, _schema):
    app = create_app(app_config(database_url, tmp_path))
    with app.app_context():
        try:
            flask_migrate.downgrade(revision="base")
            assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        finally:
            flask_migrate.upgrade()
            db.engine.dispose()


def test_each_migration_upgrades_a_database_holding_data(database_url, tmp_path, _schema):
    """Upgrade step by step with rows in the tables, as production will."""
    app = create_app(app_config(database_url, tmp_path))
    with app.app_context():
        try:
            reset_schema(db.engine)
            flask_migrate.upgrade(revision="0001_meetings_core")
            with db.engine.begin() as conn:
                conn.execute(
                    sa.text(
                        "INSERT INTO organisations (name, kind, legal_form, region, territory, "
                        "fields_of_activity, website, emails, phones, status, search_key, "
                        "created_at)"
                        " VALUES ('Biedrība Ābele', 'ngo', '', 'Rīga', '', '', '', '', '', "
                        "'active', 'biedriba abele', CURRENT_TIMESTAMP)"
                    )
                )
                conn.execute(
                    sa.text(
                        "INSERT INTO persons (name, title, emails, phones, search_key) "
                        "VALUES ('Anna Bērziņa', '', '', '', 'anna berzina')"
                    )
                )
            flask_migrate.upgrade()
            with db.engine.connect() as conn:
                assert conn.execute(sa.text("SELECT name FROM organisations")).scalar() == (
                    "Biedrība Ābele"
                )
                assert conn.execute(sa.text("SELECT count(*) FROM contacts")).scalar() == 0
        finally:
            reset_schema(db.engine)
            flask_migrate.upgrade()
            db.engine.dispose()


def _insert(conn, table: str, **values) -> int:
    """Insert one row, filling every required column the caller left out with a plain
    value of its type, so the test stays readable as later migrations add columns."""
    import datetime as dt

    for column in sa.inspect(conn).get_columns(table):
        name = column["name"]
        if name in values or name == "id" or column["nullable"] or column["default"]:
            continue
        kind = column["type"]
        if isinstance(kind, sa.Boolean):
            values[name] = False
        elif isinstance(kind, sa.Integer):
            values[name] = 1
        elif isinstance(kind, sa.DateTime):
            values[name] = dt.datetime(2025, 9, 24, 10, 0)
        elif isinstance(kind, sa.Date):
            values[name] = dt.date(2025, 9, 24)
        else:
            values[name] = ""
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    conn.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)
    return conn.execute(sa.text(f"SELECT max(id) FROM {table}")).scalar()


# the rows pointing at other rows; a table rebuilt by a migration must leave them as they were
_REFERENCES = {
    "votes": "decision_id",
    "decisions": "meeting_id",
    "agenda_items": "meeting_id",
    "attendances": "person_id",
    "conclusions": "meeting_id",
    "breakouts": "meeting_id",
    "actions": "decision_id",
    "action_updates": "user_id",
    "audit_events": "user_id",
    "minutes": "meeting_id",
}


def test_upgrading_keeps_every_row_and_reference(database_url, tmp_path, _schema):
    """Later migrations rebuild decisions, users and other tables on SQLite; votes, audit
    events and minutes pointing at them must survive with their references intact."""
    app = create_app(app_config(database_url, tmp_path))
    with app.app_context():
        try:
            reset_schema(db.engine)
            flask_migrate.upgrade(revision="0010_register_fixes")
            with db.engine.begin() as conn:
                user = _insert(conn, "users", email="anna@example.lv", role="staff", active=True)
                body = _insert(conn, "bodies", name="Padome", kind="council")
                person = _insert(conn, "persons", name="Anna Bērziņa")
                meeting = _insert(
                    conn,
                    "meetings",
                    body_id=body,
                    kind="session",
                    status="held",
                    visibility="public",
                    title="Padomes sēde",
                )
                item = _insert(conn, "agenda_items", meeting_id=meeting, position=1)
                decision = _insert(
                    conn,
                    "decisions",
                    meeting_id=meeting,
                    agenda_item_id=item,
                    visibility="public",
                    vote_mode="named",
                )
                _insert(conn, "votes", decision_id=decision, person_id=person, choice="for")
                _insert(conn, "attendances", meeting_id=meeting, person_id=person, mode="in_person")
                _insert(conn, "breakouts", meeting_id=meeting, position=1)
                conclusion = _insert(conn, "conclusions", meeting_id=meeting, kind="finding")
                action = _insert(
                    conn,
                    "actions",
                    meeting_id=meeting,
                    conclusion_id=conclusion,
                    decision_id=decision,
                    status="open",
                )
                _insert(conn, "action_updates", action_id=action, user_id=user)
                _insert(
                    conn,
                    "audit_events",
                    user_id=user,
                    object_type="Meeting",
                    object_id=meeting,
                    action="create",
                    changes="{}",
                )
                _insert(conn, "minutes", meeting_id=meeting, status="draft", visibility="members")
            with db.engine.connect() as conn:
                before = {
                    table: conn.execute(sa.text(f"SELECT id, {ref} FROM {table}")).all()
                    for table, ref in _REFERENCES.items()
                }
            flask_migrate.upgrade()
            with db.engine.connect() as conn:
                after = {
                    table: conn.execute(sa.text(f"SELECT id, {ref} FROM {table}")).all()
                    for table, ref in _REFERENCES.items()
                }
            assert all(before[table] for table in _REFERENCES)
            assert after == before
        finally:
            reset_schema(db.engine)
            flask_migrate.upgrade()
            db.engine.dispose()


def _columns(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(db.engine).get_columns(table)}


def test_a_failing_upgrade_leaves_the_database_as_it_was(database_url, tmp_path, _schema):
    """All migrations of one upgrade run in one transaction, DDL included (on SQLite too):
    when a later one fails, the earlier ones are undone with it."""
    app = create_app(app_config(database_url, tmp_path))
    with app.app_context():
        try:
            reset_schema(db.engine)
            flask_migrate.upgrade(revision="0010_register_fixes")
            with db.engine.begin() as conn:  # 0012 will try to create this table
                conn.execute(sa.text("CREATE TABLE signatory_call_plans (id INTEGER)"))
            with pytest.raises(sa.exc.DatabaseError):
                flask_migrate.upgrade()
            db.engine.dispose()
            with db.engine.connect() as conn:
                revision = MigrationContext.configure(conn).get_current_revision()
            assert revision == "0010_register_fixes"
            assert "version" not in _columns("decisions")  # 0011 was undone
        finally:
            reset_schema(db.engine)
            flask_migrate.upgrade()
            db.engine.dispose()


def test_rows_broken_before_the_upgrade_do_not_stop_it(tmp_path):
    """An SQLite database may already hold a reference to a missing row (written with
    foreign keys off): the upgrade goes on, and only what it would break is refused.
    PostgreSQL enforces foreign keys, so this runs on an SQLite file of its own."""
    app = create_app(app_config(f"sqlite:///{tmp_path / 'broken.db'}", tmp_path))
    with app.app_context():
        flask_migrate.upgrade(revision="0010_register_fixes")
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            _insert(conn, "votes", decision_id=99, person_id=98, choice="for")
            conn.commit()
        db.engine.dispose()
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT decision_id FROM votes")).all() == [(99,)]
        assert "version" in _columns("decisions")
        db.engine.dispose()


def test_meetings_from_before_0017_keep_the_calendar_uid_already_sent(
    database_url, tmp_path, _schema
):
    """Invitees' calendars hold meeting-<id>@secretariat: the same event must stay the same."""
    app = create_app(app_config(database_url, tmp_path))
    with app.app_context():
        try:
            reset_schema(db.engine)
            flask_migrate.upgrade(revision="0014_session_version")
            with db.engine.begin() as conn:
                body = _insert(conn, "bodies", name="Padome", kind="council")
                meeting = _insert(
                    conn,
                    "meetings",
                    body_id=body,
                    kind="session",
                    status="planned",
                    visibility="public",
                    title="Padomes sēde",
                )
            flask_migrate.upgrade()
            with db.engine.connect() as conn:
                uid, updated, created = conn.execute(
                    sa.text("SELECT calendar_uid, updated_at, created_at FROM meetings")
                ).one()
            assert uid == f"meeting-{meeting}@secretariat" and updated == created
        finally:
            reset_schema(db.engine)
            flask_migrate.upgrade()
            db.engine.dispose()


def test_0019_fills_the_directory_and_signs_staff_out_once(database_url, tmp_path, _schema):
    """People who sit on a body today become members in the directory, every person gets
    the text the directory searches, and staff sessions end once (to set up a second
    factor), members' do not."""
    app = create_app(app_config(database_url, tmp_path))
    with app.app_context():
        try:
            reset_schema(db.engine)
            flask_migrate.upgrade(revision="0015_settings")
            with db.engine.begin() as conn:
                staff = _insert(
                    conn,
                    "users",
                    email="s@example.lv",
                    role="staff",
                    active=True,
                    calendar_token="s",
                )
                member = _insert(
                    conn,
                    "users",
                    email="m@example.lv",
                    role="member",
                    active=True,
                    calendar_token="m",
                )
                body = _insert(conn, "bodies", name="Padome", kind="council")
                seated = _insert(conn, "persons", name="Anna Bērziņa", title="Valdes locekle")
                former = _insert(conn, "persons", name="Jānis Kalniņš")
                _insert(conn, "memberships", person_id=seated, body_id=body, position="member")
                _insert(
                    conn,
                    "memberships",
                    person_id=former,
                    body_id=body,
                    position="member",
                    end_on="2020-12-31",
                )
            flask_migrate.upgrade()
            with db.engine.connect() as conn:
                people = dict(conn.execute(sa.text("SELECT id, kind FROM persons")).all())
                text = conn.execute(
                    sa.text("SELECT search_text FROM persons WHERE id = :id"), {"id": seated}
                ).scalar()
                sessions = dict(
                    conn.execute(sa.text("SELECT id, session_version FROM users")).all()
                )
            assert people == {seated: "member", former: "other"}
            assert text == "anna berzina\nvaldes locekle"
            assert sessions == {staff: 2, member: 1}
        finally:
            reset_schema(db.engine)
            flask_migrate.upgrade()
            db.engine.dispose()
