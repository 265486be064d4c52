"""the safeguarding lead's second-look list

Answers the screen did not flag but found close to a disclosure (its meaning
layer's probability between SECOND_LOOK and the threshold), found on sending
or when the answers are analysed, each waiting for the lead's decision: open a
case, or nothing to act on. No words are copied: a row goes with its response.

Revision ID: f1e2d3c4b5a6
Revises: a4c1d2e3f5b6
Create Date: 2026-12-07 01:05:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'f1e2d3c4b5a6'
down_revision = 'a4c1d2e3f5b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('second_look',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('audience', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('probability', sa.Float(), nullable=False),
    sa.Column('reason', sa.String(length=600), nullable=False),
    sa.Column('found', sa.String(length=20), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['case_id'], ['safeguarding_case.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('response_id', 'question_id')
    )
    with op.batch_alter_table('second_look', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_second_look_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_second_look_questionnaire_id'), ['questionnaire_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_second_look_decision'), ['decision'], unique=False)


def downgrade():
    with op.batch_alter_table('second_look', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_second_look_decision'))
        batch_op.drop_index(batch_op.f('ix_second_look_questionnaire_id'))
        batch_op.drop_index(batch_op.f('ix_second_look_created_at'))
    op.drop_table('second_look')
