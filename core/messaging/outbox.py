"""The message outbox: claim a due message, deliver it through its channel, store the outcome.

States: queued → sending → sent (→ delivered) or failed with a reason. A claim is a conditional
UPDATE (``WHERE status = 'queued'``), so two dispatchers never both deliver one message; on
PostgreSQL, :func:`claim_due` first picks a batch with ``SELECT … FOR UPDATE SKIP LOCKED`` so that
concurrent workers take disjoint batches instead of queueing behind each other's locks. A
message left in ``sending`` (a crash mid-delivery) is never blindly sent again: the channel is
asked whether it has it first, and if the channel cannot tell, the message is failed with a reason
an officer can act on.
"""

import logging
from datetime import timedelta

from sqlalchemy import select, update

from core.constants import EntryTypes, MessageStatus
from core.db import utcnow
from core.events import fire
from core.i18n import text_direction
from core.messaging.delivery import Attachment, OutboundMessage, PermanentFailure, SendResult, TemporaryFailure
from core.models.messages import Message
from core.models.records import RecordsEntry

log = logging.getLogger(__name__)

UNKNOWN_OUTCOME = (
    "Delivery outcome unknown (the dispatcher stopped while sending) and the channel cannot confirm it. "
    "Not resent, to avoid sending the victim the same message twice: check with the victim before sending again."
)


def backoff(config, attempts):
    """Seconds to wait before attempt ``attempts + 1``: doubling, capped."""
    base, cap = config.dispatcher["backoff_seconds"], config.dispatcher["backoff_max_seconds"]
    return min(cap, base * (2 ** max(0, attempts - 1)))


def due_message_ids(session, now, limit):
    """Ids of queued messages whose next attempt is due, oldest first."""
    return session.scalars(
        select(Message.id)
        .where(Message.status == MessageStatus.QUEUED, Message.next_attempt_at <= now)
        .order_by(Message.next_attempt_at)
        .limit(limit)
    ).all()


def claim(session, message_id, now):
    """Move one message from queued to sending; True if this caller won it."""
    result = session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == MessageStatus.QUEUED)
        .values(status=MessageStatus.SENDING, claimed_at=now, attempts=Message.attempts + 1)
    )
    return result.rowcount == 1


def claim_due(mad, now, limit, first=None):
    """Claim up to ``limit`` due messages in one transaction; return them (already ``sending``).

    Called on PostgreSQL by the embedded dispatcher and the Celery tasks. The batch is picked
    with ``FOR UPDATE SKIP LOCKED``, so two concurrent callers never receive the same message and
    never wait for each other; the conditional UPDATE stays as the final guard. With ``first`` (a
    delivery task's own message) that message is claimed first, and if someone else already has
    it nothing is claimed: the batch is filled with the oldest other due messages.
    """
    with mad.session() as session:
        ids = []
        if first is not None:
            ids = session.scalars(_claiming(Message.id == first, now)).all()
            if not ids:
                return []
        if limit > len(ids):
            ids += session.scalars(
                select(Message.id)
                .where(Message.status == MessageStatus.QUEUED, Message.next_attempt_at <= now)
                .order_by(Message.next_attempt_at)
                .limit(limit - len(ids))
                .with_for_update(skip_locked=True)
            ).all()
        claimed = set(ids[:1]) if first is not None else set()
        if len(ids) > len(claimed):
            claimed.update(session.scalars(_claiming(Message.id.in_(ids[len(claimed):]), now)).all())
        if not claimed:
            return []
        found = session.scalars(select(Message).where(Message.id.in_(claimed))).all()
    by_id = {message.id: message for message in found}
    return [by_id[message_id] for message_id in ids if message_id in by_id]


def _claiming(which, now):
    """The conditional UPDATE that moves the ``which`` messages from queued to sending, returning ids."""
    return (
        update(Message)
        .where(which, Message.status == MessageStatus.QUEUED)
        .values(status=MessageStatus.SENDING, claimed_at=now, attempts=Message.attempts + 1)
        .returning(Message.id)
    )


def renew_claims(mad, message_ids, claimed_at, now):
    """Extend the lease on claimed messages this caller still holds; return the set of their ids.

    Called by :func:`core.dispatcher.deliver_due` when working through a batch takes more than
    half the lease, so that the sweeper never takes a message still waiting its turn in a batch
    for a stuck one. A message whose claim changed (swept meanwhile) is left out and not sent.
    """
    with mad.session() as session:
        return set(session.scalars(
            update(Message)
            .where(Message.id.in_(message_ids), Message.status == MessageStatus.SENDING,
                   Message.claimed_at == claimed_at)
            .values(claimed_at=now)
            .returning(Message.id)
        ).all())


def outbound(message):
    """The :class:`OutboundMessage` a channel receives for a stored message."""
    return OutboundMessage(
        id=message.id, kind=message.kind, recipient=message.recipient, body=message.body,
        locale=message.locale, text_direction=text_direction(message.locale), subject=message.subject,
        body_html=message.body_html, crime_reference=message.crime_reference, attempt=message.attempts,
        attachments=tuple(Attachment(a.filename, a.content_type, a.data) for a in message.attachments),
    )


