"""Claims on PostgreSQL: ``FOR UPDATE SKIP LOCKED`` hands concurrent claimers disjoint messages.

These are about PostgreSQL's row locks, so they run on PostgreSQL only (skipped when
MAD_TEST_POSTGRES_URL is unset).
"""

import threading

import pytest
from sqlalchemy import select

from core.constants import MessageStatus
from core.messaging.outbox import deliver_due
from core.models import Message
from tests.dispatch.claimers import claim_batch, claimed_ids, run_at_once
from tests.factories import ChannelPlugin, ScriptedChannel, send

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
        claimer = threading.Thread(target=lambda: result.extend(claim_batch(mad, 10)))
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
    batches = run_at_once(lambda: claimed_ids(mad, 7), workers=4)
    claimed = [message_id for mine in batches for message_id in mine]
    assert len(claimed) == len(set(claimed)) == 300 and set(claimed) == ids
    assert all(batches), "every claimer took a share"


def test_a_worker_holds_only_the_message_in_hand_so_others_take_the_rest_at_once(pg):
    seen_while_sending = []

    class SlowChannel(ScriptedChannel):
        def send(self, message):
            if not seen_while_sending:  # while the first is being sent, another worker takes what is due
                seen_while_sending.append("first")
                with mad.session() as session:
                    seen_while_sending.extend(session.scalars(
                        select(Message.status).where(Message.id != message.id).order_by(Message.id)).all())
                seen_while_sending.append(len(deliver_due(mad, 10)))
            return super().send(message)

    mad, channel = pg(SlowChannel())
    ids = [send(mad) for _ in range(3)]
    first = deliver_due(mad, 10)
    assert seen_while_sending == ["first", "queued", "queued", 2], "the rest were never claimed by the busy worker"
    assert len(first) == 1 and sorted(channel.delivered) == sorted(ids)
    with mad.session() as session:
        assert sorted(session.scalars(select(Message.status)).all()) == ["sent"] * 3
