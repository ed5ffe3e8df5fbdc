"""``mad keys`` (encryption keys) and ``mad users sign-out-everywhere``: thin over core.crypto, core.key_rotation, core.auth."""

import click


def add_security_commands(main, users, pass_ctx):
    """Attach the security commands to the ``mad`` group ``main`` and its ``users`` group. Called by core.cli."""

    @main.group()
    def keys():
        """Encryption keys for victims' contact details (MAD_ENCRYPTION_KEYS)."""

    @keys.command("generate")
    def keys_generate():
        """Print a new key (put it first in MAD_ENCRYPTION_KEYS, then run `mad keys rotate`)."""
        from core.crypto import generate_key

        click.echo(generate_key())

    @keys.command("rotate")
    @click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 100_000))
    @pass_ctx
    def keys_rotate(ctx, batch_size):
        """Re-encrypt every stored contact detail and message text under the first key."""
        from core.key_rotation import rotate_all, rows_to_rotate

        db = ctx.mad.db
        try:
            with click.progressbar(length=rows_to_rotate(db), label="Re-encrypting") as bar:
                done = rotate_all(db, batch_size=batch_size, progress=bar.update)
        except ValueError as exc:  # a value no key in MAD_ENCRYPTION_KEYS opens
            raise click.ClickException(str(exc)) from None
        click.echo(f"Re-encrypted {done} rows with the first key of MAD_ENCRYPTION_KEYS. "
                   "Older keys may now be removed from it.")

    @users.command("sign-out-everywhere")
    @click.argument("email")
    @pass_ctx
    def users_sign_out_everywhere(ctx, email):
        """End every session of the user with EMAIL (they must sign in again on every device)."""
        from sqlalchemy import func, select

        from core.auth.sessions import revoke_all
        from core.models.people import User

        with ctx.mad.session() as session:
            user_id = session.scalar(select(User.id).where(func.lower(User.email) == email.strip().lower()))
            if user_id is None:
                raise click.ClickException(f"No user has the email address {email}.")
            revoke_all(session, user_id)
        click.echo(f"Signed {email} out everywhere.")
