"""the meeting day: bodies carry their quorum and majority rules; the attendance sheet has
its own version (saved in one submit); a decision taken without a quorum says why; minutes
record when the meeting was closed

Revision ID: 0020_meeting_day
Revises: 0019_people_accounts
Create Date: 2026-12-07 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0020_meeting_day"
down_revision = "0019_people_accounts"
branch_labels = None
depends_on = None

QUORUM_RULES = ("more_than_half", "at_least_half", "two_thirds", "none")
MAJORITY_RULES = ("more_for_than_against", "more_than_half_voting")


def _choice(name, values):
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(v) for v in values),
    )


def upgrade():
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "quorum_rule",
                _choice("body_quorum_rule", QUORUM_RULES),
                nullable=False,
                server_default="more_than_half",
            )
        )
        batch_op.add_column(
            sa.Column(
                "remote_members_count", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )
        batch_op.add_column(
            sa.Column("delegates_count", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column(
                "majority_rule",
                _choice("body_majority_rule", MAJORITY_RULES),
                nullable=False,
                server_default="more_for_than_against",
            )
        )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("attendance_version", sa.Integer(), nullable=False, server_default="1")
        )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("quorum_reason", sa.String(length=500), nullable=False, server_default="")
        )
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closing_time", sa.Time(), nullable=True))

    # the defaults were for the rows already there; new rows get theirs from the models
    for table, columns in (
        ("bodies", ("quorum_rule", "remote_members_count", "delegates_count", "majority_rule")),
        ("meetings", ("attendance_version",)),
        ("decisions", ("quorum_reason",)),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, server_default=None)


def downgrade():
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.drop_column("closing_time")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("quorum_reason")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("attendance_version")
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_bodies_body_majority_rule"), type_="check")
        batch_op.drop_constraint(op.f("ck_bodies_body_quorum_rule"), type_="check")
        batch_op.drop_column("majority_rule")
        batch_op.drop_column("delegates_count")
        batch_op.drop_column("remote_members_count")
        batch_op.drop_column("quorum_rule")
