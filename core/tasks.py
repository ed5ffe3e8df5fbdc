"""What Celery workers do: the same delivery code as the embedded dispatcher, called from tasks.

Tasks carry ids only (never a victim's details). The outbox tables are the source of truth: a
task lost by the broker, or a worker killed mid-task, loses nothing, because :func:`sweep`
(run periodically by celery beat) finds what is due or stuck in the database and enqueues it
again, and every delivery starts with a claim that only one caller can win.

Each function takes the running :class:`core.runtime.Toolkit`; :mod:`core.celery_app` registers
thin Celery tasks around them.
"""

import logging
import math
import time

from sqlalchemy import func, select

from core.constants import MessageStatus
from core.db import utcnow
from core.messaging import outbox as messages
from core.messaging.outbox import deliver_due
from core.models.messages import Message
from core.records import outbox as records
from core.records.batch import write_batch
from core.compliance.refresh import refresh
from core.retention import purge_expired
from core.webhooks import outbox as webhooks

log = logging.getLogger(__name__)

#: Messages one batch task claims at once (small, so work spreads over every worker thread).
BATCH = 25
#: Batch tasks one sweep enqueues at most; a full batch enqueues its own follow-up.
MAX_BATCHES_PER_SWEEP = 40
#: Messages a delivery task claims at most: its own and, behind a backlog, others due, so a backlog
#: is delivered in batches per task (their own tasks then find nothing to do, at one query each).
WITH_MESSAGE = BATCH
#: Records writes one task performs at most.
WRITE_BATCH = 100


def deliver_message(mad, message_id):
    """Deliver one message and write its records entry. Task ``mad.deliver_message``.

    Enqueued by :meth:`core.celery_app.CeleryDispatcher.wake` when an officer sends. Behind a
    backlog, the same call also takes up to ``WITH_MESSAGE - 1`` other due messages (each claimed
    in the transaction storing the previous outcome, :func:`core.messaging.outbox.deliver_due`),
    whose own tasks then find nothing to do: a batch per task, its records written together.
    Returns how many messages this call claimed (0 when someone else had the message: a
    duplicate task is harmless).
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


def deliver_webhooks(mad):
    """Send up to a batch of due webhook deliveries. Task ``mad.deliver_webhooks``; returns how many landed.

    Enqueued by :meth:`core.celery_app.CeleryDispatcher.wake_webhooks` when an event is stored and
    by :func:`sweep` when deliveries are due (retries, or left by a worker that died).
    """
    return webhooks.deliver_due(mad, limit=webhooks.BATCH)


def sweep(mad, enqueue_batches, enqueue_writes, enqueue_webhooks=None):
    """Reconcile what is stuck and enqueue what is due. Task ``mad.sweep``, run by celery beat.

    Messages left in ``sending`` past the lease (a worker killed mid-send) are reconciled through
    the channel's ``lookup`` before any resend, exactly as the embedded dispatcher does; records
    writes and webhook deliveries left in ``writing``/``sending`` go back to pending. Then
    ``enqueue_batches(n)`` is called with the number of batch tasks needed for the due messages,
    ``enqueue_writes()`` when records writes are due and ``enqueue_webhooks()`` when webhook
    deliveries are due. Returns a dict of counts (logged by the worker).
    """
    now = utcnow()
    stuck_messages = messages.sweep_stuck(mad, now)
    stuck_writes = records.sweep_stuck(mad, now)
    stuck_webhooks = webhooks.sweep_stuck(mad, now)
    webhooks_due = webhooks.due_count(mad, now)
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
    if webhooks_due and enqueue_webhooks is not None:
        for _ in range(min(MAX_BATCHES_PER_SWEEP, math.ceil(webhooks_due / webhooks.BATCH))):
            enqueue_webhooks()
    counts = {"stuck_messages": stuck_messages, "stuck_writes": stuck_writes, "messages_due": due,
              "batches_enqueued": batches, "writes_due": writes_due, "stuck_webhooks": stuck_webhooks,
              "webhooks_due": webhooks_due}
    if stuck_messages or stuck_writes or due or stuck_webhooks or webhooks_due:
        log.info("sweep", extra=counts)
    return counts


def purge(mad):
    """Clear victims' details past the retention period. Task ``mad.purge_expired``, hourly by beat."""
    return purge_expired(mad)


def drain(mad, timeout=30.0):
    """Do everything due now in this process: stuck items, due messages, due records writes.

    Called by :meth:`core.celery_app.CeleryDispatcher.drain` (``mad dispatch`` in celery mode).
    Returns how many messages and records writes were handled.
    """
    deadline = time.monotonic() + timeout
    now = utcnow()
    total = messages.sweep_stuck(mad, now) + records.sweep_stuck(mad, now)
    while time.monotonic() < deadline:
        handled = len(deliver_due(mad, BATCH)) + write_records(mad)
        total += handled
        if not handled:
            break
    return total


def refresh_rollups(mad):
    """Bring the figures' daily rollups up to date. Task ``mad.refresh_rollups``, every minute by beat.

    Returns how many victims were worked out again (see :func:`core.compliance.refresh.refresh`).
    """
    return refresh(mad)["victims"]
