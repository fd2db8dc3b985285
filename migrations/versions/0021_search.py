"""search everywhere: one index of every area's records with each database's own full-text
search (SQLite FTS5, PostgreSQL tsvector); the secretariat's activity report: targets and a
narrative per period; a row for each check against the Enterprise Register

The index starts empty: run `secretariat search rebuild` once after upgrading (`secretariat
demo load` does it for the demo).

Revision ID: 0021_search
Revises: 0020_meeting_day
Create Date: 2026-12-08 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0021_search"
down_revision = "0020_meeting_day"
branch_labels = None
depends_on = None

# SQLite: an FTS5 table whose content is search_entries (nothing stored twice), kept in step
# by triggers, so every way a row is written (the app, a backup restored) reaches it
SQLITE_UP = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='search_entries', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS search_entries_au",
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_fts",
)
# PostgreSQL: the words as a tsvector the database keeps itself, with a GIN index; the
# text is normalised already, so the 'simple' configuration (no stemming, no stop words)
POSTGRESQL_UP = (
    "ALTER TABLE search_entries ADD COLUMN terms_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms)) STORED",
    "CREATE INDEX ix_search_entries_terms_vector ON search_entries USING gin (terms_vector)",
)


def upgrade():
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("context", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
        sa.UniqueConstraint("kind", "record_id", name=op.f("uq_search_entries_kind_record_id")),
    )
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_entries_body_id"), ["body_id"], unique=False)
        batch_op.create_index(
            "ix_search_entries_visibility_kind", ["visibility", "kind"], unique=False
        )
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP}.get(dialect, ()):
        op.execute(statement)

    op.create_table(
        "activity_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "ends_on >= starts_on", name=op.f("ck_activity_periods_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["delegated_tasks.id"],
            name=op.f("fk_activity_periods_task_id_delegated_tasks"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_periods")),
        sa.UniqueConstraint("starts_on", "ends_on", name=op.f("uq_activity_periods_starts_on_ends_on")),
    )
    with op.batch_alter_table("activity_periods", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_periods_task_id"), ["task_id"], unique=False)

    op.create_table(
        "activity_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=40), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.CheckConstraint("target >= 0", name=op.f("ck_activity_targets_target_not_negative")),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["activity_periods.id"],
            name=op.f("fk_activity_targets_period_id_activity_periods"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_targets")),
        sa.UniqueConstraint("period_id", "indicator", name=op.f("uq_activity_targets_period_id_indicator")),
    )
    with op.batch_alter_table("activity_targets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_targets_period_id"), ["period_id"], unique=False
        )

    op.create_table(
        "register_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("compared", sa.Integer(), nullable=False),
        sa.Column("struck_off", sa.Integer(), nullable=False),
        sa.Column("renamed", sa.Integer(), nullable=False),
        sa.Column("not_found", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_checks")),
    )
    with op.batch_alter_table("register_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_register_checks_checked_at"), ["checked_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("register_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_checks_checked_at"))
    op.drop_table("register_checks")
    with op.batch_alter_table("activity_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_targets_period_id"))
    op.drop_table("activity_targets")
    with op.batch_alter_table("activity_periods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_periods_task_id"))
    op.drop_table("activity_periods")
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    # PostgreSQL's column and index go with their table
    op.drop_table("search_entries")
