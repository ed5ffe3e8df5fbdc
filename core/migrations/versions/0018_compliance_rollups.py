"""compliance and usage rollups (outcomes per victim, daily counts), updated_at for incremental refresh, indexes

Revision ID: 0018_compliance_rollups
Revises: 0012_teams
Create Date: 2026-12-02 07:30:00

The tables start empty: the first refresh (the dispatcher, ``mad report``, or the first dashboard
view) builds them from the raw tables.
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0018_compliance_rollups"
down_revision = "0012_teams"
branch_labels = None
depends_on = ("0011_victims", "0016_conversations")

RIGHTS = ("right_1", "right_3", "right_4", "right_5", "right_6", "right_7")
STATUSES = ("met", "rationale", "unexplained", "not_applicable", "pending")
UPDATE_BANDS = ("same_day", "1_day", "2_5_days", "6_10_days", "over_10_days", "none")


def upgrade():
    op.create_table(
        "compliance_outcomes",
        sa.Column("victim_id", sa.String(length=36), nullable=False),
        sa.Column("crime_reference", sa.String(length=40), nullable=False),
        sa.Column("officer", sa.String(length=120), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("team", sa.String(length=80), nullable=False),
        sa.Column("district", sa.String(length=80), nullable=False),
        sa.Column("crime_type", sa.String(length=32), nullable=False),
        sa.Column("enhanced", sa.Boolean(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        *[sa.Column(right, sa.String(length=16), nullable=False) for right in RIGHTS],
        *[sa.Column(f"{right}_reason", sa.String(length=32), nullable=False) for right in RIGHTS],
        sa.Column("first_update_days", sa.Integer(), nullable=True),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("victim_id", name=op.f("pk_compliance_outcomes")),
    )
    op.create_index("ix_compliance_outcomes_recorded_on_team", "compliance_outcomes", ["recorded_on", "team"])
    op.create_index("ix_compliance_outcomes_officer_id_recorded_on", "compliance_outcomes",
                    ["officer_id", "recorded_on"])
    op.create_index("ix_compliance_outcomes_pending_computed_on", "compliance_outcomes", ["pending", "computed_on"])
    op.create_table(
        "compliance_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("team", sa.String(length=80), nullable=False),
        sa.Column("district", sa.String(length=80), nullable=False),
        sa.Column("crime_type", sa.String(length=32), nullable=False),
        sa.Column("enhanced", sa.Boolean(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("victims", sa.Integer(), nullable=False),
        *[sa.Column(f"{right}_{status}", sa.Integer(), nullable=False) for right in RIGHTS for status in STATUSES],
        *[sa.Column(f"first_update_{band}", sa.Integer(), nullable=False) for band in UPDATE_BANDS],
        sa.PrimaryKeyConstraint("day", "team", "district", "crime_type", "enhanced", name=op.f("pk_compliance_daily")),
    )
    op.create_index("ix_compliance_daily_team_day", "compliance_daily", ["team", "day"])
    op.create_table(
        "usage_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("team", sa.String(length=80), nullable=False),
        sa.Column("district", sa.String(length=80), nullable=False),
        sa.Column("breakdown", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "team", "district", "breakdown", "value", name=op.f("pk_usage_daily")),
    )
    op.create_index("ix_usage_daily_team_day", "usage_daily", ["team", "day"])
    op.create_table(
        "rollup_state",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("refreshed_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("teams", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_rollup_state")),
    )
    for table in ("messages", "victims", "care_duties"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=True))
            batch_op.create_index(batch_op.f(f"ix_{table}_updated_at"), ["updated_at"], unique=False)
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index("ix_messages_created_at", ["created_at"], unique=False)
        batch_op.create_index("ix_messages_created_by_id_created_at", ["created_by_id", "created_at"], unique=False)
    with op.batch_alter_table("victims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_victims_recorded_on"), ["recorded_on"], unique=False)
    with op.batch_alter_table("victim_contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_victim_contacts_created_at"), ["created_at"], unique=False)
    with op.batch_alter_table("satisfaction_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_satisfaction_checks_answered_at"), ["answered_at"], unique=False)


def downgrade():
    with op.batch_alter_table("satisfaction_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_satisfaction_checks_answered_at"))
    with op.batch_alter_table("victim_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_victim_contacts_created_at"))
    with op.batch_alter_table("victims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_victims_recorded_on"))
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_created_by_id_created_at")
        batch_op.drop_index("ix_messages_created_at")
    for table in ("care_duties", "victims", "messages"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_updated_at"))
            batch_op.drop_column("updated_at")
    op.drop_table("rollup_state")
    op.drop_index("ix_usage_daily_team_day", table_name="usage_daily")
    op.drop_table("usage_daily")
    op.drop_index("ix_compliance_daily_team_day", table_name="compliance_daily")
    op.drop_table("compliance_daily")
    op.drop_index("ix_compliance_outcomes_pending_computed_on", table_name="compliance_outcomes")
    op.drop_index("ix_compliance_outcomes_officer_id_recorded_on", table_name="compliance_outcomes")
    op.drop_index("ix_compliance_outcomes_recorded_on_team", table_name="compliance_outcomes")
    op.drop_table("compliance_outcomes")
