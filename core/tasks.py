"""What Celery workers do: the same outbox code as the embedded dispatcher, called from tasks.

Tasks carry ids only (never a victim's details). The outbox tables are the source of truth: a
task lost by the broker, or a worker killed mid-task, loses nothing, because :func:`sweep`
(run periodically by celery beat) finds what is due or stuck in the database and enqueues it
again, and every delivery starts with a claim that only one caller can win.

Each function takes the running :class:`core.runtime.Toolkit`; :mod:`core.celery_app` registers
thin Celery tasks around them.
"""

import logging
import math

from sqlalchemy import func, select

from core.constants import MessageStatus
from core.db import utcnow
from core.dispatcher import deliver_due
from core.messaging import outbox as messages
from core.models.messages import Message
from core.records import outbox as records
from core.records.batch import write_batch
from core.compliance.refresh import refresh
from core.retention import purge_expired

log = logging.getLogger(__name__)

#: Messages one batch task claims at once (small, so work spreads over every worker thread).
BATCH = 25
#: Batch tasks one sweep enqueues at most; a full batch enqueues its own follow-up.
MAX_BATCHES_PER_SWEEP = 40
#: Messages a delivery task claims at most: its own and, behind a backlog, others due (PostgreSQL).
WITH_MESSAGE = 10
#: Records writes one task performs at most.
WRITE_BATCH = 100


def deliver_message(mad, message_id):
    """Deliver one message and write its records entry. Task ``mad.deliver_message``.

    Enqueued by :meth:`core.celery_app.CeleryDispatcher.wake` when an officer sends. Behind a
    backlog, the same call also takes up to ``WITH_MESSAGE - 1`` other due messages (on
    PostgreSQL claimed at once with ``SKIP LOCKED``, on SQLite one by one as each outcome is
    stored), whose own tasks then find nothing to do: batches cost far fewer database round trips. Returns how many messages this call claimed (0 when someone else had
    the message: a duplicate task is harmless).
    """
    delivered = deliver_due(mad, WITH_MESSAGE, first=message_id)
    if delivered:
        write_records(mad, message_ids=delivered)
    return len(delivered)


def write_records(mad, message_ids=None, limit=WRITE_BATCH):
    """Perform due records writes (only those of ``message_ids``' entries when given).

    Called by the delivery tasks and task ``mad.write_records``; returns how many this call claimed.
    """
    with mad.session() as session:
        write_ids = records.due_write_ids(session, utcnow(), limit, message_ids=message_ids)
    return write_batch(mad, write_ids)


def deliver_batch(mad, limit=BATCH):
    """Claim and deliver up to ``limit`` due messages and write their records. Task ``mad.deliver_batch``.

    Enqueued by :func:`sweep`. On PostgreSQL the batch is claimed with ``SKIP LOCKED``, so
    concurrent batch tasks get disjoint messages. Returns how many messages this call claimed.
    """
    delivered = deliver_due(mad, limit)
    if delivered:
        write_records(mad, message_ids=delivered)
    return len(delivered)


def sweep(mad, enqueue_batches, enqueue_writes):
    """Reconcile what is stuck and enqueue what is due. Task ``mad.sweep``, run by celery beat.

    Messages left in ``sending`` past the lease (a worker killed mid-send) are reconciled through
    the channel's ``lookup`` before any resend, exactly as the embedded dispatcher does; records
    writes left in ``writing`` go back to pending. Then ``enqueue_batches(n)`` is called with the
    number of batch tasks needed for the due messages, and ``enqueue_writes()`` when records
    writes are due. Returns a dict of counts (logged by the worker).
    """
    now = utcnow()
    stuck_messages = messages.sweep_stuck(mad, now)
    stuck_writes = records.sweep_stuck(mad, now)
    with mad.session() as session:
        due = session.scalar(
            select(func.count()).where(Message.status == MessageStatus.QUEUED, Message.next_attempt_at <= now)
        ) or 0
        writes_due = bool(records.due_write_ids(session, now, 1))
    batches = min(MAX_BATCHES_PER_SWEEP, math.ceil(due / BATCH))
    if batches:
        enqueue_batches(batches)
    if writes_due:
        enqueue_writes()
    counts = {"stuck_messages": stuck_messages, "stuck_writes": stuck_writes, "messages_due": due,
              "batches_enqueued": batches, "writes_due": writes_due}
    if stuck_messages or stuck_writes or due:
        log.info("sweep", extra=counts)
    return counts


def purge(mad):
    """Clear victims' details past the retention period. Task ``mad.purge_expired``, hourly by beat."""
    return purge_expired(mad)


def refresh_rollups(mad):
    """Bring the figures' daily rollups up to date. Task ``mad.refresh_rollups``, every minute by beat.

    Returns how many victims were worked out again (see :func:`core.compliance.refresh.refresh`).
    """
    return refresh(mad)["victims"]
