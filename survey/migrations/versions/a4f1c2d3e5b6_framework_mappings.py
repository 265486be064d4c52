"""framework mappings as data

An analysed answer's framework mappings were fixed columns: ``uncrc`` (article numbers) and
``outcomes`` ({shanarri, ecm, local}). A council now configures any number of frameworks
(FRAMEWORKS_DIR), so they become one ``mappings`` column, {framework id: [item ids]}; the
earlier rows' ids are moved into it (``local`` is the framework ``outcomes``).

Revision ID: a4f1c2d3e5b6
Revises: e2a7d9c41b38
Create Date: 2026-12-06 17:30:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'a4f1c2d3e5b6'
down_revision = 'e2a7d9c41b38'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
OLD_KEYS = {'shanarri': 'shanarri', 'ecm': 'ecm', 'local': 'outcomes'}
BATCH = 2000


def _table(*names):
    return sa.table('analysis_record', sa.column('id', sa.Integer), *(sa.column(n, JSON) for n in names))


def _move(read, write, convert):
    """Rewrite every row, a batch at a time (ids ascending), from ``read`` columns to ``write``."""
    bind = op.get_bind()
    source, target = _table(*read), _table(write)
    last = 0
    while True:
        rows = bind.execute(
            sa.select(source).where(source.c.id > last).order_by(source.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            bind.execute(
                target.update().where(target.c.id == row.id).values({write: convert(row)})
            )
        last = rows[-1].id


def _to_mappings(row):
    out = {'uncrc': list(row.uncrc or [])}
    for old, new in OLD_KEYS.items():
        out[new] = list((row.outcomes or {}).get(old) or [])
    return {k: v for k, v in out.items() if v}


def upgrade():
    with op.batch_alter_table('analysis_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mappings', JSON, nullable=False, server_default='{}'))
    _move(('uncrc', 'outcomes'), 'mappings', _to_mappings)
    # Not in batch mode: SQLite 3.35+ drops a plain column in place (docs: language migration).
    op.drop_column('analysis_record', 'outcomes')
    op.drop_column('analysis_record', 'uncrc')


def downgrade():
    with op.batch_alter_table('analysis_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uncrc', JSON, nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('outcomes', JSON, nullable=False, server_default='{}'))
    _move(('mappings',), 'uncrc', lambda row: list((row.mappings or {}).get('uncrc') or []))
    _move(
        ('mappings',),
        'outcomes',
        lambda row: {old: list((row.mappings or {}).get(new) or []) for old, new in OLD_KEYS.items()},
    )
    op.drop_column('analysis_record', 'mappings')
