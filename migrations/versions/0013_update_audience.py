"""monthly updates remember the audience their text was drafted for, so a draft is never
published more widely than what it may tell

Revision ID: 0013_update_audience
Revises: 0012_reminders_fixes
Create Date: 2026-11-23 11:55:33

"""

import sqlalchemy as sa
from alembic import op

revision = "0013_update_audience"
down_revision = "0012_reminders_fixes"
branch_labels = None
depends_on = None

VISIBILITIES = ("internal", "members", "signatories", "public")


def upgrade():
    with op.batch_alter_table("monthly_updates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "drafted_for",
                sa.Enum(
                    *VISIBILITIES,
                    name="update_drafted_for",
                    native_enum=False,
                    create_constraint=True,
                    length=11,
                ),
                nullable=False,
                server_default="public",
            )
        )
    # what exists was drafted for the audience it names today
    op.execute("UPDATE monthly_updates SET drafted_for = visibility")
    with op.batch_alter_table("monthly_updates", schema=None) as batch_op:
        batch_op.alter_column("drafted_for", server_default=None)


def downgrade():
    with op.batch_alter_table("monthly_updates", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_monthly_updates_update_drafted_for"), type_="check")
        batch_op.drop_column("drafted_for")
