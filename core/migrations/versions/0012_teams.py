"""users' team and district (compliance figures are cut by them)

Revision ID: 0012_teams
Revises: 0001
Create Date: 2026-12-02 03:25:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_teams"
down_revision = "0001"
branch_labels = ("compliance",)
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("district", sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_team"), ["team"], unique=False)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_team"))
        batch_op.drop_column("district")
        batch_op.drop_column("team")
