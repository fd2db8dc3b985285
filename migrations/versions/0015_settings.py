"""settings: facts about the installation kept in its database (first: that it holds demo
data, so no mail leaves for a real address)

Revision ID: 0015_settings
Revises: 0014_session_version
Create Date: 2026-12-06 08:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015_settings"
down_revision = "0014_session_version"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )


def downgrade():
    op.drop_table("settings")
