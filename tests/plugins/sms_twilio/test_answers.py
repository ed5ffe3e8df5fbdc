"""Twilio's answers are checked before anything from them is stored."""

from types import SimpleNamespace

import pytest

from plugins.sms_twilio.channel import TwilioChannel
from plugins.sms_twilio.errors import SmsOutcomeUnknown
from tests.plugins.sms_twilio.conftest import SERVICE_SID


class AnsweringClient:
    """A twilio client stand-in whose create answers with ``sid``."""

    def __init__(self, sid):
        self.messages = SimpleNamespace(create=lambda **fields: SimpleNamespace(sid=sid))


def channel(sid):
    settings = {"messaging_service_sid": SERVICE_SID, "messages_per_second": 1000}
    return TwilioChannel(None, settings, client=AnsweringClient(sid))


def test_a_created_message_sid_is_stored_as_the_reference():
    sid = "SM" + "0" * 32
    message = SimpleNamespace(id="m-1", recipient="+447700900123", body="hello")
    assert channel(sid).send(message).provider_reference == sid


@pytest.mark.parametrize("sid", [None, "", "not-a-sid", "SM" + "0" * 32 + "\n"])
def test_an_answer_without_a_valid_sid_is_an_unknown_outcome_not_a_reference(sid):
    message = SimpleNamespace(id="m-1", recipient="+447700900123", body="hello")
    sms = channel(sid)
    with pytest.raises(SmsOutcomeUnknown):
        sms.send(message)
    assert "m-1" in sms._attempted_at, "kept for lookup(): Twilio may have the text"
