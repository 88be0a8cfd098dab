"""search: zero-result queries

Revision ID: 0002_search
Revises: 0001
Create Date: 2026-11-26 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_search'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('zero_result_query',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('query', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zero_result_query'))
    )
    with op.batch_alter_table('zero_result_query', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zero_result_query_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('zero_result_query', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zero_result_query_created_at'))

    op.drop_table('zero_result_query')
