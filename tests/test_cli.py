"""The ``mad`` command, run as an integrator would run it."""

import re

from click.testing import CliRunner
from sqlalchemy import select

from core.cli import main


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)


def test_init_demo_writes_a_working_instance_and_prints_credentials(tmp_path):
    instance = str(tmp_path / "instance")
    result = run("--instance", instance, "init", "--demo")
    assert result.exit_code == 0, result.output
    match = re.search(r"officer: (officer@example\.org) / (\S+)", result.output)
    assert match, result.output
    from core import create_app
    from core.testing import sign_in

    app = create_app(instance_path=instance)
    response = sign_in(app.test_client(), match.group(1), match.group(2))
    assert response.status_code == 302
    assert (tmp_path / "instance" / "mad.toml").stat().st_mode & 0o077 == 0
    again = run("--instance", instance, "init", "--demo")
    assert again.exit_code == 1 and "already exists: not overwritten" in again.output


def test_users_add_plugins_and_db_commands(tmp_path):
    instance = str(tmp_path / "instance")
    env = {"MAD_SECRET_KEY": "k" * 40}
    assert run("--instance", instance, "init", env=env).exit_code == 0
    added = run("--instance", instance, "users", "add", "--email", "pc.jones@example.org", "--name", "PC 1 Jones",
                "--role", "officer", input="a long enough password\na long enough password\n", env=env)
    assert added.exit_code == 0 and "Added pc.jones@example.org (officer)." in added.output
    short = run("--instance", instance, "users", "add", "--email", "x@example.org", "--name", "X", "--role", "vsc",
                "--password", "short", env=env)
    assert short.exit_code == 1 and "password: Use at least 12 characters." in short.output
    duplicate = run("--instance", instance, "users", "add", "--email", "PC.JONES@example.org", "--name", "Y",
                    "--role", "vsc", "--password", "another long password", env=env)
    assert "already exists" in duplicate.output

    plugins = run("--instance", instance, "plugins", env=env)
    assert "sandbox 0.1.0 (built in)" in plugins.output
    assert "hooks: register_blueprints, register_channels" in plugins.output
    assert "register_records_writers" in run("--instance", instance, "plugins", "--json", env=env).output

    # Each capability's migration branch is a head; the database has every one of them.
    current = run("--instance", instance, "db", "current", env=env).output
    at, newest = current.strip().removeprefix("database: ").split("; newest: ")
    assert at == newest and "0018_directory_search" in newest
    assert run("--instance", instance, "db", "wait", "--timeout", "0", env=env).exit_code == 0


def test_db_wait_gives_up_on_a_database_without_the_migrations(tmp_path):
    instance = str(tmp_path / "instance")
    assert run("--instance", instance, "init", env={"MAD_SECRET_KEY": "k" * 40}).exit_code == 0
    env = {"MAD_SECRET_KEY": "k" * 40, "MAD_DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3"}
    waited = run("--instance", instance, "db", "wait", "--timeout", "0.2", env=env)
    assert waited.exit_code == 1
    assert "still not up to date after 0.2 seconds: run `mad db upgrade`" in waited.output


def test_a_configuration_error_is_a_clear_message_not_a_traceback(tmp_path):
    instance = tmp_path / "instance"
    run("--instance", str(instance), "init", env={"MAD_SECRET_KEY": "k" * 40})
    text = (instance / "mad.toml").read_text().replace("enabled = []", 'enabled = ["sms_gateway"]')
    (instance / "mad.toml").write_text(text)
    result = run("--instance", str(instance), "plugins", env={"MAD_SECRET_KEY": "k" * 40})
    assert result.exit_code == 1
    assert "plugin 'sms_gateway' is enabled in the force configuration but is not installed" in result.output


def test_dispatch_delivers_what_is_due(tmp_path):
    instance = str(tmp_path / "instance")
    env = {"MAD_SECRET_KEY": "k" * 40}
    run("--instance", instance, "init", env=env)
    from core import create_app
    from core.messaging.service import prepare, queue
    from core.models import SandboxCapture

    import os

    os.environ["MAD_SECRET_KEY"] = env["MAD_SECRET_KEY"]
    try:
        app = create_app(instance_path=instance)
        mad = app.extensions["mad"]
        queue(mad, prepare(mad, {"crime_reference": "06/123456/26", "kind": "email", "recipient": "v@example.org",
                                 "locale": "en", "template_id": "crime_reference_assigned",
                                 "fields": {"officer_name": "PC 1"}}), None)
        result = run("--instance", instance, "dispatch", env=env)
        assert "Handled 2 messages and records writes." in result.output
        with mad.session() as session:
            assert session.scalars(select(SandboxCapture)).one().recipient == "v@example.org"
    finally:
        del os.environ["MAD_SECRET_KEY"]


def test_translations_compile_builds_the_catalogues():
    result = run("translations", "compile")
    assert result.exit_code == 0 and re.search(r"Compiled [1-9]\d* catalogues\.", result.output)
