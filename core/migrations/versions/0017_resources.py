"""resources library (texts per language, attachments, changes, sends) sections prepared ahead, referrals to the commissioned service

Revision ID: 0017_resources
Revises: 0001
Create Date: 2026-12-02 03:30:00
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0017_resources"
down_revision = "0001"
branch_labels = ("resources",)
depends_on = None


def _changes_table(name, key):
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(key, sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("changed_by", sa.String(length=254), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["changed_by_id"], ["users.id"], name=op.f(f"fk_{name}_changed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_{key}"), [key], unique=False)


def upgrade():
    op.create_table(
        "resources",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("crime_types", sa.JSON(), nullable=False),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("review_due_on", sa.Date(), nullable=True),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resources")),
    )
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resources_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_resources_review_due_on"), ["review_due_on"], unique=False)
    op.create_table(
        "resource_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["resource_id"], ["resources.id"], ondelete="CASCADE",
                                name=op.f("fk_resource_attachments_resource_id_resources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_attachments")),
    )
    with op.batch_alter_table("resource_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resource_attachments_resource_id"), ["resource_id"], unique=False)
    _changes_table("resource_changes", "resource_id")
    op.create_table(
        "resource_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.Column("resource_id", sa.String(length=64), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("sent_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], name=op.f("fk_resource_sends_message_id_messages")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_sends")),
        sa.UniqueConstraint("message_id", name=op.f("uq_resource_sends_message_id")),
    )
    with op.batch_alter_table("resource_sends", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resource_sends_resource_id"), ["resource_id"], unique=False)
    op.create_table(
        "sections",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("guidance", sa.Text(), nullable=False),
        sa.Column("template_ids", sa.JSON(), nullable=False),
        sa.Column("resource_ids", sa.JSON(), nullable=False),
        sa.Column("service_ids", sa.JSON(), nullable=False),
        sa.Column("live_from", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("retired_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sections")),
    )
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sections_live_from"), ["live_from"], unique=False)
    _changes_table("section_changes", "section_id")
    op.create_table(
        "partner_referrals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("crime_reference", sa.String(length=40), nullable=False),
        sa.Column("victim_name", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("needs", sa.Text(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("made_by", sa.String(length=254), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("made_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["made_by_id"], ["users.id"], name=op.f("fk_partner_referrals_made_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_referrals")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_partner_referrals_idempotency_key")),
    )
    with op.batch_alter_table("partner_referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_referrals_crime_reference"), ["crime_reference"], unique=False)
        batch_op.create_index(batch_op.f("ix_partner_referrals_status"), ["status"], unique=False)
    op.create_table(
        "partner_referral_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("changed_by", sa.String(length=254), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["referral_id"], ["partner_referrals.id"], ondelete="CASCADE",
                                name=op.f("fk_partner_referral_changes_referral_id_partner_referrals")),
        sa.ForeignKeyConstraint(["changed_by_id"], ["users.id"],
                                name=op.f("fk_partner_referral_changes_changed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_referral_changes")),
    )
    with op.batch_alter_table("partner_referral_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_referral_changes_referral_id"), ["referral_id"], unique=False)


def downgrade():
    op.drop_table("partner_referral_changes")
    op.drop_table("partner_referrals")
    op.drop_table("section_changes")
    op.drop_table("sections")
    op.drop_table("resource_sends")
    op.drop_table("resource_changes")
    op.drop_table("resource_attachments")
    op.drop_table("resources")
