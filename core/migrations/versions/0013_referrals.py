"""referrals and their notifications; schools, local authorities and school holidays (Operation Encompass)

Revision ID: 0013_referrals
Revises: 0001
Create Date: 2026-12-02 02:10:00
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0013_referrals"
down_revision = "0001"
branch_labels = ("referrals",)
depends_on = None


def upgrade():
    op.create_table(
        "referrals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("type_name", sa.String(length=64), nullable=False),
        sa.Column("crime_reference", sa.String(length=40), nullable=False),
        sa.Column("district", sa.String(length=120), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("incident_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("due_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_name", sa.String(length=254), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("purged_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_referrals_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_referrals_idempotency_key")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referrals_crime_reference"), ["crime_reference"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_district"), ["district"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_created_at"), ["created_at"], unique=False)
    op.create_table(
        "referral_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.String(length=36), nullable=False),
        sa.Column("recipient_key", sa.String(length=64), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("recipient_kind", sa.String(length=32), nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], name=op.f("fk_referral_notifications_message_id_messages")),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"],
                                name=op.f("fk_referral_notifications_referral_id_referrals")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_notifications")),
        sa.UniqueConstraint("message_id", name=op.f("uq_referral_notifications_message_id")),
    )
    with op.batch_alter_table("referral_notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_notifications_referral_id"), ["referral_id"], unique=False)
    op.create_table(
        "schools",
        sa.Column("urn", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("establishment_type", sa.String(length=120), nullable=False),
        sa.Column("phase", sa.String(length=60), nullable=False),
        sa.Column("la_code", sa.String(length=10), nullable=False),
        sa.Column("la_name", sa.String(length=120), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("locality", sa.String(length=200), nullable=False),
        sa.Column("town", sa.String(length=120), nullable=False),
        sa.Column("postcode", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=60), nullable=False),
        sa.Column("dsl_email", sa.String(length=254), nullable=True),
        sa.Column("dsl_updated_by", sa.String(length=254), nullable=True),
        sa.Column("dsl_updated_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("imported_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("urn", name=op.f("pk_schools")),
    )
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schools_la_code"), ["la_code"], unique=False)
    op.create_table(
        "local_authorities",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("ehe_email", sa.String(length=254), nullable=True),
        sa.Column("updated_by", sa.String(length=254), nullable=True),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_local_authorities")),
    )
    op.create_table(
        "school_holidays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_holidays")),
    )


def downgrade():
    op.drop_table("school_holidays")
    op.drop_table("local_authorities")
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schools_la_code"))
    op.drop_table("schools")
    with op.batch_alter_table("referral_notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_notifications_referral_id"))
    op.drop_table("referral_notifications")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_created_at"))
        batch_op.drop_index(batch_op.f("ix_referrals_due_at"))
        batch_op.drop_index(batch_op.f("ix_referrals_district"))
        batch_op.drop_index(batch_op.f("ix_referrals_crime_reference"))
    op.drop_table("referrals")
