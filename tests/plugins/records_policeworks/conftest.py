"""Fixtures: a real PoliceWorks simulator on a free loopback port, and apps that write to it."""

import pytest

from plugins.records_policeworks.simulator import Simulator

USERNAME = "mad-toolkit-test"
PASSWORD = "a-test-password-for-the-simulator"


@pytest.fixture
def simulator():
    """The PoliceWorks simulator speaking the shipped WSDL over HTTP on 127.0.0.1 (a free port)."""
    running = Simulator(port=0, username=USERNAME, password=PASSWORD).start()
    yield running
    running.stop()


def settings_for(simulator, **overrides):
    """Plugin settings pointing at ``simulator``, credentials read from the environment."""
    table = {"endpoint": simulator.endpoint, "username": {"$env": "POLICEWORKS_USERNAME"},
             "password": {"$env": "POLICEWORKS_PASSWORD"}, "timeout_seconds": 2.0, "lookup_timeout_seconds": 1.0}
    table.update(overrides)
    return table


@pytest.fixture
def policeworks_app(make_mad_app, simulator, monkeypatch):
    """Factory: an app with records_policeworks enabled through its entry point, writing to the simulator."""
    monkeypatch.setenv("POLICEWORKS_USERNAME", USERNAME)
    monkeypatch.setenv("POLICEWORKS_PASSWORD", PASSWORD)

    def make(database="sqlite", **overrides):
        return make_mad_app(enabled=["records_policeworks"], database=database,
                            settings={"records_policeworks": settings_for(simulator, **overrides)})

    return make


@pytest.fixture
def settings(simulator):
    """Validated plugin settings for a client talking to ``simulator`` directly."""
    from plugins.records_policeworks.settings import PoliceWorksSettingsSchema

    return PoliceWorksSettingsSchema().load({**settings_for(simulator), "username": USERNAME, "password": PASSWORD})
