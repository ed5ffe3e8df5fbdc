"""service directory: organisations, services, leaflets, change history, out-of-date reports

Revision ID: 0002_directory
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0002_directory"
down_revision = "0001"
branch_labels = ("directory",)
depends_on = None


def upgrade():
    op.create_table(
        "directory_organisations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_organisations")),
    )
    op.create_table(
        "directory_services",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("vulnerabilities", sa.JSON(), nullable=False),
        sa.Column("eligibility", sa.Text(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("districts", sa.JSON(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("web", sa.String(length=500), nullable=True),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("access", sa.String(length=32), nullable=False),
        sa.Column("opening_hours", sa.Text(), nullable=False),
        sa.Column("last_assured_on", sa.Date(), nullable=True),
        sa.Column("assured_by", sa.String(length=254), nullable=True),
        sa.Column("review_due_on", sa.Date(), nullable=True),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["directory_organisations.id"],
                                name=op.f("fk_directory_services_organisation_id_directory_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_services")),
    )
    with op.batch_alter_table("directory_services", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_services_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_directory_services_review_due_on"), ["review_due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_directory_services_updated_at"), ["updated_at"], unique=False)
    op.create_table(
        "directory_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["directory_services.id"], ondelete="CASCADE",
                                name=op.f("fk_directory_attachments_service_id_directory_services")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_attachments")),
    )
    with op.batch_alter_table("directory_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_attachments_service_id"), ["service_id"], unique=False)
    op.create_table(
        "directory_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("changed_by", sa.String(length=254), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["changed_by_id"], ["users.id"], name=op.f("fk_directory_changes_changed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_changes")),
    )
    with op.batch_alter_table("directory_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_changes_service_id"), ["service_id"], unique=False)
    op.create_table(
        "directory_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("service_name", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reported_by", sa.String(length=254), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.Column("reported_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=254), nullable=True),
        sa.ForeignKeyConstraint(["reported_by_id"], ["users.id"], name=op.f("fk_directory_reports_reported_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_reports")),
    )
    with op.batch_alter_table("directory_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_reports_service_id"), ["service_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_directory_reports_resolved_at"), ["resolved_at"], unique=False)


def downgrade():
    op.drop_table("directory_reports")
    op.drop_table("directory_changes")
    op.drop_table("directory_attachments")
    op.drop_table("directory_services")
    op.drop_table("directory_organisations")
