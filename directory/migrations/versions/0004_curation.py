"""curation: offer revisions and the audit log

Revision ID: 0004_curation
Revises: 0003_accounts
Create Date: 2026-11-26 07:25:35.726075

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_curation'
down_revision = '0003_accounts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.String(length=64), nullable=False),
    sa.Column('actor_name', sa.String(length=300), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('object_type', sa.String(length=30), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('object_label', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_audit_entry_object', ['object_type', 'object_id'], unique=False)

    op.create_table('offer_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.String(length=64), nullable=False),
    sa.Column('actor_name', sa.String(length=300), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('changed_fields', sa.JSON(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_offer_revision_offer_id_offer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offer_revision')),
    sa.UniqueConstraint('offer_id', 'number', name=op.f('uq_offer_revision_offer_id'))
    )
    with op.batch_alter_table('offer_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offer_revision_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_revision_offer_id'), ['offer_id'], unique=False)



    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_offer_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_offer_created_by_id_user_account'), 'user_account', ['created_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_offer_created_by_id_user_account'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_offer_created_by_id'))
        batch_op.drop_column('created_by_id')

    with op.batch_alter_table('offer_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_revision_offer_id'))
        batch_op.drop_index(batch_op.f('ix_offer_revision_created_at'))

    op.drop_table('offer_revision')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_object')
        batch_op.drop_index(batch_op.f('ix_audit_entry_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_actor_id'))

    op.drop_table('audit_entry')
