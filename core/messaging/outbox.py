"""Delivering a claimed message: send it through its channel, store the outcome.

States: queued → sending → sent (→ delivered) or failed with a reason. Claiming (queued →
sending) belongs to :mod:`core.messaging.claims`; this module owns what happens to a message
someone holds: :func:`deliver_claimed` sends one and stores its outcome, :func:`deliver_due`
works through the due messages (each next claim made in the transaction that stores the previous
outcome), and the embedded dispatcher and the Celery tasks both call it. A message left in
``sending`` (a crash mid-delivery) is never blindly sent again: the channel is asked whether it
has it first, and if the channel cannot tell, the message is failed with a reason an officer can
act on.
"""

import logging
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import bindparam, func, select

from core.constants import EntryTypes, MessageStatus
from core.conversations.optouts import OPTED_OUT_REASON
from core.db import utcnow
from core.events import MessageFailed, MessageSent
from core.i18n import text_direction
from core.messaging.claims import NextClaim, claim
from core.messaging.delivery import Attachment, OutboundMessage, PermanentFailure, SendResult, TemporaryFailure
from core.messaging.retry import MESSAGE, decide
from core.models.messages import Message
from core.models.records import RecordsEntry

log = logging.getLogger(__name__)

#: The reason stored (and shown on the crime page and status page) when a crash leaves a message
#: whose delivery cannot be known. Never "not delivered": it may well have reached the victim.
UNKNOWN_OUTCOME = (
    "May have been delivered: check with the victim before sending again. The toolkit stopped while "
    "sending and the channel cannot confirm whether the message went, so it was not sent again by itself."
)
#: What the records entry says before its text in that case.
UNKNOWN_ENTRY_NOTE = "MAY HAVE BEEN DELIVERED: check with the victim before sending again"


def outbound(message):
    """The :class:`OutboundMessage` a channel receives for a stored message."""
    return OutboundMessage(
        id=message.id, kind=message.kind, recipient=message.recipient, body=message.body,
        locale=message.locale, text_direction=text_direction(message.locale), subject=message.subject,
        body_html=message.body_html, crime_reference=message.crime_reference, attempt=message.attempts,
        attachments=tuple(Attachment(a.filename, a.content_type, a.data) for a in message.attachments),
        sender_name=message.sender_name,
    )


_MESSAGES = Message.__table__
#: The outcome's condition, built once: still ``sending`` (under the claim it was read with).
_HELD = _MESSAGES.update().where(_MESSAGES.c.id == bindparam("m_id"), _MESSAGES.c.status == MessageStatus.SENDING)
_HELD_UNDER_CLAIM = _HELD.where(_MESSAGES.c.claimed_at == bindparam("m_claimed_at", type_=_MESSAGES.c.claimed_at.type))


@lru_cache(maxsize=32)
def _outcome_statement(columns, under_claim):
    """The outcome UPDATE setting ``columns`` (a tuple of names), each value a bound parameter ``v_<name>``.

    Built once per shape (sent, sent and delivered, failed, retry), so storing an outcome compiles
    nothing. A send time already stored is kept (``sent_at`` = the stored one if any), so a later
    "delivered" receipt does not move it.
    """
    values = {name: bindparam(f"v_{name}", type_=_MESSAGES.c[name].type) for name in columns}
    if "sent_at" in values:
        values["sent_at"] = func.coalesce(_MESSAGES.c.sent_at, values["sent_at"])
    return (_HELD_UNDER_CLAIM if under_claim else _HELD).values(values)


_ENTRIES = RecordsEntry.__table__
#: A failed or unknown outcome's records entry: its new type, and its text after a note.
_ENTRY_CHANGE = (_ENTRIES.update().where(_ENTRIES.c.message_id == bindparam("e_message_id"))
                 .values(entry_type=bindparam("e_type"),
                         text=bindparam("e_note", type_=_ENTRIES.c.text.type) + _ENTRIES.c.text))


