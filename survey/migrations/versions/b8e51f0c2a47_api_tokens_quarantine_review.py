"""API tokens; how long a quarantined response took

Revision ID: b8e51f0c2a47
Revises: 5b7e2c1a9f40
Create Date: 2026-12-14 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8e51f0c2a47'
down_revision = '5b7e2c1a9f40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=64), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    # A plain ADD COLUMN (SQLite does it in place): no copy of the response table.
    op.add_column('response', sa.Column('fill_seconds', sa.Integer(), nullable=True))


def downgrade():
    # Not in batch mode, for the same reason as staff_user.failed_logins (SQLite 3.35+).
    op.drop_column('response', 'fill_seconds')
    op.drop_table('api_token')
