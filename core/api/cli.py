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