def _finish(mad, message, values, entry_change=None, then=None):
    """Store a final or retry state, only if the message is still ``sending`` under the claim
    ``message`` was read with (its ``claimed_at``); True if this call stored it.

    The claim check means a sweeper acting on a stale read can never overwrite the outcome of a
    newer claim (another worker sending the message again after a retry). One small Core UPDATE
    in its own transaction (two with ``entry_change``, ``(entry type, note)``: the records entry
    gets that type and starts with the note), so the outcome is durable before anything could
    hand the message out again. ``then`` (a :class:`core.messaging.claims.NextClaim`) claims the
    next message in the same transaction.
    """
    under_claim = message.claimed_at is not None
    statement = _outcome_statement(tuple(sorted(values)), under_claim)
    params = {"m_id": message.id, **{f"v_{name}": value for name, value in values.items()}}
    if under_claim:
        params["m_claimed_at"] = message.claimed_at
    with mad.db.transaction() as connection:
        stored = connection.execute(statement, params).rowcount == 1
        if stored and entry_change:
            entry_type, note = entry_change
            connection.execute(_ENTRY_CHANGE, {"e_message_id": message.id, "e_type": entry_type,
                                               "e_note": f"{note}\n"})
        if then is not None:
            then(connection)
    return stored


def mark_sent(mad, message, result, then=None):
    """Record that the channel accepted (or delivered) the message; True if this call stored it.

    Called by :func:`deliver_claimed`, :func:`reconcile` and delivery-status callbacks
    (:mod:`core.messaging.status_updates`). A send time already stored is kept, so a later
    "delivered" receipt does not move it.
    """
    now = utcnow()
    status = MessageStatus.DELIVERED if result.delivered else MessageStatus.SENT
    values = {"status": status, "sent_at": now, "provider_reference": result.provider_reference,
              "failure_reason": None}
    if result.delivered:
        values["delivered_at"] = now
    stored = _finish(mad, message, values, then=then)
    if stored:
        log.info("message sent", extra={"message_id": message.id, "status": status})
        mad.track_event(MessageSent(message_id=message.id, crime_reference=message.crime_reference, status=status))
    return stored


def mark_failed(mad, message, reason, then=None, gave_up_after=None):
    """Record that the message failed for good, and say so in its records entry; True if this call stored it.

    Called by :func:`deliver_claimed`, :func:`mark_retry`, :func:`reconcile` and delivery-status
    callbacks. ``gave_up_after`` (seconds) says the retry window ran out; it goes in the event.
    """
    values = {"status": MessageStatus.FAILED, "failed_at": utcnow(), "failure_reason": reason}
    stored = _finish(mad, message, values, entry_change=(EntryTypes.MESSAGE_FAILED, f"NOT DELIVERED: {reason}"),
                     then=then)
    if stored:
        log.warning("message failed", extra={"message_id": message.id})
        extra = {"gave_up_after_seconds": gave_up_after} if gave_up_after is not None else {}
        mad.track_event(MessageFailed(message_id=message.id, crime_reference=message.crime_reference,
                                      status=MessageStatus.FAILED, reason=reason, extra=extra))
    return stored


def mark_unknown(mad, message, then=None):
    """Record that the message may have been delivered (nobody can tell); True if this call stored it.

    Called by :func:`reconcile` when the channel cannot say whether its provider has the message.
    The message is not resent by itself: the officer is told to check with the victim and may
    press "Send again" (:func:`core.messaging.send_again.send_again`). Fires ``message_failed``
    with status ``unknown``, since someone must act.
    """
    values = {"status": MessageStatus.UNKNOWN, "failed_at": utcnow(), "failure_reason": UNKNOWN_OUTCOME}
    stored = _finish(mad, message, values, entry_change=(EntryTypes.MESSAGE_OUTCOME_UNKNOWN, UNKNOWN_ENTRY_NOTE),
                     then=then)
    if stored:
        log.warning("message delivery outcome unknown", extra={"message_id": message.id})
        mad.track_event(MessageFailed(message_id=message.id, crime_reference=message.crime_reference,
                                      status=MessageStatus.UNKNOWN, reason=UNKNOWN_OUTCOME))
    return stored


