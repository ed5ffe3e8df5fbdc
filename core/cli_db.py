"""``mad db``: migrations, and waiting for them (the Procfile's workers start after the web's upgrade)."""

import time

import click
from sqlalchemy.exc import SQLAlchemyError

from core import migrate
from core.config import ConfigError, load_config


def add_db_commands(main, pass_ctx):
    """Attach the ``db`` group to the ``mad`` group ``main``. Called by core.cli."""

    @main.group()
    def db():
        """Database migrations."""


    @db.command("upgrade")
    @click.argument("revision", default="heads")
    @pass_ctx
    def db_upgrade(ctx, revision):
        """Apply migrations up to REVISION (default: the newest)."""
        migrate.upgrade(ctx.mad.db, revision)
        click.echo(f"Database at revision {', '.join(migrate.current_revisions(ctx.mad.db))}.")


    @db.command("wait")
    @click.option("--timeout", default=120.0, show_default=True, type=click.FloatRange(0, 3600),
                  help="Seconds to wait before giving up.")
    @pass_ctx
    def db_wait(ctx, timeout):
        """Wait until the database has every migration (Procfile: workers start after the web's upgrade)."""
        from core.db import Database

        try:  # the configuration only, not the whole app: this runs before each worker starts
            database = Database(load_config(ctx.instance).database_url)
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    if migrate.is_up_to_date(database):
                        return
                except SQLAlchemyError:  # the database is not answering yet, or is being migrated
                    pass
                if time.monotonic() >= deadline:
                    raise click.ClickException(f"The database is still not up to date after {timeout:g} seconds: "
                                               "run `mad db upgrade` (the Procfile's web process does it first).")
                time.sleep(0.5)
        finally:
            database.engine.dispose()


    @db.command("current")
    @pass_ctx
    def db_current(ctx):
        """Show the database's revision and the newest one."""
        click.echo(f"database: {', '.join(migrate.current_revisions(ctx.mad.db)) or 'empty'}; "
                   f"newest: {', '.join(migrate.head_revisions())}")
