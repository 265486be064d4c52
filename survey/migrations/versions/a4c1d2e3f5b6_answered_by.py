"""who answered each answer of a section

A questionnaire may hand some pages to someone else (a parent carer's
questionnaire asks the child a few questions): those answers are stored with
their respondent's audience and age band, {question id: {audience, age_band}},
so they are screened, counted and exported as that person's. Empty for every
answer outside a section, and for responses stored before this.

Revision ID: a4c1d2e3f5b6
Revises: a4f1c2d3e5b6
Create Date: 2026-12-06 17:40:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'a4c1d2e3f5b6'
down_revision = "a4f1c2d3e5b6"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_by', JSON, nullable=False, server_default='{}'))


def downgrade():
    # Not in batch mode (see 5b7e2c1a9f40): SQLite 3.35+ drops a plain column in place.
    op.drop_column('response', 'answered_by')
