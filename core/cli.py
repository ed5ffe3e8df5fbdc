"""The ``mad`` command: a click group, thin over the same services as the web pages."""

import json
import sys
from pathlib import Path

import click
from marshmallow import ValidationError

from core import migrate
from core.cli_db import add_db_commands
from core.cli_plugins import add_plugin_commands
from core.cli_report import add_report_commands
from core.cli_security import add_security_commands
from core.cli_plugins import warn as warn_plugin_commands
from core.config import ConfigError
from core.i18n import compile_catalogues
from core.instance import DEMO_CREDENTIALS, write_instance
from core.plugins import PluginError


class Context:
    def __init__(self, instance):
        self.instance = Path(instance)
        self._app = None

    @property
    def app(self):
        """The app for this instance, built once; configuration errors end the command clearly."""
        if self._app is None:
            from core import create_app

            try:
                self._app = create_app(instance_path=self.instance)
            except (ConfigError, PluginError) as exc:
                raise click.ClickException(str(exc)) from None
        return self._app

    @property
    def mad(self):
        return self.app.extensions["mad"]


pass_ctx = click.make_pass_decorator(Context)


@click.group()
@click.option("--instance", default="instance", envvar="MAD_INSTANCE", show_default=True,
              type=click.Path(file_okay=False), help="Folder holding mad.toml (and the SQLite database).")
@click.pass_context
def main(ctx, instance):
    """MaD Toolkit: signpost and update victims of crime, evidenced in the crime record."""
    ctx.obj = Context(instance)


@main.command()
@click.option("--demo", is_flag=True, help="Add demo users and a demo secret key (never for real use).")
@click.option("--force-name", default="Demo Constabulary", show_default=True)
@pass_ctx
def init(ctx, demo, force_name):
    """Write a working instance: mad.toml, an up-to-date database and (with --demo) demo users."""
    if (ctx.instance / "mad.toml").exists():
        raise click.ClickException(f"{ctx.instance / 'mad.toml'} already exists: not overwritten.")
    write_instance(ctx.instance, force_name=force_name, demo=demo)
    migrate.upgrade(ctx.mad.db)
    click.echo(f"Wrote {ctx.instance / 'mad.toml'} and created the database.")
    if demo:
        from core.demo import create_demo_users

        from core.directory.demo import load_demo_services
        from core.referrals.demo import load_demo_schools
        from core.resources.demo import load_demo_resources

        with ctx.mad.session() as session:
            credentials = create_demo_users(session)
            services = load_demo_services(session, ctx.mad.config.force["districts"])
            schools = load_demo_schools(session)
            resources = load_demo_resources(session, [info.code for info in ctx.mad.locales])
        click.echo(f"Added {services} fictional support services to the directory.")
        click.echo(f"Added {schools} fictional schools for Operation Encompass.")
        click.echo(f"Added {resources} fictional resources to the resources library.")
        from core.victims.demo import create_demo_victims

        victims = create_demo_victims(ctx.mad, "officer@example.org")
        click.echo(f"Added {victims} fictional victims for the demo officer (see \"My victims\").")
        path = ctx.instance / DEMO_CREDENTIALS
        path.write_text("".join(f"{role}: {email} / {password}\n" for role, email, password in credentials))
        path.chmod(0o600)
        _print_credentials(ctx.instance)


def _print_credentials(instance):
    path = Path(instance) / DEMO_CREDENTIALS
    if path.exists():
        click.echo("Demo users (sign in with any of these):")
        for line in path.read_text().splitlines():
            click.echo(f"  {line}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@pass_ctx
def run(ctx, host, port, threads):
    """Serve the web app with the embedded dispatcher (waitress)."""
    from waitress import serve

    from core.directory.warmup import warm_in_background

    app = ctx.app
    if not migrate.is_up_to_date(ctx.mad.db):
        raise click.ClickException("The database is not up to date: run `mad db upgrade` first.")
    ctx.mad.dispatcher.start()
    warm_in_background(ctx.mad)  # the directory's search index, before the first search needs it
    if ctx.mad.dispatcher.mode == "celery":
        click.echo("Celery mode (MAD_BROKER_URL is set): messages are delivered by `mad worker` processes, not here.")
    _print_credentials(ctx.instance)
    click.echo(f"Serving {ctx.mad.config.force['name']} on http://{host}:{port}/ (sign in there; Ctrl+C stops)")
    try:
        serve(app, host=host, port=port, threads=threads, ident="mad")
    finally:
        ctx.mad.dispatcher.stop()


@main.group()
def users():
    """People who use the toolkit."""


@users.command("add")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True, help="As shown to victims, e.g. 'PC 1234 Jones'.")
@click.option("--role", required=True, type=click.Choice(["officer", "supervisor", "vsc", "analyst", "admin", "partner"]))
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="At least 12 characters (asked for when not given).")
@click.option("--team", default=None, help="The team the user works in, e.g. 'Response North' (figures are cut by it).")
@click.option("--district", default=None, help="The district the user works in, e.g. 'North'.")
@pass_ctx
def users_add(ctx, email, display_name, role, password, team, district):
    """Add a user."""
    from core.people import add_user

    try:
        with ctx.mad.session() as session:
            user = add_user(session, email=email, display_name=display_name, role=role, password=password,
                            team=team, district=district)
    except ValidationError as exc:
        raise click.ClickException("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.messages.items())) from None
    click.echo(f"Added {user.email} ({user.role}).")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--settings", "settings", is_flag=True,
              help="Print every installed plugin's settings with their descriptions (needs no instance).")
