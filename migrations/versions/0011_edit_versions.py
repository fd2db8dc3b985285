"""agenda items, breakout groups, conclusions and decisions carry a version, so the second
of two simultaneous edits is refused instead of overwriting the first

Revision ID: 0011_edit_versions
Revises: 0010_register_fixes
Create Date: 2026-11-23 11:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0011_edit_versions"
down_revision = "0010_register_fixes"
branch_labels = None
depends_on = None

TABLES = ("agenda_items", "breakouts", "conclusions", "decisions")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("version", server_default=None)


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
