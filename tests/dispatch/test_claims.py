"""Batch claims on PostgreSQL: ``FOR UPDATE SKIP LOCKED`` hands concurrent claimers disjoint batches.

These are about PostgreSQL's row locks, so they run on PostgreSQL only (skipped when
MAD_TEST_POSTGRES_URL is unset).
"""

import threading
import time

import pytest
from sqlalchemy import select, update

from core.constants import MessageStatus
from core.db import utcnow
from core.dispatcher import deliver_due
from core.messaging import outbox
from core.models import Message
from tests.messaging.test_outbox import ChannelPlugin, ScriptedChannel, send

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(make_mad_app):
    """Factory: an app on PostgreSQL with a scripted SMS channel → ``(mad, channel)``."""

    def make(channel=None):
        channel = channel or ScriptedChannel()
        mad = make_mad_app(plugins=[ChannelPlugin(channel)], database="postgresql").extensions["mad"]
        return mad, channel

    return make


def test_a_claimer_skips_rows_another_transaction_holds_instead_of_waiting(pg):
    mad, _ = pg()
    ids = [send(mad) for _ in range(20)]
    with mad.session() as holder:  # another worker, mid-claim: it holds the ten oldest rows
        held = holder.scalars(
            select(Message.id).where(Message.status == MessageStatus.QUEUED).order_by(Message.next_attempt_at)
            .limit(10).with_for_update(skip_locked=True)
        ).all()
        result = []
        claimer = threading.Thread(target=lambda: result.extend(outbox.claim_due(mad, utcnow(), 10)))
        claimer.start()
        claimer.join(5)
        blocked = claimer.is_alive()
    claimer.join(30)
    assert not blocked, "SKIP LOCKED never waits for another claimer's locks"
    claimed = result
    assert {m.id for m in claimed} == set(ids) - set(held) and len(claimed) == 10
    assert all(m.status == MessageStatus.SENDING and m.attempts == 1 for m in claimed)


def test_concurrent_claimers_get_disjoint_batches_covering_every_message(pg):
    mad, _ = pg()
    ids = {send(mad) for _ in range(300)}
    batches, barrier = {}, threading.Barrier(4)

    def claimer(name):
        barrier.wait()
        mine = []
        while batch := outbox.claim_due(mad, utcnow(), 7):
            mine.extend(m.id for m in batch)
        batches[name] = mine

    threads = [threading.Thread(target=claimer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    claimed = [message_id for mine in batches.values() for message_id in mine]
    assert len(claimed) == len(set(claimed)) == 300 and set(claimed) == ids
    assert all(batches[n] for n in range(4)), "every claimer took a share"


def test_a_batch_renews_its_claims_and_skips_a_message_taken_from_it_meanwhile(pg):
    class SlowChannel(ScriptedChannel):
        def send(self, message):
            if self.calls == 0:
                time.sleep(0.7)  # longer than half the lease
                with mad.session() as session:  # meanwhile the sweeper took the last one and another worker claimed it
                    session.execute(update(Message).where(Message.id == ids[2])
                                    .values(status=MessageStatus.SENDING, claimed_at=utcnow()))
            return super().send(message)

    mad, channel = pg(SlowChannel())
    mad.config.dispatcher["lease_seconds"] = 1.0
    ids = [send(mad) for _ in range(3)]
    with mad.session() as session:  # a later claim time for the third, so the batch holds it last
        session.execute(update(Message).where(Message.id == ids[2]).values(next_attempt_at=utcnow()))
    assert len(deliver_due(mad, 10)) == 3
    assert channel.delivered == ids[:2], "the message taken from the batch is not sent by it"
    with mad.session() as session:
        first, second, third = (session.get(Message, i) for i in ids)
    assert (first.status, second.status, third.status) == ("sent", "sent", "sending")
    assert second.claimed_at > first.claimed_at, "the rest of the batch had its lease renewed"
