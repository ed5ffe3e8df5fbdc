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


def upgrade(db, revision="heads"):
    """Bring the database of ``db`` (a :class:`core.db.Database`) up to ``revision``.

    The default, ``heads``, applies every branch: each capability's migrations start from the
    initial schema, so they can arrive independently.
    """
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one (Alembic's batch mode),
            # which foreign keys from rows already stored (a message's attachment) would refuse:
            # they are checked once after the migrations instead. The pragma only takes effect
            # outside a transaction, so it is set before one begins.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                command.upgrade(alembic_config(connection), revision)
                if sqlite and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()):
                    raise RuntimeError(f"The migration left {len(broken)} rows pointing at rows that do not exist "
                                       f"(first in table {broken[0][0]}); nothing was changed.")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def current_revisions(db):
    """The revisions the database is at (one per branch), as a sorted tuple."""
    with db.engine.connect() as connection:
        return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))


def head_revisions():
    """The newest revision of every branch the code knows, as a sorted tuple."""
    return tuple(sorted(ScriptDirectory.from_config(alembic_config()).get_heads()))


def is_up_to_date(db):
    """True when the database has every migration the code knows."""
    return current_revisions(db) == head_revisions()


def autogenerate(db, message, head="0001", branch_label=None, rev_id=None):
    """Write a new revision comparing the models with ``db`` (for developers adding a model).

    Each capability keeps its own branch from the initial schema (``head``); review the file and
    keep only your own tables.
    """
    with db.engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True, head=head,
                         branch_label=branch_label, rev_id=rev_id)
