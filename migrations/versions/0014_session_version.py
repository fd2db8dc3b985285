"""users carry a session generation: signing out ends every session of theirs, even a
copied session cookie

Revision ID: 0014_session_version
Revises: 0013_update_audience
Create Date: 2026-11-23 12:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0014_session_version"
down_revision = "0013_update_audience"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("session_version", server_default=None)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
