"""Encompass apps, with the fictional schools, optionally sending through a real aiosmtpd server."""

import pytest

from tests.plugins.email_smtp.smtp_server import SmtpServer
from tests.referrals.factories import with_demo_schools


@pytest.fixture
def smtp_server():
    """A running SMTP server that records what it receives; stopped at the end of the test."""
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def encompass_app(make_mad_app):
    """Factory: an app with ``referral_encompass`` enabled and the demo schools."""

    def make(database="sqlite", smtp=None, plugins=(), settings=None):
        enabled, all_settings = ["referral_encompass"], dict(settings or {})
        if smtp is not None:
            enabled.append("email_smtp")
            all_settings["email_smtp"] = {"host": "127.0.0.1", "port": smtp.port, "security": "none",
                                          "from_address": "encompass@example.org", "from_name": "Testshire Police",
                                          "timeout_seconds": 5}
        return with_demo_schools(make_mad_app(enabled=enabled, settings=all_settings, database=database,
                                              plugins=plugins))

    return make
