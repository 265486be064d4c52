"""the meaning layer's finding kept as parts

A case the meaning layer flagged, and an answer on the second-look list, keep
its finding as data ({category, probability, similarity, exemplar}) beside the
English sentence, so the lead's pages can say it in the lead's language. Rows
stored before this have none (NULL) and show their sentence as it was.

Revision ID: c7d8e9f0a1b2
Revises: f1e2d3c4b5a6
Create Date: 2026-12-08 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'c7d8e9f0a1b2'
down_revision = 'f1e2d3c4b5a6'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    for table in ('safeguarding_case', 'second_look'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('meaning', JSON, nullable=True))


def downgrade():
    # Not in batch mode (see 5b7e2c1a9f40): SQLite 3.35+ drops a plain column in place,
    # where copying the table would trip the foreign keys that point at it.
    for table in ('second_look', 'safeguarding_case'):
        op.drop_column(table, 'meaning')