@click.option("--readme", "readme", type=click.Path(exists=True, dir_okay=False), default=None,
              help="With --settings: rewrite the settings tables in this Markdown file (<!-- settings:NAME --> blocks).")
@pass_ctx
def plugins(ctx, as_json, settings, readme):
    """List plugins (installed but not enabled ones too), their versions and the hooks each implements."""
    if settings and readme:
        from pathlib import Path

        from core.settings_reference import regenerate_blocks

        path = Path(readme)
        text, found = regenerate_blocks(path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        click.echo(f"rewrote the settings tables of {', '.join(found) or 'no plugin'} in {path}")
        return
    if settings:
        from core.settings_reference import all_settings

        current = None
        for row in all_settings():
            if row.plugin != current:
                click.echo(f"{'' if current is None else chr(10)}[plugins.{row.plugin}]")
                current = row.plugin
            how = "required" if row.required else f"default {row.default!r}" if row.default is not None else "optional"
            click.echo(f"  {row.key} ({row.type}, {how}): {row.description or '(not documented)'}")
        return
    rows = ctx.mad.describe_plugins()
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        builtin = " (built in)" if row["builtin"] else ""
        if not row["enabled"]:
            click.echo(f"{row['name']} {row['version']} (installed, not enabled: add it to [plugins] enabled)")
            continue
        click.echo(f"{row['name']} {row['version']}{builtin}")
        click.echo(f"    hooks: {', '.join(row['hooks'])}")


@main.command()
@click.option("--timeout", default=60.0, show_default=True, help="Stop after this many seconds.")
@pass_ctx
def dispatch(ctx, timeout):
    """Deliver what is due in the outboxes now, then stop (for cron or after an outage)."""
    handled = ctx.mad.dispatcher.drain(timeout=timeout)
    click.echo(f"Handled {handled} messages and records writes.")


@main.command("replies")
@pass_ctx
def fetch_replies(ctx):
    """Fetch victims' replies from mailboxes now, and send due satisfaction checks (for cron)."""
    from core.conversations.schedule import fetch, run_due

    fetched, due = fetch(ctx.mad), run_due(ctx.mad)
    click.echo(f"Fetched {fetched} replies; handled {due} satisfaction checks and notifications.")


@main.command()
@click.option("--concurrency", default=8, show_default=True, type=click.IntRange(1, 512),
              help="Deliveries in flight at once in this process.")
@click.option("--pool", default="threads", show_default=True, type=click.Choice(["threads", "prefork", "solo"]))
@click.option("--beat", is_flag=True, help="Also run the periodic sweeper (exactly one process per force).")
@click.option("--loglevel", default="INFO", show_default=True)
@pass_ctx
def worker(ctx, concurrency, pool, beat, loglevel):
    """Deliver messages and write records entries from the broker (celery mode, MAD_BROKER_URL)."""
    from core.worker import run_worker, toolkit_for_workers

    try:
        mad = toolkit_for_workers(instance_path=ctx.instance)
    except (ConfigError, PluginError) as exc:
        raise click.ClickException(str(exc)) from None
    if not migrate.is_up_to_date(mad.db):
        raise click.ClickException("The database is not up to date: run `mad db upgrade` first.")
    run_worker(mad, concurrency=concurrency, pool=pool, beat=beat, loglevel=loglevel)


@main.group()
def directory():
    """The service directory: import and export Open Referral UK (HSDS) JSON and CSV."""


@directory.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option("--as", "who", default="mad directory import", show_default=True, help="Recorded in each change.")
@pass_ctx
def directory_import(ctx, path, who):
    """Import services from PATH (HSDS JSON: one service, a list or a /services page; or .csv), all or nothing."""
    from core.directory.importing import ImportFailed, import_services

    try:
        result = import_services(ctx.mad, path, who, progress=lambda items, label: click.progressbar(
            items, label=label, file=sys.stderr))
    except ImportFailed as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s) in {path}: nothing was imported. "
                                   "Correct the rows above and import again.") from None
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Imported {path}: {result.created} added, {result.updated} updated, {result.unchanged} unchanged.")


