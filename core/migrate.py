"""Database migrations through Alembic: ``mad db upgrade`` and the tests call these."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection=None):
    """An Alembic configuration for the toolkit's migrations, bound to ``connection``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(db, revision="head"):
    """Bring the database of ``db`` (a :class:`core.db.Database`) up to ``revision``."""
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def current_revision(db):
    """The revision the database is at, or None for an empty database."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision():
    """The newest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def autogenerate(db, message):
    """Write a new revision comparing the models with ``db`` (for developers adding a model)."""
    with db.engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
