"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core import migrate
from core.db import Base


def test_migrated_database_matches_the_models(make_mad_app, database):
    mad = make_mad_app(database=database).extensions["mad"]
    assert migrate.is_up_to_date(mad.db) and migrate.current_revisions(mad.db) == migrate.head_revisions()
    with mad.db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
