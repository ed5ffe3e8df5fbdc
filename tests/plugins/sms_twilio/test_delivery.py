"""Texts go through the whole pipeline (store → dispatcher → twilio library → stand-in → status).

The stand-in answers 429 and 500, times out or drops the connection after creating the message:
every text ends sent exactly once (looked up, never blindly resent) or failed with a reason.
"""

import time

import pytest
from sqlalchemy import select

from core.models import Message, RecordsEntry
from core.plugins import PluginError
from tests.plugins.sms_twilio.conftest import SERVICE_SID, load, send_sms, twilio_settings


def test_a_text_is_created_once_at_twilio_with_its_status_callback(sms_app, twilio, database):
    mad = sms_app(database=database).extensions["mad"]
    message_id = send_sms(mad)

    mad.dispatcher.drain()

    stored = load(mad, message_id)
    [created] = twilio.messages
    assert stored.status == "sent" and stored.channel == "sms_twilio"
    assert stored.provider_reference == created["sid"]
    assert created["to"] == "+447700900123" and created["body"] == stored.body
    assert created["messaging_service_sid"] == SERVICE_SID and created["from"] is None
    assert created["status_callback"] == f"https://mad.example.org/callbacks/sms-twilio/status?message_id={message_id}"


def test_a_sender_number_instead_of_a_messaging_service(sms_app, twilio):
    mad = sms_app(messaging_service_sid=None, from_number="+447700900000", public_base_url=None).extensions["mad"]
    send_sms(mad)
    mad.dispatcher.drain()
    [created] = twilio.messages
    assert created["from"] == "+447700900000" and created["status_callback"] is None


@pytest.mark.parametrize("trouble", ["429", "503", "500"])
def test_a_refusal_that_created_nothing_is_retried_and_sent_once(sms_app, twilio, trouble):
    mad = sms_app().extensions["mad"]
    twilio.script = [trouble, trouble]
    message_id = send_sms(mad)

    mad.dispatcher.drain()

    stored = load(mad, message_id)
    assert stored.status == "sent" and stored.attempts == 3
    assert twilio.bodies_to("+447700900123") == [stored.body]


@pytest.mark.parametrize("trouble", ["500-after-create", "hang-after-create", "drop-after-create"])
def test_an_ambiguous_answer_is_looked_up_not_resent(sms_app, twilio, trouble):
    mad = sms_app().extensions["mad"]
    twilio.script = [trouble]
    message_id = send_sms(mad)

    mad.dispatcher.drain()

    stored = load(mad, message_id)
    [created] = twilio.messages
    assert stored.status == "sent" and stored.attempts == 1
    assert stored.provider_reference == created["sid"]


def test_a_mixed_batch_ends_with_every_text_sent_exactly_once(sms_app, twilio, database):
    mad = sms_app(database=database).extensions["mad"]
    numbers = [f"07700 900{100 + i}" for i in range(18)]
    ids = [send_sms(mad, recipient=n) for n in numbers]
    twilio.script = ["429", None, "500", "500-after-create", None, "hang-after-create", "503",
                     "drop-after-create", None, "500", "429", "500-after-create"]

    mad.dispatcher.drain()

    assert {load(mad, i).status for i in ids} == {"sent"}
    for number in numbers:
        assert len(twilio.bodies_to("+44" + number.replace(" ", "")[1:])) == 1
    assert len({load(mad, i).provider_reference for i in ids}) == len(ids)


def test_the_same_wording_sent_twice_is_not_mistaken_for_the_first(sms_app, twilio):
    mad = sms_app().extensions["mad"]
    first = send_sms(mad)
    mad.dispatcher.drain()
    twilio.script = ["500"]  # nothing created, but the first text has the same words and number
    second = send_sms(mad)

    mad.dispatcher.drain()

    assert load(mad, second).status == "sent"
    assert load(mad, second).provider_reference != load(mad, first).provider_reference
    assert len(twilio.bodies_to("+447700900123")) == 2


