"""recorded victims encrypted at rest: names, numbers, email addresses and notes, with look-up hashes

Widens the victims' name, number, email address and times to avoid to text and adds the keyed
hashes of the number and address (phone_hash, email_hash, for look-ups), then encrypts every
victim's details, every care-log rationale and every ring-back's notes already stored, with the
keys of the engine running the migration (core/crypto.py), as 0016b does for conversations.

Revision ID: 0011b_victims_encryption
Revises: 0011_victims
Create Date: 2026-12-02 04:05:00
"""

import sqlalchemy as sa
from alembic import op

from core.crypto import keyring_of

revision = "0011b_victims_encryption"
down_revision = "0011_victims"
branch_labels = None
depends_on = None

ENCRYPTED = {"victims": ("name", "phone", "email", "communication_needs", "plan_avoid"),
             "care_duties": ("rationale",), "ring_backs": ("notes", "follow_up")}
HASHES = {"phone": "phone_hash", "email": "email_hash"}
WIDENED = {"name": (sa.String(length=120), False), "phone": (sa.String(length=40), True),
           "email": (sa.String(length=254), True), "plan_avoid": (sa.String(length=200), True)}


def _table(table_name, columns, hashed):
    return sa.table(table_name, sa.column("id"), *(sa.column(c, sa.Text()) for c in columns),
                    *([sa.column(h, sa.String()) for h in HASHES.values()] if hashed else []))


def upgrade():
    bind = op.get_bind()
    ring = keyring_of(bind.dialect)
    with op.batch_alter_table("victims") as batch:
        for column, (old_type, nullable) in WIDENED.items():
            batch.alter_column(column, type_=sa.Text(), existing_type=old_type, existing_nullable=nullable)
        for hash_column in HASHES.values():
            batch.add_column(sa.Column(hash_column, sa.String(length=64), nullable=True))
            batch.create_index(f"ix_victims_{hash_column}", [hash_column])
    for table_name, columns in ENCRYPTED.items():
        hashed = table_name == "victims"
        table = _table(table_name, columns, hashed)
        for row in bind.execute(sa.select(table)).mappings().all():
            values = {c: ring.encrypt(row[c]) for c in columns if row[c] is not None}
            if hashed:
                values.update({h: ring.lookup_hash(row[c]) for c, h in HASHES.items()})
            if values:
                bind.execute(table.update().where(table.c.id == row["id"]).values(**values))


def downgrade():
    bind = op.get_bind()
    ring = keyring_of(bind.dialect)
    for table_name, columns in ENCRYPTED.items():
        table = _table(table_name, columns, False)
        for row in bind.execute(sa.select(table)).mappings().all():
            values = {c: ring.decrypt(row[c]) for c in columns if row[c] is not None}
            if values:
                bind.execute(table.update().where(table.c.id == row["id"]).values(**values))
    with op.batch_alter_table("victims") as batch:
        for hash_column in HASHES.values():
            batch.drop_index(f"ix_victims_{hash_column}")
            batch.drop_column(hash_column)
        for column, (old_type, nullable) in WIDENED.items():
            batch.alter_column(column, type_=old_type, existing_type=sa.Text(), existing_nullable=nullable)
