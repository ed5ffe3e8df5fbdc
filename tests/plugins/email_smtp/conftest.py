"""Fixtures: a real aiosmtpd server on loopback and an app whose email goes through it."""

import pytest

from core.messaging.service import prepare, queue
from tests.plugins.email_smtp.smtp_server import SmtpServer
from tests.factories import update_request


@pytest.fixture
def smtp_server():
    """A running SMTP server that records what it receives; stopped at the end of the test."""
    server = SmtpServer().start()
    yield server
    server.stop()


def smtp_settings(server, **changes):
    """``[plugins.email_smtp]`` for a plain loopback server."""
    return {"host": "127.0.0.1", "port": server.port, "security": "none", "from_address": "updates@example.org",
            "from_name": "Testshire Police", "reply_to": "victim-care@example.org", "timeout_seconds": 5,
            **changes}


@pytest.fixture
def email_app(make_mad_app, smtp_server):
    """Factory: an app with ``email_smtp`` enabled against ``smtp_server``."""

    def make(database="sqlite", **changes):
        return make_mad_app(enabled=["email_smtp"], settings={"email_smtp": smtp_settings(smtp_server, **changes)},
                            database=database, locales=["en", "cy", "ar", "ur"])

    return make


EMAIL_REQUEST = update_request(kind="email", recipient="victim@example.org")


def send_email(mad, user=None, **changes):
    """Store one email through the real send service; return its message id."""
    message, _ = queue(mad, prepare(mad, {**EMAIL_REQUEST, **changes}), user)
    return message.id
