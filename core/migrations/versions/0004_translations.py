"""translation review status: draft or reviewed by a native speaker, per locale and msgid

Revision ID: 0004_translations
Revises: 0001
Create Date: 2026-11-22 12:40:00
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0004_translations"
down_revision = "0001"
branch_labels = ("translations",)
depends_on = None


def upgrade():
    op.create_table(
        "translation_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("msgid_key", sa.String(length=64), nullable=False),
        sa.Column("msgid", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("translation_key", sa.String(length=64), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_by_name", sa.String(length=120), nullable=True),
        sa.Column("reviewed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["reviewed_by_id"], ["users.id"],
                                name=op.f("fk_translation_reviews_reviewed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_reviews")),
        sa.UniqueConstraint("locale", "msgid_key", name="uq_translation_reviews_locale_msgid_key"),
    )


def downgrade():
    op.drop_table("translation_reviews")
