"""The work Celery tasks do, called directly (no broker): deliver, batch, records, sweep.

On SQLite and PostgreSQL. The worker-process tests in test_workers.py run the same functions
through real brokers.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core import tasks
from core.constants import MessageStatus
from core.db import utcnow
from core.models import Message
from core.toolkit import SendResult
from tests.factories import ChannelPlugin, ScriptedChannel, load, send


@pytest.fixture
def scripted(make_mad_app, database):
    def make(lookup_answer=None):
        channel = ScriptedChannel(lookup_answer=lookup_answer)
        mad = make_mad_app(plugins=[ChannelPlugin(channel)], database=database).extensions["mad"]
        return mad, channel

    return make


def test_deliver_message_sends_once_and_writes_the_record(scripted):
    mad, channel = scripted()
    message_id = send(mad)
    assert tasks.deliver_message(mad, message_id) == 1
    assert tasks.deliver_message(mad, message_id) == 0, "a duplicate task finds nothing to claim"
    message, entry, writes = load(mad, message_id)
    assert message.status == "sent" and channel.delivered == [message_id]
    assert [w.status for w in writes] == ["written"]


def test_behind_a_backlog_a_delivery_task_takes_other_due_messages_too(scripted, database):
    mad, channel = scripted()
    ids = [send(mad) for _ in range(tasks.WITH_MESSAGE + 5)]
    own = ids[-1]
    taken = tasks.deliver_message(mad, own)
    assert taken == tasks.WITH_MESSAGE and channel.delivered[0] == own
    assert channel.delivered[1:] == ids[:tasks.WITH_MESSAGE - 1], "then the oldest due"
    assert [tasks.deliver_message(mad, i) for i in channel.delivered] == [0] * taken, "their own tasks find nothing"
    assert all(w.status == "written" for i in channel.delivered for w in load(mad, i)[2])
    assert all(load(mad, i)[0].status == "queued" for i in ids if i not in channel.delivered)


def test_a_delivery_task_whose_message_is_taken_claims_nothing_else(scripted):
    mad, channel = scripted()
    ids = [send(mad) for _ in range(3)]
    with mad.session() as session:
        session.execute(update(Message).where(Message.id == ids[0]).values(status=MessageStatus.SENDING,
                                                                          claimed_at=utcnow()))
    assert tasks.deliver_message(mad, ids[0]) == 0 and channel.calls == 0


def test_deliver_batch_takes_at_most_a_batch(scripted):
    mad, channel = scripted()
    ids = [send(mad) for _ in range(30)]
    assert tasks.deliver_batch(mad) == tasks.BATCH
    assert tasks.deliver_batch(mad) == 30 - tasks.BATCH
    assert tasks.deliver_batch(mad) == 0
    assert sorted(channel.delivered) == sorted(ids)
    assert all(w.status == "written" for i in ids for w in load(mad, i)[2])


def test_sweep_enqueues_enough_batches_for_what_is_due_and_not_what_waits(scripted):
    mad, channel = scripted()
    ids = [send(mad) for _ in range(60)]
    with mad.session() as session:
        session.execute(update(Message).where(Message.id.in_(ids[:5]))
                        .values(next_attempt_at=utcnow() + timedelta(minutes=5)))  # retries not yet due
    enqueued = []
    counts = tasks.sweep(mad, enqueued.append, lambda: enqueued.append("writes"))
    assert enqueued == [3] and counts["messages_due"] == 55, "55 due messages need three batches of 25"
    assert channel.calls == 0, "the sweeper enqueues; workers deliver"


def test_sweep_enqueues_records_writes_once_their_message_has_an_outcome(scripted):
    mad, _ = scripted()
    message_id = send(mad)
    enqueued = []
    tasks.sweep(mad, enqueued.append, lambda: enqueued.append("writes"))
    assert enqueued == [1], "a batch for the message; its record waits for the message's outcome"
    with mad.session() as session:
        session.execute(update(Message).where(Message.id == message_id).values(status=MessageStatus.SENT))
    tasks.sweep(mad, enqueued.append, lambda: enqueued.append("writes"))
    assert enqueued == [1, "writes"], "no message due now, its record is"
    assert tasks.write_records(mad) == 1


@pytest.mark.parametrize("answer, status, sends", [
    (SendResult(provider_reference="SM123"), "sent", 0),  # the provider has it: not resent
    (False, "queued", 0),                                  # certainly not there: back in the queue
    (None, "unknown", 0),                                  # cannot tell: may have been delivered, not resent
])
def test_sweep_reconciles_a_message_stuck_in_sending_before_any_resend(scripted, answer, status, sends):
    mad, channel = scripted(lookup_answer=answer)
    message_id = send(mad)
    lease = mad.config.dispatcher["lease_seconds"]
    with mad.session() as session:  # a worker claimed it and was killed before storing the outcome
        session.execute(update(Message).where(Message.id == message_id).values(
            status=MessageStatus.SENDING, attempts=1, claimed_at=utcnow() - timedelta(seconds=lease + 1)))
    counts = tasks.sweep(mad, lambda n: None, lambda: None)
    message, _, _ = load(mad, message_id)
    assert counts["stuck_messages"] == 1 and message.status == status and channel.calls == sends
    if status == "unknown":
        assert "not sent again by itself" in message.failure_reason
    with mad.session() as session:
        assert session.scalar(select(Message.provider_reference).where(Message.id == message_id)) == (
            "SM123" if status == "sent" else None)


def test_a_sweeper_acting_on_a_stale_read_never_undoes_a_newer_claim(scripted):
    from core.messaging import outbox

    mad, channel = scripted(lookup_answer=False)
    message_id = send(mad)
    lease = mad.config.dispatcher["lease_seconds"]
    with mad.session() as session:
        session.execute(update(Message).where(Message.id == message_id).values(
            status=MessageStatus.SENDING, attempts=1, claimed_at=utcnow() - timedelta(seconds=lease + 1)))
        stale = session.get(Message, message_id)  # what a slow sweeper read
    with mad.session() as session:  # meanwhile: reconciled, retried and claimed again by a worker now sending it
        session.execute(update(Message).where(Message.id == message_id).values(attempts=2, claimed_at=utcnow()))
    outbox.reconcile(mad, stale, channel, "The dispatcher stopped while sending")
    message, _, _ = load(mad, message_id)
    assert (message.status, message.attempts) == ("sending", 2), "the newer claim is left to finish its send"


def test_drain_does_in_this_process_everything_due_as_a_worker_would(scripted):
    """``mad dispatch`` in celery mode (after an outage): every due message sent once, its record written."""
    mad, channel = scripted()
    ids = [send(mad) for _ in range(tasks.BATCH + 3)]
    assert tasks.drain(mad) == 2 * len(ids), "each message and each records write once"
    assert sorted(channel.delivered) == sorted(ids)
    assert all(load(mad, i)[0].status == "sent" and [w.status for w in load(mad, i)[2]] == ["written"] for i in ids)
    assert tasks.drain(mad) == 0
