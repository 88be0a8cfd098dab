"""synonyms: synonym groups the team curates

Revision ID: 0006_synonyms
Revises: 0005_feedback
Create Date: 2026-11-26 08:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_synonyms'
down_revision = '0005_feedback'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('synonym_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_synonym_group'))
    )


def downgrade():
    op.drop_table('synonym_group')
