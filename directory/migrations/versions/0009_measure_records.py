"""measure records: the document's words apart from the team's, effective dates, focus areas, revisions

Revision ID: 0009_measure_records
Revises: 0008_content_translations
Create Date: 2026-11-30 15:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_measure_records'
down_revision = '0008_content_translations'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('measure') as batch_op:
        batch_op.add_column(sa.Column('document_text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('document_note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('progress_note_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('challenge') as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('measure_status_change') as batch_op:
        batch_op.add_column(sa.Column('effective_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_measure_status_change_effective_on'), ['effective_on'], unique=False)
    op.create_table('measure_focus_area',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('focus_area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['focus_area_id'], ['focus_area.id'], name=op.f('fk_measure_focus_area_focus_area_id_focus_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_measure_focus_area_measure_id_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'focus_area_id', name=op.f('pk_measure_focus_area'))
    )
    op.create_table('record_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('object_type', sa.String(length=30), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.String(length=64), nullable=False),
    sa.Column('actor_name', sa.String(length=300), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('changed_fields', sa.JSON(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_revision')),
    sa.UniqueConstraint('object_type', 'object_id', 'number', name=op.f('uq_record_revision_object_type'))
    )
    with op.batch_alter_table('record_revision') as batch_op:
        batch_op.create_index(batch_op.f('ix_record_revision_created_at'), ['created_at'], unique=False)

    # Existing data: the focus area moves to the link table; the wording was the document's (it could not be
    # edited); a note nobody in the team recorded is the document's; a recorded change took effect on the day
    # it was recorded.
    conn = op.get_bind()
    conn.execute(sa.text(
        "INSERT INTO measure_focus_area (measure_id, focus_area_id) "
        "SELECT id, focus_area_id FROM measure WHERE focus_area_id IS NOT NULL"))
    conn.execute(sa.text("UPDATE measure SET document_text = text"))
    conn.execute(sa.text(
        "UPDATE measure SET document_note = progress_note, progress_note = '' "
        "WHERE id NOT IN (SELECT measure_id FROM measure_status_change)"))
    for change_id, changed_at in conn.execute(sa.text("SELECT id, changed_at FROM measure_status_change")).all():
        day = changed_at.date() if hasattr(changed_at, 'date') else str(changed_at)[:10]
        conn.execute(sa.text("UPDATE measure_status_change SET effective_on = :day WHERE id = :id"),
                     {"day": day, "id": change_id})
    with op.batch_alter_table('measure') as batch_op:
        batch_op.drop_constraint('fk_measure_focus_area_id_focus_area', type_='foreignkey')
        batch_op.drop_column('focus_area_id')


def downgrade():
    with op.batch_alter_table('measure') as batch_op:
        batch_op.add_column(sa.Column('focus_area_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_measure_focus_area_id_focus_area', 'focus_area', ['focus_area_id'], ['id'],
                                    ondelete='SET NULL')
    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE measure SET focus_area_id = (SELECT MIN(focus_area_id) FROM measure_focus_area "
        "WHERE measure_focus_area.measure_id = measure.id)"))
    conn.execute(sa.text(
        "UPDATE measure SET progress_note = document_note WHERE progress_note = ''"))
    with op.batch_alter_table('record_revision') as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_revision_created_at'))
    op.drop_table('record_revision')
    op.drop_table('measure_focus_area')
    with op.batch_alter_table('measure_status_change') as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_status_change_effective_on'))
        batch_op.drop_column('effective_on')
    with op.batch_alter_table('challenge') as batch_op:
        batch_op.drop_column('archived_at')
    with op.batch_alter_table('measure') as batch_op:
        batch_op.drop_column('archived_at')
        batch_op.drop_column('progress_note_on')
        batch_op.drop_column('document_note')
        batch_op.drop_column('document_text')
