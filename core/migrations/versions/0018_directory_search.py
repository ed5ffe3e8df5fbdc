"""directory search versions: each service's search version and the directory's current one

Revision ID: 0018_directory_search
Revises: 0002_directory
Create Date: 2026-12-02 07:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_directory_search"
down_revision = "0002_directory"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("directory_services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_version", sa.BigInteger(), nullable=False, server_default="0"))
        batch_op.create_index(batch_op.f("ix_directory_services_search_version"), ["search_version"], unique=False)
    state = op.create_table(
        "directory_search_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("reset_version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_search_state")),
    )
    op.bulk_insert(state, [{"id": 1, "version": 0, "reset_version": 0}])


def downgrade():
    op.drop_table("directory_search_state")
    with op.batch_alter_table("directory_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_services_search_version"))
        batch_op.drop_column("search_version")
