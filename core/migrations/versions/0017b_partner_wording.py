"""the commissioned service's own wording (templates a VSC approves, their changes, its sends), the victim a partner referral is for and when its details were cleared, a message's sender name

Revision ID: 0017b_partner_wording
Revises: 0017_resources
Create Date: 2026-12-02 07:20:00
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0017b_partner_wording"
down_revision = "0017_resources"
branch_labels = None
depends_on = ("0011_victims",)


def upgrade():
    op.create_table(
        "partner_templates",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("sms", sa.Text(), nullable=True),
        sa.Column("email_subject", sa.String(length=200), nullable=True),
        sa.Column("email_body", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_templates")),
    )
    with op.batch_alter_table("partner_templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_templates_status"), ["status"], unique=False)
    op.create_table(
        "partner_template_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("changed_by", sa.String(length=254), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["changed_by_id"], ["users.id"],
                                name=op.f("fk_partner_template_changes_changed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_template_changes")),
    )
    with op.batch_alter_table("partner_template_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_template_changes_template_id"), ["template_id"], unique=False)
    op.create_table(
        "partner_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.Column("referral_id", sa.String(length=36), nullable=False),
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("sent_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], name=op.f("fk_partner_sends_message_id_messages")),
        sa.ForeignKeyConstraint(["referral_id"], ["partner_referrals.id"], ondelete="CASCADE",
                                name=op.f("fk_partner_sends_referral_id_partner_referrals")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_sends")),
        sa.UniqueConstraint("message_id", name=op.f("uq_partner_sends_message_id")),
    )
    with op.batch_alter_table("partner_sends", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_sends_referral_id"), ["referral_id"], unique=False)
    with op.batch_alter_table("partner_referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("victim_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("purged_at", core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_partner_referrals_victim_id"), ["victim_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_partner_referrals_victim_id_victims"), "victims",
                                    ["victim_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sender_name", sa.String(length=60), nullable=True))


def downgrade():
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("sender_name")
    with op.batch_alter_table("partner_referrals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_partner_referrals_victim_id_victims"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_partner_referrals_victim_id"))
        batch_op.drop_column("victim_id")
        batch_op.drop_column("purged_at")
    op.drop_table("partner_sends")
    op.drop_table("partner_template_changes")
    op.drop_table("partner_templates")
