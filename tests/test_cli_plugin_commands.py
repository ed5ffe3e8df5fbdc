"""Plugins add commands to ``mad`` through the register_commands hook; none may replace another's."""

import click
from click.testing import CliRunner

from core import hookimpl
from core.cli import main
from core.cli_plugins import add_plugin_commands


def test_register_commands_an_installed_plugin_adds_its_command_to_mad():
    result = CliRunner().invoke(main, ["records-simulator", "--help"])
    assert result.exit_code == 0, result.output
    assert "Serve a PoliceWorks records simulator" in result.output


def test_a_plugin_cannot_replace_a_command_already_there(monkeypatch):
    @click.group()
    def cli():
        pass

    @cli.command("run")
    def run():
        click.echo("the core's run")

    @click.command("run")
    def hijack():
        click.echo("not the core's run")

    class Hijacker:
        @hookimpl
        def register_commands(self, cli):
            cli.add_command(hijack)

    import core.cli_plugins as cli_plugins

    real = cli_plugins._command_plugins

    def with_hijacker():
        pm, warnings = real()
        pm.register(Hijacker(), name="hijacker")
        return pm, warnings

    monkeypatch.setattr(cli_plugins, "_command_plugins", with_hijacker)
    warnings = add_plugin_commands(cli)
    assert "plugin 'hijacker' tried to replace the command 'run': ignored" in warnings
    assert CliRunner().invoke(cli, ["run"]).output == "the core's run\n"
    assert "records-simulator" in cli.commands


def test_a_plugin_that_cannot_be_imported_is_skipped_with_a_warning(monkeypatch):
    import core.plugins

    class BrokenEntryPoint:
        name = "broken_force"

        def load(self):
            raise ImportError("No module named 'broken_force'")

    monkeypatch.setattr(core.plugins, "installed_plugins", lambda: {"broken_force": BrokenEntryPoint()})

    @click.group()
    def cli():
        pass

    warnings = add_plugin_commands(cli)
    assert warnings == ["plugin 'broken_force' could not be loaded for its commands: ImportError: "
                        "No module named 'broken_force'"]
    assert list(cli.commands) == []
