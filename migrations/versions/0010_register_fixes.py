"""register: other contacts, and normalised keys for free-text search and the field filter

Revision ID: 0010_register_fixes
Revises: 0007_documents
Create Date: 2026-11-24 09:00:00.000000

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_register_fixes'
down_revision = '0007_documents'
branch_labels = None
depends_on = None


def _key(text):
    """secretariat.core.text.search_key as it was when this migration was written."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('other_contacts', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('fields_key', sa.Text(), server_default='', nullable=False))

    organisations = sa.table(
        'organisations',
        sa.column('id', sa.Integer),
        sa.column('name', sa.String),
        sa.column('territory', sa.String),
        sa.column('region', sa.String),
        sa.column('fields_of_activity', sa.Text),
        sa.column('search_text', sa.Text),
        sa.column('fields_key', sa.Text),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(
            organisations.c.id,
            organisations.c.name,
            organisations.c.territory,
            organisations.c.region,
            organisations.c.fields_of_activity,
        )
    ).all()
    updates = [
        {
            'row_id': row.id,
            'search_text': "\n".join(_key(t) for t in (row.name, row.territory, row.region) if t),
            'fields_key': _key(row.fields_of_activity),
        }
        for row in rows
    ]
    if updates:
        conn.execute(
            organisations.update()
            .where(organisations.c.id == sa.bindparam('row_id'))
            .values(search_text=sa.bindparam('search_text'), fields_key=sa.bindparam('fields_key')),
            updates,
        )


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('fields_key')
        batch_op.drop_column('search_text')
        batch_op.drop_column('other_contacts')
