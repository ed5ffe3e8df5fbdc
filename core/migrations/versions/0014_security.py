"""security: session version on users (server-side sign-out) and the access audit

Revision ID: 0014_security
Revises: 0001
Create Date: 2026-12-02 02:30:00
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0014_security"
down_revision = "0001"
branch_labels = ("security",)
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), server_default="1", nullable=False))
    op.create_table(
        "access_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_email", sa.String(length=254), nullable=False),
        sa.Column("user_role", sa.String(length=20), nullable=False),
        sa.Column("what", sa.String(length=40), nullable=False),
        sa.Column("crime_reference", sa.String(length=40), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_access_audit_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_audit")),
    )
    op.create_index("ix_access_audit_crime_reference_at", "access_audit", ["crime_reference", "at"])
    op.create_index("ix_access_audit_user_id_at", "access_audit", ["user_id", "at"])


def downgrade():
    op.drop_index("ix_access_audit_user_id_at", table_name="access_audit")
    op.drop_index("ix_access_audit_crime_reference_at", table_name="access_audit")
    op.drop_table("access_audit")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
