"""How each Twilio answer is classified: permanent, temporary, or "look it up before any retry"."""

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from core.toolkit import PermanentFailure, TemporaryFailure
from plugins.sms_twilio.errors import SmsOutcomeUnknown, from_rest_error, from_transport_error, undelivered_reason


@pytest.mark.parametrize("status, code, kind", [
    (400, 21211, PermanentFailure), (400, 21610, PermanentFailure), (400, 21614, PermanentFailure),
    (400, 21999, PermanentFailure),  # an unknown refusal: permanent, with the code in the reason
    (401, 20003, TemporaryFailure), (400, 21606, TemporaryFailure),  # configuration: an administrator can fix it
    (429, 20429, TemporaryFailure), (503, 20503, TemporaryFailure),  # refused before anything was created
    (500, 20500, SmsOutcomeUnknown), (502, 502, SmsOutcomeUnknown), (504, 504, SmsOutcomeUnknown),
])
def test_rest_errors(status, code, kind):
    failure = from_rest_error(TwilioRestException(status, "/Messages.json", "refused", code))
    assert isinstance(failure, kind)
    if isinstance(failure, (PermanentFailure, TemporaryFailure)) and status not in (429, 503):
        assert str(code) in failure.reason


def test_transport_errors_are_temporary_only_when_nothing_can_have_reached_twilio():
    refused = requests.exceptions.ConnectionError(MaxRetryError(None, "/", NewConnectionError(None, "refused")))
    dropped = requests.exceptions.ConnectionError(ProtocolError("Connection aborted."))
    assert isinstance(from_transport_error(refused), TemporaryFailure)
    assert isinstance(from_transport_error(requests.exceptions.ConnectTimeout()), TemporaryFailure)
    assert isinstance(from_transport_error(requests.exceptions.ReadTimeout()), SmsOutcomeUnknown)
    assert isinstance(from_transport_error(dropped), SmsOutcomeUnknown)


@pytest.mark.parametrize("status, code, words", [
    ("undelivered", "30003", "unreachable"), ("undelivered", "30005", "unknown"), ("failed", "30007", "spam"),
    ("failed", "21610", "opted out"), ("undelivered", "", "Twilio reported the text as undelivered"),
    ("failed", "12345", "(error 12345)"), ("failed", "not-a-number", "Twilio reported the text as failed"),
])
def test_receipt_reasons(status, code, words):
    assert words in undelivered_reason(status, code)


def test_a_twilio_error_echoing_the_text_keeps_only_numbers_it_can_check(sms_app, twilio):
    from tests.plugins.sms_twilio.conftest import load, send_sms

    mad = sms_app().extensions["mad"]
    twilio.script = [(400, "{Body}", "Refused {Body} to {To}")]
    message_id = send_sms(mad)
    mad.dispatcher.drain()
    stored = load(mad, message_id)
    assert stored.status == "failed"
    assert stored.failure_reason == "Twilio refused the text (HTTP 400, no readable error code)"
    assert "7700900123" not in stored.failure_reason and "crime reference" not in stored.failure_reason


@pytest.mark.parametrize("code, kept", [(21211, 21211), ("21211", 21211), ("Your text", None), (12345678, None),
                                        (None, None)])
def test_twilio_codes_are_numbers_or_nothing(code, kept):
    from plugins.sms_twilio.errors import twilio_code

    assert twilio_code(code) == kept
