"""encryption at rest: messages' and sandbox captures' contact details and text as Fernet ciphertext

Widens the columns to text, adds messages.recipient_hash (a keyed hash for look-ups) and encrypts
every value already stored, with the keys of the engine running the migration (core/crypto.py).

Revision ID: 0014_encryption
Revises: 0014_security
Create Date: 2026-12-02 02:40:00
"""


import sqlalchemy as sa
from alembic import op

from core.crypto import keyring_of

revision = "0014_encryption"
down_revision = "0014_security"
branch_labels = None
depends_on = None

ENCRYPTED = {"messages": ("recipient", "subject", "body", "body_html", "english_body", "fields"),
             "sandbox_captures": ("recipient", "subject", "body", "body_html")}


def upgrade():
    bind = op.get_bind()
    with op.batch_alter_table("messages") as batch:
        batch.alter_column("recipient", type_=sa.Text(), existing_type=sa.String(length=254), existing_nullable=True)
        batch.alter_column("fields", type_=sa.Text(), existing_type=sa.JSON(), existing_nullable=True,
                           postgresql_using="fields::text")
        batch.add_column(sa.Column("recipient_hash", sa.String(length=64), nullable=True))
        batch.create_index("ix_messages_recipient_hash", ["recipient_hash"])
    with op.batch_alter_table("sandbox_captures") as batch:
        batch.alter_column("recipient", type_=sa.Text(), existing_type=sa.String(length=254), existing_nullable=True)
    ring = keyring_of(bind.dialect)
    for table_name, columns in ENCRYPTED.items():
        table = sa.table(table_name, sa.column("id"), *(sa.column(c, sa.Text()) for c in columns),
                         *([sa.column("recipient_hash", sa.String())] if table_name == "messages" else []))
        for row in bind.execute(sa.select(table)).mappings().all():
            values = {c: ring.encrypt(row[c]) for c in columns if row[c] is not None}
            if table_name == "messages":
                values["recipient_hash"] = ring.lookup_hash(row["recipient"])
            if values:
                bind.execute(table.update().where(table.c.id == row["id"]).values(**values))


def downgrade():
    bind = op.get_bind()
    ring = keyring_of(bind.dialect)
    for table_name, columns in ENCRYPTED.items():
        table = sa.table(table_name, sa.column("id"), *(sa.column(c, sa.Text()) for c in columns))
        for row in bind.execute(sa.select(table)).mappings().all():
            values = {c: ring.decrypt(row[c]) for c in columns if row[c] is not None}
            if values:
                bind.execute(table.update().where(table.c.id == row["id"]).values(**values))
    with op.batch_alter_table("sandbox_captures") as batch:
        batch.alter_column("recipient", type_=sa.String(length=254), existing_type=sa.Text(), existing_nullable=True)
    with op.batch_alter_table("messages") as batch:
        batch.drop_index("ix_messages_recipient_hash")
        batch.drop_column("recipient_hash")
        batch.alter_column("fields", type_=sa.JSON(), existing_type=sa.Text(), existing_nullable=True,
                           postgresql_using="fields::json")
        batch.alter_column("recipient", type_=sa.String(length=254), existing_type=sa.Text(), existing_nullable=True)
