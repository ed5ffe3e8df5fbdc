"""The outbox and dispatcher: retries, permanent failures, ambiguous outcomes, crashes, concurrency.

Run on SQLite and on PostgreSQL. Channels here are plugins registered on the same hook as the
built-in sandbox, so they take over SMS delivery exactly as a force's gateway plugin would.
"""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core.db import utcnow
from core.messaging.outbox import UNKNOWN_OUTCOME
from core.models import AuditChronologyEntry, Message, SandboxCapture
from core.toolkit import PermanentFailure, SendResult, TemporaryFailure
from tests.factories import ChannelPlugin, ScriptedChannel, load, send


@pytest.fixture
def scripted(make_mad_app, database):
    def make(script=(), lookup_answer=None, **dispatcher):
        channel = ScriptedChannel(script, lookup_answer)
        plugin = ChannelPlugin(channel)
        app = make_mad_app(plugins=[plugin], database=database)
        mad = app.extensions["mad"]
        mad.config.dispatcher.update(dispatcher)
        return mad, channel, plugin

    return make


def test_register_channels_a_channels_temporary_failures_are_retried_until_sent(scripted):
    mad, channel, plugin = scripted([TemporaryFailure("gateway busy"), TemporaryFailure("gateway busy")])
    message_id = send(mad)
    mad.dispatcher.drain()
    message, entry, writes = load(mad, message_id)
    assert (message.status, message.attempts, channel.delivered) == ("sent", 3, [message_id])
    assert message.failure_reason is None and message.sent_at is not None
    assert [w.status for w in writes] == ["written"]
    assert ("sent", message_id) in plugin.events


def test_retries_wait_with_backoff(scripted):
    mad, channel, _ = scripted([TemporaryFailure("gateway busy")], backoff_seconds=60.0, backoff_jitter=0.0)
    message_id = send(mad)
    mad.dispatcher.drain()
    message, _, writes = load(mad, message_id)
    assert message.status == "queued" and message.failure_reason == "gateway busy"
    assert timedelta(seconds=55) < message.next_attempt_at - utcnow() <= timedelta(seconds=60)
    assert [w.status for w in writes] == ["pending"], "the record waits for the message's outcome"


def test_temporary_failures_are_retried_for_the_whole_window_then_fail_loudly_with_message_failed(scripted, fake_clock):
    mad, channel, plugin = scripted([TemporaryFailure("gateway busy")] * 1000, backoff_seconds=2.0,
                                    backoff_max_seconds=600.0, message_retry_hours=24)
    message_id = send(mad)
    stored_at = fake_clock.now
    while load(mad, message_id)[0].status == "queued":
        message = load(mad, message_id)[0]
        assert message.next_attempt_at <= stored_at + timedelta(hours=24), "never later than the window's end"
        fake_clock.now = max(fake_clock.now, message.next_attempt_at)
        mad.dispatcher.run_once()
    message, entry, writes = load(mad, message_id)
    assert fake_clock.now == stored_at + timedelta(hours=24), "the last attempt is at the window's end"
    assert 24 * 6 < message.attempts < 24 * 6 * 2, "about one attempt per 10-minute ceiling over 24 hours"
    assert message.status == "failed"
    assert message.failure_reason == f"Still failing after 24 hours of retries ({message.attempts} attempts): gateway busy"
    assert entry.entry_type == "message_failed" and entry.text.startswith("NOT DELIVERED: Still failing after 24 hours")
    mad.dispatcher.drain()
    assert [w.status for w in load(mad, message_id)[2]] == ["written"]
    assert [e for e in plugin.events if e[0] == "failed"] == [("failed", message_id, message.failure_reason)]


def test_a_gateway_back_within_the_window_delivers_the_message(scripted, fake_clock):
    mad, channel, _ = scripted([TemporaryFailure("gateway busy")] * 30, message_retry_hours=24)
    message_id = send(mad)
    for _ in range(31):
        fake_clock.advance(minutes=10)
        mad.dispatcher.run_once()
    message, _, _ = load(mad, message_id)
    assert (message.status, channel.delivered) == ("sent", [message_id])


def test_permanent_failure_is_not_retried(scripted):
    mad, channel, _ = scripted([PermanentFailure("The number has opted out of texts")])
    message_id = send(mad)
    mad.dispatcher.drain()
    message, _, _ = load(mad, message_id)
    assert (message.status, message.attempts, channel.calls) == ("failed", 1, 1)
    assert message.failure_reason == "The number has opted out of texts"


