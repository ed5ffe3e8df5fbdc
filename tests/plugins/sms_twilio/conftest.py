"""Fixtures: the Twilio stand-in on loopback and an app whose texts go through it."""

import pytest

from core.messaging.service import prepare, queue
from core.models import Message
from tests.plugins.sms_twilio.standin import TwilioStandIn
from tests.factories import update_request

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
SERVICE_SID = "MG" + "fedcba9876543210" * 2
PUBLIC_BASE = "https://mad.example.org"


@pytest.fixture
def twilio():
    """A running Twilio stand-in; stopped at the end of the test."""
    standin = TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN, hang_seconds=1.0).start()
    yield standin
    standin.stop()


def twilio_settings(standin, **changes):
    """``[plugins.sms_twilio]`` pointing at ``standin``, with the auth token from the environment."""
    return {"account_sid": ACCOUNT_SID, "auth_token": {"$env": "MAD_TEST_TWILIO_TOKEN"},
            "messaging_service_sid": SERVICE_SID, "public_base_url": PUBLIC_BASE, "api_base_url": standin.url,
            "messages_per_second": 1000, "read_timeout_seconds": 0.5, "lookup_delay_seconds": 0, **changes}


@pytest.fixture
def sms_app(make_mad_app, twilio, monkeypatch):
    """Factory: an app with ``sms_twilio`` enabled against the stand-in."""
    monkeypatch.setenv("MAD_TEST_TWILIO_TOKEN", AUTH_TOKEN)

    def make(database="sqlite", **changes):
        return make_mad_app(enabled=["sms_twilio"], settings={"sms_twilio": twilio_settings(twilio, **changes)},
                            database=database)

    return make


SMS_REQUEST = update_request()


def send_sms(mad, **changes):
    """Store one text through the real send service; return its message id."""
    message, _ = queue(mad, prepare(mad, {**SMS_REQUEST, **changes}), None)
    return message.id


def load(mad, message_id):
    """The stored message ``message_id``, as the tests check it."""
    with mad.session() as session:
        return session.get(Message, message_id)
