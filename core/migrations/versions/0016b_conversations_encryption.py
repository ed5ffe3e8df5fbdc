"""conversations encrypted at rest: replies' senders and words, satisfaction answers, opt-outs as hashes

Widens inbound_replies.sender to text and adds its keyed hash (sender_hash, for look-ups), encrypts
every reply's sender and words and every follow-up answer already stored, and replaces each
opt-out's number or address by its keyed hash (address_hash), with the keys of the engine running
the migration (core/crypto.py), as 0014_encryption does for messages.

Revision ID: 0016b_conversations_encryption
Revises: 0016_conversations
Create Date: 2026-12-02 03:30:00
"""

import sqlalchemy as sa
from alembic import op

from core.crypto import keyring_of

revision = "0016b_conversations_encryption"
down_revision = "0016_conversations"
branch_labels = None
depends_on = None

ENCRYPTED = {"inbound_replies": ("sender", "body"), "satisfaction_checks": ("follow_up_answer",)}


def upgrade():
    bind = op.get_bind()
    ring = keyring_of(bind.dialect)
    op.drop_index("ix_inbound_replies_sender", table_name="inbound_replies")
    with op.batch_alter_table("inbound_replies") as batch:
        batch.alter_column("sender", type_=sa.Text(), existing_type=sa.String(length=254), existing_nullable=True)
        batch.add_column(sa.Column("sender_hash", sa.String(length=64), nullable=True))
        batch.create_index("ix_inbound_replies_sender_hash", ["sender_hash"])
    for table_name, columns in ENCRYPTED.items():
        hashed = table_name == "inbound_replies"
        table = sa.table(table_name, sa.column("id"), *(sa.column(c, sa.Text()) for c in columns),
                         *([sa.column("sender_hash", sa.String())] if hashed else []))
        for row in bind.execute(sa.select(table)).mappings().all():
            values = {c: ring.encrypt(row[c]) for c in columns if row[c] is not None}
            if hashed:
                values["sender_hash"] = ring.lookup_hash(row["sender"])
            if values:
                bind.execute(table.update().where(table.c.id == row["id"]).values(**values))

    with op.batch_alter_table("opt_outs") as batch:
        batch.add_column(sa.Column("address_hash", sa.String(length=64), nullable=True))
    opt_outs = sa.table("opt_outs", sa.column("id"), sa.column("address", sa.String()),
                        sa.column("address_hash", sa.String()))
    for row in bind.execute(sa.select(opt_outs)).mappings().all():
        bind.execute(opt_outs.update().where(opt_outs.c.id == row["id"])
                     .values(address_hash=ring.lookup_hash(row["address"])))
    with op.batch_alter_table("opt_outs") as batch:
        batch.drop_constraint("uq_opt_outs_kind_address", type_="unique")
        batch.drop_column("address")
        batch.alter_column("address_hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint("uq_opt_outs_kind_address_hash", ["kind", "address_hash"])


def downgrade():
    bind = op.get_bind()
    if bind.scalar(sa.select(sa.func.count()).select_from(sa.table("opt_outs"))):
        raise RuntimeError("Cannot go back before 0016b_conversations_encryption: opt-outs now keep only a hash "
                           "of the number or address, so going back would forget who replied STOP.")
    ring = keyring_of(bind.dialect)
    with op.batch_alter_table("opt_outs") as batch:
        batch.drop_constraint("uq_opt_outs_kind_address_hash", type_="unique")
        batch.drop_column("address_hash")
        batch.add_column(sa.Column("address", sa.String(length=254), nullable=False))
        batch.create_unique_constraint("uq_opt_outs_kind_address", ["kind", "address"])
    for table_name, columns in ENCRYPTED.items():
        table = sa.table(table_name, sa.column("id"), *(sa.column(c, sa.Text()) for c in columns))
        for row in bind.execute(sa.select(table)).mappings().all():
            values = {c: ring.decrypt(row[c]) for c in columns if row[c] is not None}
            if values:
                bind.execute(table.update().where(table.c.id == row["id"]).values(**values))
    with op.batch_alter_table("inbound_replies") as batch:
        batch.drop_index("ix_inbound_replies_sender_hash")
        batch.drop_column("sender_hash")
        batch.alter_column("sender", type_=sa.String(length=254), existing_type=sa.Text(), existing_nullable=True)
    op.create_index("ix_inbound_replies_sender", "inbound_replies", ["sender"], unique=False)