@pytest.mark.parametrize("code, words", [(21211, "not valid"), (21610, "opted out"), (21614, "not a mobile")])
def test_a_permanent_refusal_fails_with_a_reason_officers_can_act_on(sms_app, twilio, code, words):
    mad = sms_app().extensions["mad"]
    twilio.script = [(400, code)]
    message_id = send_sms(mad)

    mad.dispatcher.drain()

    stored = load(mad, message_id)
    assert stored.status == "failed" and stored.attempts == 1
    assert words in stored.failure_reason and f"Twilio error {code}" in stored.failure_reason
    assert "+447700900123" not in stored.failure_reason
    with mad.session() as session:
        entry = session.scalar(select(RecordsEntry).where(RecordsEntry.message_id == message_id))
    assert entry.text.startswith("NOT DELIVERED: ")
    assert twilio.messages == []


def test_a_wrong_auth_token_is_retried_with_what_to_fix(sms_app, twilio, monkeypatch):
    monkeypatch.setenv("MAD_TEST_TWILIO_TOKEN", "a-wrong-token-0123456789")
    mad = sms_app().extensions["mad"]
    message_id = send_sms(mad)
    mad.dispatcher.run_once()
    stored = load(mad, message_id)
    assert stored.status == "queued" and "sms_twilio settings" in stored.failure_reason


def test_sends_keep_to_the_messages_per_second_limit(sms_app, twilio):
    mad = sms_app(messages_per_second=20).extensions["mad"]
    for i in range(25):
        send_sms(mad, recipient=f"07700 900{200 + i}")
    started = time.monotonic()
    mad.dispatcher.drain()
    assert len(twilio.messages) == 25
    assert time.monotonic() - started >= 0.95  # at most 20 in any one second: the 21st waits for the 1st


@pytest.mark.parametrize("changes, key, words", [
    ({"from_number": "+447700900000"}, "messaging_service_sid", "exactly one"),
    ({"messaging_service_sid": None}, "messaging_service_sid", "exactly one"),
    ({"account_sid": "AC123"}, "account_sid", "32 hexadecimal"),
    ({"auth_token": {"$env": "MAD_TEST_UNSET_VARIABLE"}}, "auth_token", "not set"),
    ({"public_base_url": "http://mad.example.org"}, "public_base_url", "https"),
    ({"public_base_url": "http://localhost.example.org"}, "public_base_url", "https"),
])
def test_bad_settings_stop_start_up_with_what_to_fix(make_mad_app, twilio, monkeypatch, changes, key, words):
    monkeypatch.setenv("MAD_TEST_TWILIO_TOKEN", "test-auth-token-0123456789abcdef")
    with pytest.raises(PluginError) as error:
        make_mad_app(enabled=["sms_twilio"], settings={"sms_twilio": twilio_settings(twilio, **changes)})
    assert f"setting {key!r}" in str(error.value) and words in str(error.value)


def test_a_dispatcher_killed_after_the_request_went_out_is_reconciled_by_lookup(sms_app, twilio, database):
    from datetime import timedelta

    from sqlalchemy import update

    from core.db import utcnow

    mad = sms_app(database=database).extensions["mad"]
    reached, never = send_sms(mad), send_sms(mad, recipient="07700 900124")
    with mad.session() as session:  # both claimed by a dispatcher that then died, its lease long gone
        session.execute(update(Message).where(Message.id.in_([reached, never]))
                        .values(status="sending", attempts=1, claimed_at=utcnow() - timedelta(hours=1)))
    body = load(mad, reached).body  # its request had reached Twilio before the process died
    twilio.create({"To": "+447700900123", "Body": body, "MessagingServiceSid": SERVICE_SID})

    mad.dispatcher.drain()  # the first run sweeps what was left in "sending"

    assert load(mad, reached).status == "sent" and load(mad, reached).provider_reference == twilio.messages[0]["sid"]
    assert twilio.bodies_to("+447700900123") == [body]  # looked up, not sent again
    assert load(mad, never).status == "sent"  # Twilio certainly did not have it: sent now, once
    assert len(twilio.bodies_to("+447700900124")) == 1
