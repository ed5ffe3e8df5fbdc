"""``mad tokens ...`` and ``mad webhooks ...``: the integrators' commands, thin over core.api."""

import click

from core.api.tokens import SCOPES, TokenInvalid, create_token, expire_token, list_tokens, revoke_token, token_state


@click.group()
def tokens():
    """API tokens for partner systems: make (shown once), list, expire, revoke."""


@tokens.command("create")
@click.option("--name", required=True, help="Which system will use the token (for example 'Records system').")
@click.option("--scopes", required=True, help=f"Comma-separated, from: {', '.join(SCOPES)}.")
@click.option("--days", type=int, default=None, help="Expire the token after this many days (default: never).")
@click.option("--by", "created_by", default="mad tokens create", show_default=True, help="Recorded as who made it.")
@click.pass_obj
def tokens_create(ctx, name, scopes, days, created_by):
    """Make a token; its secret is printed once and only its hash is stored."""
    try:
        made = create_token(ctx.mad, name, scopes, created_by, days=days)
    except TokenInvalid as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"Token {made.id} for {made.name} ({', '.join(made.scopes)}). Copy it now, it is not shown again:")
    click.echo(made.secret)


@tokens.command("list")
@click.pass_obj
def tokens_list(ctx):
    """Every token: id, name, first characters, scopes, state, last used."""
    rows = list_tokens(ctx.mad)
    if not rows:
        click.echo("No API tokens.")
    for row in rows:
        used = row.last_used_at.isoformat(timespec="minutes") if row.last_used_at else "never"
        click.echo(f"{row.id:>4}  {row.name:<30} {row.prefix}…  {token_state(row):<8} "
                   f"{','.join(row.scopes):<40} last used {used}")


@tokens.command("revoke")
@click.argument("token_id", type=int)
@click.pass_obj
def tokens_revoke(ctx, token_id):
    """Revoke token TOKEN_ID now."""
    if not revoke_token(ctx.mad, token_id):
        raise click.ClickException(f"No active token {token_id}: `mad tokens list` shows them.")
    click.echo(f"Token {token_id} revoked.")


@tokens.command("expire")
@click.argument("token_id", type=int)
@click.option("--days", type=click.IntRange(min=0), default=0, show_default=True,
              help="Days from now (0: at once).")
@click.pass_obj
def tokens_expire(ctx, token_id, days):
    """Set token TOKEN_ID to expire (at once by default)."""
    if not expire_token(ctx.mad, token_id, days):
        raise click.ClickException(f"No token {token_id} that can expire: `mad tokens list` shows them.")
    click.echo(f"Token {token_id} expires {'now' if days == 0 else f'in {days} day(s)'}.")


@tokens.command("scopes")
def tokens_scopes():
    """What each scope allows."""
    for scope, words in SCOPES.items():
        click.echo(f"{scope:<16} {words}")


@click.group()
def webhooks():
    """Signed webhooks: register partners' endpoints per event, list deliveries, send what is due."""


@webhooks.command("add")
@click.option("--url", required=True, help="The partner's https:// address.")
@click.option("--events", required=True, help="Comma-separated event names (see `mad webhooks events`).")
@click.option("--description", default="", help="Whose system it is.")
@click.pass_obj
def webhooks_add(ctx, url, events, description):
    """Register an endpoint; its signing secret is printed once."""
    from core.webhooks.outbox import EndpointInvalid, register_endpoint

    try:
        endpoint_id, secret = register_endpoint(ctx.mad, url, [e.strip() for e in events.split(",") if e.strip()],
                                                "mad webhooks add", description)
    except EndpointInvalid as exc:
        raise click.UsageError("; ".join(exc.errors.values())) from None
    click.echo(f"Endpoint {endpoint_id} registered. Its signing secret (give it to the partner, shown once):")
    click.echo(secret)


@webhooks.command("events")
def webhooks_events():
    """The events a partner can subscribe to."""
    from core.webhooks.outbox import EVENT_TYPES

    for name in EVENT_TYPES:
        click.echo(name)


@webhooks.command("list")
@click.pass_obj
def webhooks_list(ctx):
    """Endpoints, then the latest deliveries with their attempts."""
    from core.webhooks.outbox import list_deliveries, list_endpoints

    for endpoint in list_endpoints(ctx.mad):
        state = "stopped" if endpoint.disabled_at else "active"
        click.echo(f"endpoint {endpoint.id}  {state:<8} {endpoint.url}  {','.join(endpoint.event_types)}")
    for delivery in list_deliveries(ctx.mad):
        click.echo(f"delivery {delivery.id}  {delivery.event_type:<22} {delivery.status:<10} "
                   f"attempts {delivery.attempts}  {delivery.last_error or ''}")


@webhooks.command("deliver")
@click.pass_obj
def webhooks_deliver(ctx):
    """Send every delivery that is due now, once (for cron; the web app also sends them itself)."""
    from core.webhooks.outbox import deliver_due

    click.echo(f"Delivered {deliver_due(ctx.mad)}.")


@click.group("plugin")
def plugin():
    """Start a new plugin package (``mad plugins`` lists the installed ones)."""


@plugin.command("new")
@click.argument("name")
@click.option("--dir", "parent", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Where to make the package's folder (mad-NAME).")
@click.option("--title", default=None, help="A human name for the plugin (default: from NAME).")
def plugin_new(name, parent, title):
    """Scaffold plugin NAME: entry point, settings schema, one hook, tests and README."""
    from core.scaffold import ScaffoldError, new_plugin

    try:
        target = new_plugin(name, parent, title)
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"Wrote {target}. Next: cd {target} && pip install -e . && pytest")
