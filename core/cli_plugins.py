"""Plugins' commands on the ``mad`` command line (the ``register_commands`` hook).

The command line is built before ``--instance`` is read, so it cannot know which plugins a force
enables: every installed plugin (built-ins and the ``mad_toolkit`` entry points) is offered the
``mad`` group. A plugin that cannot be imported is skipped with a warning rather than breaking
``mad`` for everyone, and no plugin may replace a command that is already there.
"""

import click

from core.plugins import every_plugin_manager


def _command_plugins():
    pm, failures = every_plugin_manager()
    warnings = [f"plugin {name!r} could not be loaded for its commands: {type(exc).__name__}: {exc}"
                for name, exc in failures]
    return pm, warnings


def add_plugin_commands(cli):
    """Let every installed plugin add commands to ``cli``; return the warnings met on the way.

    Called once by ``core.cli`` at import. A plugin that adds a command under a name already taken
    is undone and named in a warning.
    """
    pm, warnings = _command_plugins()
    for impl in reversed(pm.hook.register_commands.get_hookimpls()):
        before = dict(cli.commands)
        try:
            impl.function(cli=cli)
        except Exception as exc:
            warnings.append(f"plugin {impl.plugin_name!r} failed to add its commands: {type(exc).__name__}: {exc}")
        for name, command in before.items():
            if cli.commands.get(name) is not command:
                cli.commands[name] = command
                warnings.append(f"plugin {impl.plugin_name!r} tried to replace the command {name!r}: ignored")
    return warnings


def warn(warnings):
    """Print the warnings of :func:`add_plugin_commands` to standard error."""
    for line in warnings:
        click.echo(f"warning: {line}", err=True)
