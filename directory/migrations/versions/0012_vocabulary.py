"""vocabulary: the multilingual concepts the search reads queries with

Revision ID: 0012_vocabulary
Revises: 0009_measure_records
Create Date: 2026-11-30 15:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_vocabulary'
down_revision = '0009_measure_records'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('vocabulary_concept',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('implies', sa.JSON(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vocabulary_concept')),
    sa.UniqueConstraint('key', name=op.f('uq_vocabulary_concept_key'))
    )


def downgrade():
    op.drop_table('vocabulary_concept')
