"""Alembic environment: runs the toolkit's migrations on the connection ``core.migrate`` hands in."""

from alembic import context

import core.models  # noqa: F401  (registers every model on the metadata)
from core.db import Base

target_metadata = Base.metadata


def run_migrations_online():
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported: run `mad db upgrade` against a database.")
run_migrations_online()
