"""The delivery loop on SQLite: each message claimed as the last is finished, in the same transaction.

What an officer relies on: a crash part-way through a batch loses nothing and sends nothing twice,
two dispatchers share the work without doubling it, and a message changed since the batch was
read is not sent from the stale read.
"""

import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core.db import utcnow
from core.dispatcher import Dispatcher
from core.messaging.outbox import deliver_due
from core.models import AuditChronologyEntry, Message
from core.toolkit import SendResult
from tests.dispatch.claimers import claimed_ids, run_at_once
from tests.factories import ChannelPlugin, ScriptedChannel, send


class Crash(BaseException):
    """The process dying mid-send (not an Exception: nothing in the dispatcher may catch it)."""


class CrashingChannel(ScriptedChannel):
    """Crashes while sending its ``crash_at``-th message, after the provider has it."""

    def __init__(self, crash_at):
        super().__init__()
        self.crash_at = crash_at

    def send(self, message):
        result = super().send(message)
        if self.calls == self.crash_at:
            self.crash_at = None
            raise Crash()
        return result

    def lookup(self, message_id):
        return SendResult(provider_reference="SMfound") if message_id in self.delivered else False


@pytest.fixture
def sqlite_mad(make_mad_app):
    def make(channel):
        return make_mad_app(plugins=[ChannelPlugin(channel)], database="sqlite").extensions["mad"]

    return make


def statuses(mad, ids):
    with mad.session() as session:
        rows = {m.id: m for m in session.scalars(select(Message).where(Message.id.in_(ids)))}
    return [(rows[i].status, rows[i].attempts) for i in ids]


def test_a_crash_mid_batch_leaves_only_the_message_in_hand_to_reconcile_and_nothing_doubled(sqlite_mad):
    channel = CrashingChannel(crash_at=3)
    mad = sqlite_mad(channel)
    ids = [send(mad, idempotency_key=f"crash-{n:04d}") for n in range(6)]

    with pytest.raises(Crash):
        deliver_due(mad, 10)

    assert statuses(mad, ids) == [("sent", 1), ("sent", 1), ("sending", 1)] + [("queued", 0)] * 3, \
        "the rest of the batch was never claimed, so it is simply still waiting"
    with mad.session() as session:  # the restarted dispatcher finds the lease long expired
        session.execute(update(Message).where(Message.id == ids[2]).values(claimed_at=utcnow() - timedelta(hours=1)))
    Dispatcher(mad).drain()

    assert sorted(channel.delivered) == sorted(ids), "every message reached the provider exactly once"
    assert [s for s, _ in statuses(mad, ids)] == ["sent"] * 6
    with mad.session() as session:
        third = session.get(Message, ids[2])
        audit = session.scalars(select(AuditChronologyEntry.entry_id)).all()
    assert third.provider_reference == "SMfound", "the message in hand was settled by asking the provider"
    assert len(audit) == len(set(audit)) == 6


def test_each_claim_is_stored_before_its_send_and_each_outcome_before_the_next_send(sqlite_mad):
    seen = []

    class WatchingChannel(ScriptedChannel):
        def send(self, message):
            with mad.session() as session:  # what another process would read at this moment
                seen.append(dict(session.execute(select(Message.id, Message.status).where(Message.id.in_(ids))).all()))
            return super().send(message)

    mad = sqlite_mad(WatchingChannel())
    ids = [send(mad, idempotency_key=f"watch-{n:04d}") for n in range(3)]
    deliver_due(mad, 10)

    assert [[view[i] for i in ids] for view in seen] == [
        ["sending", "queued", "queued"], ["sent", "sending", "queued"], ["sent", "sent", "sending"]]


class PausingChannel(ScriptedChannel):
    """Takes a few milliseconds per send, like a real provider (no lock is held meanwhile)."""

    def send(self, message):
        time.sleep(0.005)
        return super().send(message)


def test_two_dispatchers_on_one_sqlite_file_share_the_work_without_doubling_it(sqlite_mad):
    channel = PausingChannel()
    mad = sqlite_mad(channel)
    ids = [send(mad, idempotency_key=f"pair-{n:03d}") for n in range(120)]
    shares = run_at_once(lambda: deliver_due(mad, 25), workers=2)
    claimed = shares[0] + shares[1]
    assert len(claimed) == len(set(claimed)) == 120 and sorted(channel.delivered) == sorted(ids)
    assert shares[0] and shares[1], "both dispatchers took a share"


def test_claims_on_sqlite_are_disjoint_between_concurrent_claimers(sqlite_mad):
    mad = sqlite_mad(ScriptedChannel())
    ids = {send(mad, idempotency_key=f"batch-{n:03d}") for n in range(150)}
    batches = run_at_once(lambda: claimed_ids(mad, 7), workers=3)
    claimed = [message_id for mine in batches for message_id in mine]
    assert len(claimed) == len(set(claimed)) == 150 and set(claimed) == ids
    assert statuses(mad, sorted(ids)) == [("sending", 1)] * 150


def test_a_message_retried_by_someone_else_meanwhile_is_not_sent_before_it_is_due_again(sqlite_mad):
    class MeddlingChannel(ScriptedChannel):
        def send(self, message):
            if self.calls == 0:  # meanwhile another dispatcher tried the second message and it must wait
                with mad.session() as session:
                    session.execute(update(Message).where(Message.id == ids[1]).values(
                        attempts=1, next_attempt_at=utcnow() + timedelta(minutes=5)))
            return super().send(message)

    channel = MeddlingChannel()
    mad = sqlite_mad(channel)
    ids = [send(mad, idempotency_key=f"stale-{n:04d}") for n in range(3)]
    assert deliver_due(mad, 10) == [ids[0], ids[2]]
    assert channel.delivered == [ids[0], ids[2]]
    assert statuses(mad, ids) == [("sent", 1), ("queued", 1), ("sent", 1)]
