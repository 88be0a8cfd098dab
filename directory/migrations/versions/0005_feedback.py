"""feedback: suggestions, problem reports, offer verifications

Revision ID: 0005_feedback
Revises: 0004_curation
Create Date: 2026-11-26 07:25:52.680695

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_feedback'
down_revision = '0004_curation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offer_verification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Uuid(), nullable=False),
    sa.Column('verified_on', sa.Date(), nullable=False),
    sa.Column('verified_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_offer_verification_offer_id_offer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offer_verification'))
    )
    with op.batch_alter_table('offer_verification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offer_verification_offer_id'), ['offer_id'], unique=False)

    op.create_table('problem_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('offer_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('contact_email', sa.String(length=300), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=200), nullable=False),
    sa.Column('resolution_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_problem_report_offer_id_offer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_report'))
    )
    with op.batch_alter_table('problem_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_report_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_problem_report_state'), ['state'], unique=False)

    op.create_table('suggestion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('provider', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=100), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('contact_email', sa.String(length=300), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by', sa.String(length=200), nullable=False),
    sa.Column('reject_reason', sa.Text(), nullable=False),
    sa.Column('offer_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_suggestion_category_id_category'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_suggestion_offer_id_offer'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion'))
    )
    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestion_state'), ['state'], unique=False)



def downgrade():
    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestion_state'))

    op.drop_table('suggestion')
    with op.batch_alter_table('problem_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_report_state'))
        batch_op.drop_index(batch_op.f('ix_problem_report_offer_id'))

    op.drop_table('problem_report')
    with op.batch_alter_table('offer_verification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_verification_offer_id'))

    op.drop_table('offer_verification')
