"""what outside clients read: each meeting remembers its calendar UID and its last change,
and a monthly update its last edit after publishing

Meetings from before this revision keep the UID their invitees' calendars hold
(meeting-<id>@secretariat); new meetings get one with PUBLIC_URL's domain.

Revision ID: 0017_standards
Revises: 0016_programmes
Create Date: 2026-12-06 08:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0017_standards"
down_revision = "0016_programmes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("calendar_uid", sa.String(length=255), nullable=True))
    meetings = sa.table(
        "meetings",
        sa.column("id", sa.Integer),
        sa.column("created_at", sa.DateTime()),
        sa.column("updated_at", sa.DateTime()),
        sa.column("calendar_uid", sa.String),
    )
    # the UID every invitation and feed has carried so far, so calendars update their events
    # instead of adding second ones
    op.execute(
        meetings.update().values(
            updated_at=meetings.c.created_at,
            calendar_uid=sa.literal("meeting-")
            + sa.cast(meetings.c.id, sa.String)
            + sa.literal("@secretariat"),
        )
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.alter_column("updated_at", nullable=False)
        batch_op.alter_column("calendar_uid", nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_meetings_calendar_uid"), ["calendar_uid"])
    with op.batch_alter_table("monthly_updates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("monthly_updates", schema=None) as batch_op:
        batch_op.drop_column("edited_at")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_meetings_calendar_uid"), type_="unique")
        batch_op.drop_column("calendar_uid")
        batch_op.drop_column("updated_at")
