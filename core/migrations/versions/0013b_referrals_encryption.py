"""referrals encrypted at rest: the children's details and the PDFs sent with referrals

Turns referrals.data (children's names, dates of birth, schools, the voice of the child, the
circumstances) into Fernet ciphertext in a text column, and encrypts every stored message
attachment (a referral's PDF, a service's leaflet), with the keys of the engine running the
migration (core/crypto.py), as 0014_encryption does for messages.

Revision ID: 0013b_referrals_encryption
Revises: 0013_referrals
Create Date: 2026-12-02 03:30:00
"""

import json

import sqlalchemy as sa
from alembic import op

from core.crypto import keyring_of

revision = "0013b_referrals_encryption"
down_revision = "0013_referrals"
branch_labels = None
depends_on = None


def _referrals():
    return sa.table("referrals", sa.column("id"), sa.column("data", sa.Text()))


def _attachments():
    return sa.table("message_attachments", sa.column("id"), sa.column("data", sa.LargeBinary()))


def upgrade():
    bind = op.get_bind()
    ring = keyring_of(bind.dialect)
    with op.batch_alter_table("referrals") as batch:
        batch.alter_column("data", type_=sa.Text(), existing_type=sa.JSON(), existing_nullable=True,
                           postgresql_using="data::text")
    referrals = _referrals()
    for row in bind.execute(sa.select(referrals).where(referrals.c.data.is_not(None))).mappings().all():
        # JSON 'null' stored by the old column is no data at all.
        value = json.loads(row["data"])
        encrypted = None if value is None else ring.encrypt(json.dumps(value, ensure_ascii=False))
        bind.execute(referrals.update().where(referrals.c.id == row["id"]).values(data=encrypted))
    attachments = _attachments()
    for row in bind.execute(sa.select(attachments)).mappings().all():
        bind.execute(attachments.update().where(attachments.c.id == row["id"])
                     .values(data=ring.encrypt_bytes(row["data"])))


def downgrade():
    bind = op.get_bind()
    ring = keyring_of(bind.dialect)
    attachments = _attachments()
    for row in bind.execute(sa.select(attachments)).mappings().all():
        bind.execute(attachments.update().where(attachments.c.id == row["id"])
                     .values(data=ring.decrypt_bytes(row["data"])))
    referrals = _referrals()
    for row in bind.execute(sa.select(referrals).where(referrals.c.data.is_not(None))).mappings().all():
        bind.execute(referrals.update().where(referrals.c.id == row["id"]).values(data=ring.decrypt(row["data"])))
    with op.batch_alter_table("referrals") as batch:
        batch.alter_column("data", type_=sa.JSON(), existing_type=sa.Text(), existing_nullable=True,
                           postgresql_using="data::json")
