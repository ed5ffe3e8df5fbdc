"""conversations: victims' replies, opt-outs and satisfaction checks

Revision ID: 0016_conversations
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0016_conversations"
down_revision = "0001"
branch_labels = ("conversations",)
depends_on = None


def upgrade():
    op.create_table(
        "inbound_replies",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("provider_message_id", sa.String(length=255), nullable=False),
        sa.Column("sender", sa.String(length=254), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("sender_masked", sa.String(length=254), nullable=False),
        sa.Column("keyword", sa.String(length=16), nullable=True),
        sa.Column("message_id", sa.String(length=36), nullable=True),
        sa.Column("crime_reference", sa.String(length=40), nullable=True),
        sa.Column("other_references", sa.JSON(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("received_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("seen_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("notified_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("notify_attempts", sa.Integer(), nullable=False),
        sa.Column("notify_error", sa.Text(), nullable=True),
        sa.Column("purged_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], name=op.f("fk_inbound_replies_message_id_messages")),
        sa.ForeignKeyConstraint(["officer_id"], ["users.id"], name=op.f("fk_inbound_replies_officer_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_replies")),
        sa.UniqueConstraint("channel", "provider_message_id", name="uq_inbound_replies_channel_provider_id"),
    )
    for column in ("sender", "message_id", "crime_reference", "officer_id"):
        op.create_index(op.f(f"ix_inbound_replies_{column}"), "inbound_replies", [column], unique=False)
    op.create_table(
        "opt_outs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("address_masked", sa.String(length=254), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("word", sa.String(length=40), nullable=True),
        sa.Column("reply_id", sa.String(length=36), nullable=True),
        sa.Column("changed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["reply_id"], ["inbound_replies.id"], name=op.f("fk_opt_outs_reply_id_inbound_replies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opt_outs")),
        sa.UniqueConstraint("kind", "address", name="uq_opt_outs_kind_address"),
    )
    op.create_table(
        "satisfaction_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crime_reference", sa.String(length=40), nullable=False),
        sa.Column("closing_message_id", sa.String(length=36), nullable=False),
        sa.Column("check_message_id", sa.String(length=36), nullable=True),
        sa.Column("follow_up_message_id", sa.String(length=36), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("team", sa.String(length=120), nullable=True),
        sa.Column("district", sa.String(length=120), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("follow_up_answer", sa.Text(), nullable=True),
        sa.Column("sent_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["closing_message_id"], ["messages.id"],
                                name=op.f("fk_satisfaction_checks_closing_message_id_messages")),
        sa.ForeignKeyConstraint(["check_message_id"], ["messages.id"],
                                name=op.f("fk_satisfaction_checks_check_message_id_messages")),
        sa.ForeignKeyConstraint(["follow_up_message_id"], ["messages.id"],
                                name=op.f("fk_satisfaction_checks_follow_up_message_id_messages")),
        sa.ForeignKeyConstraint(["officer_id"], ["users.id"], name=op.f("fk_satisfaction_checks_officer_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_satisfaction_checks")),
        sa.UniqueConstraint("crime_reference", name=op.f("uq_satisfaction_checks_crime_reference")),
    )


def downgrade():
    op.drop_table("satisfaction_checks")
    op.drop_table("opt_outs")
    for column in ("sender", "message_id", "crime_reference", "officer_id"):
        op.drop_index(op.f(f"ix_inbound_replies_{column}"), table_name="inbound_replies")
    op.drop_table("inbound_replies")