def _finish(mad, message, values, entry_note=None):
    """Store a final or retry state, only if the message is still ``sending`` under the claim
    ``message`` was read with (its ``claimed_at``); True if stored.

    The claim check means a sweeper acting on a stale read can never overwrite the outcome of a
    newer claim (another worker sending the message again after a retry).
    """
    held = [Message.id == message.id, Message.status == MessageStatus.SENDING]
    if message.claimed_at is not None:
        held.append(Message.claimed_at == message.claimed_at)
    with mad.session() as session:
        result = session.execute(update(Message).where(*held).values(**values))
        if result.rowcount == 1 and entry_note:
            entry = session.scalar(select(RecordsEntry).where(RecordsEntry.message_id == message.id))
            if entry is not None:
                entry.entry_type = EntryTypes.MESSAGE_FAILED
                entry.text = f"NOT DELIVERED: {entry_note}\n{entry.text}"
    return result.rowcount == 1


def mark_sent(mad, message, result):
    """Record that the channel accepted (or delivered) the message."""
    now = utcnow()
    status = MessageStatus.DELIVERED if result.delivered else MessageStatus.SENT
    values = {"status": status, "sent_at": now, "provider_reference": result.provider_reference, "failure_reason": None}
    if result.delivered:
        values["delivered_at"] = now
    if _finish(mad, message, values):
        log.info("message sent", extra={"message_id": message.id, "status": status})
        fire(mad.pm, "message_sent", message_id=message.id, crime_reference=message.crime_reference, status=status)


def mark_failed(mad, message, reason):
    """Record that the message failed for good, and say so in its records entry."""
    values = {"status": MessageStatus.FAILED, "failed_at": utcnow(), "failure_reason": reason}
    if _finish(mad, message, values, entry_note=reason):
        log.warning("message failed", extra={"message_id": message.id})
        fire(mad.pm, "message_failed", message_id=message.id, crime_reference=message.crime_reference, reason=reason)


def mark_retry(mad, message, reason):
    """Put the message back in the queue with backoff, or fail it when attempts are used up."""
    if message.attempts >= mad.config.dispatcher["max_attempts"]:
        mark_failed(mad, message, f"Gave up after {message.attempts} attempts: {reason}")
        return
    delay = backoff(mad.config, message.attempts)
    _finish(mad, message, {"status": MessageStatus.QUEUED, "failure_reason": reason,
                              "next_attempt_at": utcnow() + timedelta(seconds=delay)})
    log.info("message will be retried", extra={"message_id": message.id, "delay_seconds": delay})


def reconcile(mad, message, channel, cause):
    """Decide an ambiguous delivery by asking the channel whether it already has the message."""
    try:
        found = channel.lookup(message.id) if channel else None
    except Exception:  # the lookup itself failed: try again later, still without resending
        log.exception("lookup failed", extra={"message_id": message.id})
        return
    if isinstance(found, SendResult):
        mark_sent(mad, message, found)
    elif found is False:
        mark_retry(mad, message, cause)
    else:
        mark_failed(mad, message, UNKNOWN_OUTCOME)


def deliver(mad, message_id):
    """Claim and deliver one message. Called by the dispatcher (embedded or a worker).

    Returns True if this call claimed the message.
    """
    now = utcnow()
    with mad.session() as session:
        if not claim(session, message_id, now):
            return False
        message = session.get(Message, message_id)
    deliver_claimed(mad, message)
    return True


def deliver_claimed(mad, message):
    """Send one message this caller has claimed (status ``sending``) and store the outcome.

    Called by :func:`deliver` and by batch callers of :func:`claim_due`. Returns True.
    """
    channel = mad.channels_by_name.get(message.channel)
    if channel is None:
        mark_retry(mad, message, f"The {message.channel} channel is not enabled")
        return True
    try:
        result = channel.send(outbound(message))
    except PermanentFailure as exc:
        mark_failed(mad, message, exc.reason)
    except TemporaryFailure as exc:
        mark_retry(mad, message, exc.reason)
    except Exception as exc:  # ambiguous: the provider may or may not have it
        log.warning("ambiguous delivery outcome", extra={"message_id": message.id, "error": type(exc).__name__})
        reconcile(mad, message, channel, f"{type(exc).__name__} while sending")
    else:
        mark_sent(mad, message, result or SendResult())
    return True


def sweep_stuck(mad, now):
    """Reconcile messages left in ``sending`` for longer than the lease (a crashed dispatcher)."""
    lease = timedelta(seconds=mad.config.dispatcher["lease_seconds"])
    with mad.session() as session:
        stuck = session.scalars(
            select(Message).where(Message.status == MessageStatus.SENDING, Message.claimed_at < now - lease)
        ).all()
    for message in stuck:
        reconcile(mad, message, mad.channels_by_name.get(message.channel), "The dispatcher stopped while sending")
    return len(stuck)
