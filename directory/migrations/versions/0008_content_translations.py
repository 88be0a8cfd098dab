"""content translations: offer translations gain how-to-access, limitations, origin, revision and review;
translations of challenges, measures, categories and focus areas

Revision ID: 0008_content_translations
Revises: 0007_real_offers
Create Date: 2026-11-30 15:10:00.000000

Existing offer translations were typed in the back office: origin "team", made from an unknown German
revision (de_hash NULL), so they show as outdated until someone saves or reviews them against the German.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_content_translations'
down_revision = '0007_real_offers'
branch_labels = None
depends_on = None


def _record_columns():
    return [
        sa.Column('origin', sa.String(length=30), server_default='team', nullable=False),
        sa.Column('de_hash', sa.String(length=64), nullable=True),
        sa.Column('reviewed_by', sa.String(length=300), server_default='', nullable=False),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('translated_at', sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade():
    op.add_column('offer_translation', sa.Column('how_to_access', sa.Text(), server_default='', nullable=False))
    op.add_column('offer_translation', sa.Column('limitations', sa.Text(), server_default='', nullable=False))
    for column in _record_columns():
        op.add_column('offer_translation', column)
    op.create_table('content_translation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=30), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    *_record_columns(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_translation')),
    sa.UniqueConstraint('content_type', 'object_id', 'locale',
                        name=op.f('uq_content_translation_content_type')),
    )
    op.create_index('ix_content_translation_locale', 'content_translation', ['locale', 'content_type'], unique=False)


def downgrade():
    op.drop_index('ix_content_translation_locale', table_name='content_translation')
    op.drop_table('content_translation')
    with op.batch_alter_table('offer_translation') as batch_op:
        for name in ('translated_at', 'reviewed_at', 'reviewed_by', 'de_hash', 'origin', 'limitations',
                     'how_to_access'):
            batch_op.drop_column(name)
