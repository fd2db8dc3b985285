"""organisations indexed by region, kind and status: a meeting's page lists the municipalities'
contacts of its region and counts the region's active NGOs, which read every organisation
without it

Revision ID: 0022_region_index
Revises: 0021_search
Create Date: 2026-12-06 12:00:00

"""

from alembic import op

revision = "0022_region_index"
down_revision = "0021_search"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_organisations_region_kind_status", "organisations", ["region", "kind", "status"])


def downgrade():
    op.drop_index("ix_organisations_region_kind_status", table_name="organisations")
