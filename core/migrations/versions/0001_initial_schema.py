"""initial schema: users, messages, records outbox, audit chronology, sandbox

Revision ID: 0001
Revises:
Create Date: 2026-11-22 12:13:35.100964
"""

import sqlalchemy as sa
from alembic import op

import core.db


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('audit_chronology',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('crime_reference', sa.String(length=40), nullable=False),
    sa.Column('entry_type', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('english_text', sa.Text(), nullable=True),
    sa.Column('author', sa.String(length=254), nullable=False),
    sa.Column('occurred_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('written_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chronology')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_audit_chronology_entry_id'))
    )
    with op.batch_alter_table('audit_chronology', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_chronology_crime_reference'), ['crime_reference'], unique=False)

    op.create_table('sandbox_captures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=True),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('text_direction', sa.String(length=3), nullable=False),
    sa.Column('attachments', sa.JSON(), nullable=True),
    sa.Column('captured_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sandbox_captures')),
    sa.UniqueConstraint('message_id', name=op.f('uq_sandbox_captures_message_id'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('messages',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('crime_reference', sa.String(length=40), nullable=False),
    sa.Column('template_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('channel', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=True),
    sa.Column('recipient_masked', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('english_body', sa.Text(), nullable=True),
    sa.Column('fields', sa.JSON(), nullable=True),
    sa.Column('segments', sa.Integer(), nullable=True),
    sa.Column('encoding', sa.String(length=10), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('failure_reason', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('provider_reference', sa.String(length=128), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('next_attempt_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claimed_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failed_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('purged_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_messages_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_messages_idempotency_key'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_crime_reference'), ['crime_reference'], unique=False)
        batch_op.create_index('ix_messages_status_next_attempt', ['status', 'next_attempt_at'], unique=False)

    op.create_table('message_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_message_attachments_message_id_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_attachments'))
    )
    with op.batch_alter_table('message_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_attachments_message_id'), ['message_id'], unique=False)

    op.create_table('records_entries',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('crime_reference', sa.String(length=40), nullable=False),
    sa.Column('entry_type', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('english_text', sa.Text(), nullable=True),
    sa.Column('author', sa.String(length=254), nullable=False),
    sa.Column('message_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_records_entries_message_id_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_records_entries'))
    )
    with op.batch_alter_table('records_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_records_entries_crime_reference'), ['crime_reference'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_entries_message_id'), ['message_id'], unique=False)

    op.create_table('records_writes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('writer', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=128), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('next_attempt_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claimed_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('written_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['records_entries.id'], name=op.f('fk_records_writes_entry_id_records_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_records_writes')),
    sa.UniqueConstraint('entry_id', 'writer', name='uq_records_writes_entry_writer')
    )
    with op.batch_alter_table('records_writes', schema=None) as batch_op:
        batch_op.create_index('ix_records_writes_status_next_attempt', ['status', 'next_attempt_at'], unique=False)




def downgrade():
    with op.batch_alter_table('message_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_attachments_message_id'))

    op.drop_table('message_attachments')
    
    with op.batch_alter_table('records_writes', schema=None) as batch_op:
        batch_op.drop_index('ix_records_writes_status_next_attempt')

    op.drop_table('records_writes')
    with op.batch_alter_table('records_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_records_entries_message_id'))
        batch_op.drop_index(batch_op.f('ix_records_entries_crime_reference'))

    op.drop_table('records_entries')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_status_next_attempt')
        batch_op.drop_index(batch_op.f('ix_messages_crime_reference'))

    op.drop_table('messages')
    op.drop_table('users')
    op.drop_table('sandbox_captures')
    with op.batch_alter_table('audit_chronology', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_chronology_crime_reference'))

    op.drop_table('audit_chronology')

