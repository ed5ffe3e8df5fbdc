"""record_delivery_status and stored_message: what channel plugins may change and read after a send.

Run on SQLite and PostgreSQL, with the sandbox SMS channel delivering.
"""

import threading

import pytest
from sqlalchemy import select, update

from core.events import MessageFailed, MessageSent
from core import hookimpl
from core.messaging.service import prepare, queue
from core.models import Message, RecordsEntry
from core.toolkit import record_delivery_status, references_in_use, stored_message
from tests.factories import update_request

REQUEST = update_request()


class Listener:
    def __init__(self):
        self.events = []

    @hookimpl
    def track_event(self, event):
        if isinstance(event, MessageSent):
            self.events.append(("sent", event.status))
        elif isinstance(event, MessageFailed):
            self.events.append(("failed", event.reason))


@pytest.fixture
def setup(make_mad_app, database):
    listener = Listener()
    mad = make_mad_app(plugins=[listener], database=database).extensions["mad"]
    return mad, listener


def send(mad, user=None):
    message, _ = queue(mad, prepare(mad, REQUEST), user)
    return message.id


def load(mad, message_id):
    with mad.session() as session:
        return session.get(Message, message_id)


def set_status(mad, message_id, status):
    with mad.session() as session:
        session.execute(update(Message).where(Message.id == message_id).values(status=status))


def test_sent_then_delivered(setup):
    mad, listener = setup
    message_id = send(mad)
    mad.dispatcher.drain()

    assert record_delivery_status(mad, message_id, "delivered", provider_reference="SMabc") is True

    stored = load(mad, message_id)
    assert stored.status == "delivered" and stored.delivered_at is not None and stored.provider_reference == "SMabc"
    assert listener.events[-1] == ("sent", "delivered")


def test_a_delivery_receipt_keeps_the_time_the_message_was_sent(setup):
    mad, _ = setup
    message_id = send(mad)
    mad.dispatcher.drain()
    sent_at = load(mad, message_id).sent_at

    assert record_delivery_status(mad, message_id, "delivered", provider_reference="SMabc") is True

    stored = load(mad, message_id)
    assert stored.sent_at == sent_at and stored.delivered_at > sent_at


def test_a_receipt_that_loses_to_the_dispatcher_says_it_stored_nothing(setup, monkeypatch):
    from core.messaging import outbox, status_updates

    mad, listener = setup
    message_id = send(mad)
    set_status(mad, message_id, "sending")  # the dispatcher is waiting for the provider's answer
    real_mark_sent = outbox.mark_sent

    def dispatcher_finishes_first(*args, **kwargs):  # the provider's answer reaches the dispatcher first
        with mad.session() as session:
            session.execute(update(Message).where(Message.id == message_id).values(status="failed"))
        return real_mark_sent(*args, **kwargs)

    monkeypatch.setattr(status_updates, "mark_sent", dispatcher_finishes_first)
    assert record_delivery_status(mad, message_id, "delivered", provider_reference="SMabc") is False
    assert load(mad, message_id).status == "failed" and listener.events == []


def test_failed_marks_the_records_entry_and_fires_once(setup):
    mad, listener = setup
    message_id = send(mad)
    mad.dispatcher.drain()

    assert record_delivery_status(mad, message_id, "failed", reason="The victim's phone was unreachable") is True
    assert record_delivery_status(mad, message_id, "failed", reason="again") is False

    stored = load(mad, message_id)
    assert stored.status == "failed" and stored.failure_reason == "The victim's phone was unreachable"
    with mad.session() as session:
        entry = session.scalar(select(RecordsEntry).where(RecordsEntry.message_id == message_id))
    assert entry.entry_type == "message_failed"
    assert entry.text.startswith("NOT DELIVERED: The victim's phone was unreachable\n")
    assert [e for e in listener.events if e[0] == "failed"] == [("failed", "The victim's phone was unreachable")]


@pytest.mark.parametrize("final", ["delivered", "failed"])
@pytest.mark.parametrize("late", ["sent", "delivered", "failed"])
def test_a_final_status_is_never_changed(setup, final, late):
    mad, listener = setup
    message_id = send(mad)
    mad.dispatcher.drain()
    record_delivery_status(mad, message_id, final, reason="first")
    before, events = load(mad, message_id), list(listener.events)

    assert record_delivery_status(mad, message_id, late, reason="late") is False

    after = load(mad, message_id)
    assert (after.status, after.failure_reason) == (before.status, before.failure_reason)
    assert listener.events == events


def test_a_receipt_that_overtakes_the_dispatcher_wins_and_the_dispatcher_changes_nothing(setup):
    mad, listener = setup
    message_id = send(mad)
    set_status(mad, message_id, "sending")  # the dispatcher is still waiting for the provider's answer

    assert record_delivery_status(mad, message_id, "delivered", provider_reference="SMabc") is True
    mad.dispatcher.drain()  # nothing is queued: the message is delivered

    assert load(mad, message_id).status == "delivered"


def test_a_receipt_for_a_message_waiting_to_be_retried_stops_the_retry(setup):
    mad, _ = setup
    message_id = send(mad)
    set_status(mad, message_id, "queued")

    assert record_delivery_status(mad, message_id, "delivered", provider_reference="SMabc") is True
    mad.dispatcher.drain()

    assert load(mad, message_id).status == "delivered"
    with mad.session() as session:
        from core.models import SandboxCapture
        assert session.scalars(select(SandboxCapture)).all() == []  # never sent a second time


def test_concurrent_receipts_settle_once(setup):
    mad, listener = setup
    message_id = send(mad)
    mad.dispatcher.drain()
    results = []
    barrier = threading.Barrier(4)

    def report(status):
        barrier.wait()
        results.append((status, record_delivery_status(mad, message_id, status, reason="unreachable")))

    threads = [threading.Thread(target=report, args=(s,)) for s in ("delivered", "failed", "delivered", "failed")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    final = load(mad, message_id).status
    assert final in ("delivered", "failed")
    assert {status for status, stored in results if stored} == {final}  # no report claims a status that lost
    settled = [e for e in listener.events if e == ("sent", "delivered") or e[0] == "failed"]
    assert len(settled) == 1


def test_an_unknown_message_or_status(setup):
    mad, _ = setup
    assert record_delivery_status(mad, "00000000-0000-0000-0000-000000000000", "delivered") is False
    with pytest.raises(ValueError):
        record_delivery_status(mad, send(mad), "read")


def test_stored_message_gives_a_channel_what_it_needs_to_reconcile(setup, make_user):
    mad, _ = setup
    app_user, _ = make_user(mad_app_for(mad), email="pc.jones@example.org", display_name="PC Jones")
    message_id = send(mad, app_user)
    mad.dispatcher.drain()

    stored = stored_message(mad, message_id)

    assert (stored.recipient, stored.kind, stored.status) == ("+447700900123", "sms", "sent")
    assert stored.body == load(mad, message_id).body and stored.created_at is not None
    assert (stored.author_email, stored.author_name) == ("pc.jones@example.org", "PC Jones")
    assert references_in_use(mad, [stored.provider_reference, "SMother"]) == {stored.provider_reference}
    assert stored_message(mad, "00000000-0000-0000-0000-000000000000") is None


class _AppLike:
    def __init__(self, mad):
        self.extensions = {"mad": mad}


def mad_app_for(mad):
    """``make_user`` takes an app; it only needs ``app.extensions["mad"]``."""
    return _AppLike(mad)
