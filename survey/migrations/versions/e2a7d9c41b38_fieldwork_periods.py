"""fieldwork periods

Revision ID: e2a7d9c41b38
Revises: fc4043ccdaa3
Create Date: 2026-12-06 15:25:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'e2a7d9c41b38'
down_revision = 'fc4043ccdaa3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fieldwork_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('fieldwork_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fieldwork_period_questionnaire_id'), ['questionnaire_id'], unique=False)


def downgrade():
    with op.batch_alter_table('fieldwork_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fieldwork_period_questionnaire_id'))
    op.drop_table('fieldwork_period')