def test_ambiguous_outcome_the_channel_cannot_confirm_is_unknown_not_resent(scripted):
    mad, channel, _ = scripted([TimeoutError("read timed out")], lookup_answer=None)
    message_id = send(mad)
    mad.dispatcher.drain()
    message, entry, _ = load(mad, message_id)
    assert (message.status, message.failure_reason, channel.calls) == ("unknown", UNKNOWN_OUTCOME, 1)
    assert message.failure_reason.startswith("May have been delivered: check with the victim before sending again")
    assert entry.entry_type == "message_outcome_unknown"
    assert entry.text.startswith("MAY HAVE BEEN DELIVERED: check with the victim before sending again\n")
    assert "NOT DELIVERED" not in entry.text


def test_ambiguous_outcome_is_reconciled_by_lookup(scripted):
    mad, channel, _ = scripted([TimeoutError("read timed out")], lookup_answer=SendResult(provider_reference="SMx"))
    message_id = send(mad)
    mad.dispatcher.drain()
    message, _, _ = load(mad, message_id)
    assert (message.status, message.provider_reference, channel.calls) == ("sent", "SMx", 1)


def test_ambiguous_outcome_the_provider_never_saw_is_retried(scripted):
    mad, channel, _ = scripted([ConnectionResetError()], lookup_answer=False)
    message_id = send(mad)
    mad.dispatcher.drain()
    message, _, _ = load(mad, message_id)
    assert (message.status, channel.delivered) == ("sent", [message_id])


def _crash_mid_send(mad, message_id):
    """Leave the message as a dispatcher that died during delivery would: sending, claimed long ago."""
    with mad.session() as session:
        session.execute(update(Message).where(Message.id == message_id).values(
            status="sending", attempts=1, claimed_at=utcnow() - timedelta(hours=1)))


def test_after_a_crash_a_message_the_sandbox_already_captured_is_not_sent_again(make_mad_app, database):
    mad = make_mad_app(database=database).extensions["mad"]
    message_id = send(mad)
    with mad.session() as session:
        session.add(SandboxCapture(message_id=message_id, kind="sms", recipient="+447700900123", body="x", locale="en"))
    _crash_mid_send(mad, message_id)
    mad.dispatcher.drain()
    message, _, writes = load(mad, message_id)
    with mad.session() as session:
        captures = session.scalars(select(SandboxCapture).where(SandboxCapture.message_id == message_id)).all()
    assert message.status == "sent" and len(captures) == 1
    assert [w.status for w in writes] == ["written"]


def test_after_a_crash_a_message_the_channel_never_got_is_delivered_once(make_mad_app, database):
    mad = make_mad_app(database=database).extensions["mad"]
    message_id = send(mad)
    _crash_mid_send(mad, message_id)
    mad.dispatcher.drain()
    with mad.session() as session:
        captures = session.scalars(select(SandboxCapture).where(SandboxCapture.message_id == message_id)).all()
    assert load(mad, message_id)[0].status == "sent" and len(captures) == 1


def test_two_dispatchers_never_deliver_one_message_twice(scripted):
    from core.dispatcher import Dispatcher

    mad, channel, _ = scripted()
    ids = [send(mad, idempotency_key=f"key-{n:04d}") for n in range(40)]
    dispatchers = [Dispatcher(mad), Dispatcher(mad)]
    threads = [threading.Thread(target=d.drain) for d in dispatchers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(channel.delivered) == sorted(ids)
    with mad.session() as session:
        assert session.scalar(select(AuditChronologyEntry).where(AuditChronologyEntry.id > 0).limit(1)) is not None
        assert len(session.scalars(select(AuditChronologyEntry)).all()) == 40


def test_the_background_dispatcher_delivers_without_being_asked(make_mad_app, database):
    import time

    mad = make_mad_app(database=database).extensions["mad"]
    mad.dispatcher.start()
    message_id = send(mad)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and load(mad, message_id)[2][0].status != "written":
        time.sleep(0.05)
    message, _, writes = load(mad, message_id)
    assert message.status == "sent" and writes[0].status == "written"
    assert mad.dispatcher.state()["state"] == "running"
    mad.dispatcher.stop()
    assert mad.dispatcher.state()["state"] == "stopped"
