"""decisions carry their own visibility, never wider than their meeting's

Revision ID: 0005_decision_visibility
Revises: 0004_organisation_version
Create Date: 2026-11-23 10:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0005_decision_visibility"
down_revision = "0004_organisation_version"
branch_labels = None
depends_on = None

VISIBILITIES = ("internal", "members", "signatories", "public")


def upgrade():
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "visibility",
                sa.Enum(
                    *VISIBILITIES,
                    name="decision_visibility",
                    native_enum=False,
                    create_constraint=True,
                    length=11,
                ),
                nullable=False,
                server_default="internal",
            )
        )
    # a recorded decision was readable by whoever could read its meeting: keep it so
    op.execute(
        "UPDATE decisions SET visibility = "
        "(SELECT meetings.visibility FROM meetings WHERE meetings.id = decisions.meeting_id)"
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.alter_column("visibility", server_default=None)


def downgrade():
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_decisions_decision_visibility"), type_="check")
        batch_op.drop_column("visibility")
