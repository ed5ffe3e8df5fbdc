"""The plugin's settings are validated at start-up, naming the plugin and every bad key."""

import pytest

from core.plugins import PluginError
from tests.plugins.records_policeworks.conftest import settings_for


def start(make_mad_app, table):
    with pytest.raises(PluginError) as error:
        make_mad_app(enabled=["records_policeworks"], settings={"records_policeworks": table})
    return str(error.value)


def test_credentials_missing_from_the_environment_stop_start_up_saying_how_to_fix_it(make_mad_app, simulator,
                                                                                   monkeypatch):
    monkeypatch.delenv("POLICEWORKS_USERNAME", raising=False)
    monkeypatch.delenv("POLICEWORKS_PASSWORD", raising=False)
    message = start(make_mad_app, settings_for(simulator))
    assert "plugin 'records_policeworks' setting 'password': is not set: give it as { \"$env\"" in message
    assert "plugin 'records_policeworks' setting 'username': is not set" in message


def test_every_bad_setting_is_listed_at_once(make_mad_app, simulator, monkeypatch):
    monkeypatch.setenv("POLICEWORKS_USERNAME", "mad")
    monkeypatch.setenv("POLICEWORKS_PASSWORD", "changeme")
    message = start(make_mad_app, settings_for(simulator, endpoint="ftp://records", timeout_seconds=0,
                                               check_crime_exists="sometimes"))
    for key in ("endpoint", "timeout_seconds", "check_crime_exists", "password"):
        assert f"setting {key!r}" in message, key
    assert "is a placeholder" in message


def test_the_shipped_wsdl_is_used_unless_another_is_named(policeworks_app, simulator):
    from plugins.records_policeworks.client import shipped_wsdl_path

    mad = policeworks_app().extensions["mad"]
    assert mad.plugin_settings("records_policeworks")["wsdl"] is None
    assert shipped_wsdl_path().endswith("records_policeworks/policeworks.wsdl")
    remote = policeworks_app(wsdl=simulator.wsdl_url).extensions["mad"]
    remote.writers["policeworks"].client.lookup_crime("06/123456/26")  # WSDL read from the simulator
    assert "policeworks" in mad.writers