def mark_retry(mad, message, reason, then=None):
    """Put the message back in the queue with backoff, or fail it once its retry window has ended.

    The window (``[dispatcher] message_retry_hours``) runs from when the message was stored
    (:func:`core.messaging.retry.decide`).
    """
    now = utcnow()
    decision = decide(mad.config.dispatcher, MESSAGE, message.created_at, message.attempts, reason, now)
    if decision.next_attempt_at is None:
        mark_failed(mad, message, decision.reason, then=then,
                    gave_up_after=round((now - message.created_at).total_seconds()))
        return
    _finish(mad, message, {"status": MessageStatus.QUEUED, "failure_reason": reason,
                           "next_attempt_at": decision.next_attempt_at}, then=then)
    log.info("message will be retried", extra={"message_id": message.id,
                                               "delay_seconds": round((decision.next_attempt_at - now).total_seconds(), 1)})


def reconcile(mad, message, channel, cause, then=None):
    """Decide an ambiguous delivery by asking the channel whether it already has the message."""
    try:
        found = channel.lookup(message.id) if channel else None
    except Exception as exc:  # the lookup itself failed: try again later, still without resending
        # The type only: a provider's error text can carry the recipient.
        log.warning("lookup failed", extra={"message_id": message.id, "error": type(exc).__name__})
        return
    if isinstance(found, SendResult):
        mark_sent(mad, message, found, then=then)
    elif found is False:
        mark_retry(mad, message, cause, then=then)
    else:
        mark_unknown(mad, message, then=then)


def deliver(mad, message_id):
    """Claim and deliver one message, due yet or not; True if this call claimed it.

    The dispatchers go through :func:`deliver_due`; this is for tests and scripts.
    """
    with mad.db.transaction() as connection:
        claimed = claim(connection, utcnow(), message_id)
    if claimed is None:
        return False
    deliver_claimed(mad, claimed)
    return True


def deliver_due(mad, limit, first=None):
    """Claim and deliver up to ``limit`` due messages, one at a time; return the ids claimed.

    Called by the embedded dispatcher (:meth:`core.dispatcher.Dispatcher.run_once`) and the Celery
    tasks (:mod:`core.tasks`; ``first`` is a delivery task's own message, delivered first, due yet
    or not, and nothing is delivered if someone else has it). Each claim after the first is made
    in the transaction that stores the previous outcome (:class:`core.messaging.claims.NextClaim`):
    one commit per message, and a crash leaves at most the message in hand in ``sending``.
    """
    claimed = []
    chain = NextClaim(first)
    with mad.db.transaction() as connection:
        chain(connection)
    while (message := chain.take()) is not None:
        claimed.append(message.id)
        more = len(claimed) < limit
        deliver_claimed(mad, message, then=chain if more else None)
        if more and not chain.ran:  # no outcome was stored (a failed lookup): claim on its own
            with mad.db.transaction() as connection:
                chain(connection)
    return claimed


def deliver_claimed(mad, message, then=None):
    """Send one message this caller has claimed (status ``sending``) and store the outcome.

    Called by :func:`deliver` and :func:`deliver_due` (a :class:`core.messaging.claims.ClaimedMessage`).
    ``then`` (a :class:`core.messaging.claims.NextClaim`) runs in the transaction that stores the
    outcome.
    Returns True.
    """
    channel = mad.channels_by_name.get(message.channel)
    if channel is None:
        mark_retry(mad, message, f"The {message.channel} channel is not enabled", then=then)
        return True
    if message.opted_out:  # the last guard, read with the claim: STOP arrived after it was queued
        mark_failed(mad, message, OPTED_OUT_REASON, then=then)
        return True
    try:
        result = channel.send(outbound(message))
    except PermanentFailure as exc:
        mark_failed(mad, message, exc.reason, then=then)
    except TemporaryFailure as exc:
        mark_retry(mad, message, exc.reason, then=then)
    except Exception as exc:  # ambiguous: the provider may or may not have it
        log.warning("ambiguous delivery outcome", extra={"message_id": message.id, "error": type(exc).__name__})
        reconcile(mad, message, channel, f"{type(exc).__name__} while sending", then=then)
    else:
        mark_sent(mad, message, result or SendResult(), then=then)
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
