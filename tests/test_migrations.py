"""Migrations: one head, upgrade from empty, and the models never drift from them."""

import flask_migrate
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from secretariat import MIGRATIONS_DIR, create_app
from secretariat.extensions import db

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
                    conn, opts={"compare_type": True, "render_as_batch": True}
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
