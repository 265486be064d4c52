"""language per answered page

Each saved page records the language it was shown in ({page id: locale}) on
the draft and then on the response: a child may switch language mid-way, so
one language per response misdescribes what they read. Responses stored
before this have an empty map (their response-level locale still applies).

Revision ID: 5b7e2c1a9f40
Revises: 401575864308
Create Date: 2026-12-10 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '5b7e2c1a9f40'
down_revision = '401575864308'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    for table in ('draft', 'response'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('page_locales', JSON, nullable=False, server_default='{}')
            )


def downgrade():
    # Not in batch mode: on SQLite that would copy the table and drop the original, which
    # foreign keys (safeguarding cases, analysis records) refuse or cascade. SQLite 3.35+
    # drops a plain column in place.
    for table in ('response', 'draft'):
        op.drop_column(table, 'page_locales')