@directory.command("export")
@click.option("--format", "fmt", type=click.Choice(["hsds-json", "csv"]), default="hsds-json", show_default=True)
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@pass_ctx
def directory_export(ctx, fmt, path):
    """Write every active service of the force directory to PATH as HSDS JSON or CSV."""
    from core.directory.exporting import export_services

    count = export_services(ctx.mad, path, fmt, progress=lambda items, label: click.progressbar(
        items, label=label, file=sys.stderr))
    click.echo(f"Exported {count} services to {path} ({fmt}).")


@main.group()
def retention():
    """Keeping victims' details only as long as configured."""


@retention.command("purge")
@pass_ctx
def retention_purge(ctx):
    """Clear victims' details from messages older than [retention] message_days."""
    from core.retention import purge_expired

    purged = purge_expired(ctx.mad)
    click.echo(f"Cleared victims' details from {purged} messages older than "
               f"{ctx.mad.config.retention['message_days']} days.")


@main.group()
def translations():
    """Message catalogues under locales/."""


@translations.command("compile")
def translations_compile():
    """Compile every .po catalogue in locales/ to .mo (the install does this)."""
    compiled, problems = compile_catalogues()
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(f"Compiled {compiled} catalogues.")


@translations.command("extract")
def translations_extract():
    """Extract interface text to locales/messages.pot and victims' wording (T_) to locales/templates.pot."""
    from core.translations.workflow import WorkflowError, extract

    try:
        counts = extract()
    except WorkflowError as exc:
        raise click.ClickException(str(exc)) from None
    for domain, count in counts.items():
        click.echo(f"{domain}.pot: {count} strings")


@translations.command("update")
@click.option("--add", "add", multiple=True, metavar="LOCALE",
              help="Start catalogues for a new language, e.g. --add so.")
def translations_update(add):
    """Merge the .pot files into every locale's .po (new strings empty, changed ones marked fuzzy)."""
    from core.translations.workflow import WorkflowError, update

    try:
        written = update(add=add)
    except WorkflowError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Updated {len(written)} catalogues.")


@translations.command("coverage")
@pass_ctx
def translations_coverage(ctx):
    """Per language: strings translated, missing (sent in English) and still draft (not reviewed)."""
    from core.translations.coverage import coverage

    compile_catalogues()  # count what would be sent now, not a stale build
    if not migrate.is_up_to_date(ctx.mad.db):
        raise click.ClickException("The database is not up to date (review status lives there): "
                                   "run `mad db upgrade` first.")
    rows = coverage(ctx.mad)
    click.echo(f"{'language':<22} {'domain':<10} {'translated':>10} {'missing':>8} {'draft':>6}")
    for row in rows:
        info = ctx.mad.locale(row.locale)
        name = f"{info.english_name} ({row.locale})"
        draft = "-" if row.draft is None else str(row.draft)
        click.echo(f"{name:<22} {row.domain:<10} {row.translated:>6}/{row.total:<3} {row.missing:>8} {draft:>6}")


add_security_commands(main, users, pass_ctx)
add_report_commands(main, pass_ctx)
add_db_commands(main, pass_ctx)

from core.api.cli import tokens as _tokens_group  # noqa: E402 - the integrators' commands
from core.api.cli import plugin as _plugin_group  # noqa: E402
from core.api.cli import webhooks as _webhooks_group  # noqa: E402

main.add_command(_tokens_group)
main.add_command(_webhooks_group)
main.add_command(_plugin_group)

# Installed plugins add their own commands (hook register_commands), e.g. `mad records-simulator`.
PLUGIN_COMMAND_WARNINGS = add_plugin_commands(main)
warn_plugin_commands(PLUGIN_COMMAND_WARNINGS)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
