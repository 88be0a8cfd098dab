"""real offers: provenance of researched entries, location precision, suggested links

Revision ID: 0007_real_offers
Revises: 0006_synonyms
Create Date: 2026-11-30 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_real_offers'
down_revision = '0006_synonyms'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('offer') as batch_op:
        batch_op.add_column(sa.Column('sources', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('source_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('researched_on', sa.Date(), nullable=True))
        batch_op.alter_column('registration_required', existing_type=sa.Boolean(), nullable=True)
    with op.batch_alter_table('place') as batch_op:
        batch_op.add_column(sa.Column('location_precision', sa.String(length=20), nullable=True))
    op.create_table('offer_challenge_suggestion',
    sa.Column('offer_id', sa.Uuid(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenge.id'], name=op.f('fk_offer_challenge_suggestion_challenge_id_challenge'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_offer_challenge_suggestion_offer_id_offer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'challenge_id', name=op.f('pk_offer_challenge_suggestion'))
    )
    op.create_table('measure_offer_suggestion',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_measure_offer_suggestion_measure_id_measure'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_measure_offer_suggestion_offer_id_offer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'offer_id', name=op.f('pk_measure_offer_suggestion'))
    )


def downgrade():
    op.drop_table('measure_offer_suggestion')
    op.drop_table('offer_challenge_suggestion')
    with op.batch_alter_table('place') as batch_op:
        batch_op.drop_column('location_precision')
    with op.batch_alter_table('offer') as batch_op:
        batch_op.alter_column('registration_required', existing_type=sa.Boolean(), nullable=False)
        batch_op.drop_column('researched_on')
        batch_op.drop_column('source_date')
        batch_op.drop_column('sources')
