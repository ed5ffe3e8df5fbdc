"""What channel plugins may read and change about a stored message after the dispatcher sent it.

A provider's delivery-status callback (Twilio's, say) reports hours later that a text was
delivered or not; :func:`record_delivery_status` stores that, and a channel that must reconcile
an ambiguous send reads the stored message with :func:`stored_message`. Both are re-exported
from :mod:`core.toolkit`.

A final status (delivered, failed) is never changed: the update is conditional on the status it
read, so a late or repeated callback, or one racing the dispatcher, changes nothing. To finish a
message the callback takes it into ``sending`` exactly as a dispatcher's claim would, then calls
the outbox's own :func:`~core.messaging.outbox.mark_sent` / :func:`~core.messaging.outbox.mark_failed`,
so events fire and the records entry says "NOT DELIVERED" through the same code as a send.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from core.constants import MessageStatus
from core.db import utcnow
from core.messaging.delivery import SendResult
from core.messaging.late_receipts import settle_unknown
from core.messaging.outbox import mark_failed, mark_sent
from core.models.messages import Message
from core.models.people import User

log = logging.getLogger(__name__)

#: The statuses a callback may report.
REPORTABLE = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED)


@dataclass(frozen=True)
class StoredMessage:
    """A stored message as a channel sees it when reconciling, with who sent it."""

    id: str
    kind: str
    channel: str
    status: str
    recipient: str | None
    body: str | None
    created_at: datetime
    provider_reference: str | None
    author_name: str | None = None
    author_email: str | None = None


def stored_message(mad, message_id):
    """Read message ``message_id`` for a channel.

    Called by channel plugins: by ``lookup`` to find a message at the provider (recipient, text,
    when it was stored) and to set Reply-To to the sending officer. Returns a
    :class:`StoredMessage`, or None when there is no such message.
    """
    with mad.session() as session:
        row = session.execute(
            select(Message, User.display_name, User.email)
            .outerjoin(User, User.id == Message.created_by_id)
            .where(Message.id == message_id)
        ).first()
    if row is None:
        return None
    message, name, email = row
    return StoredMessage(id=message.id, kind=message.kind, channel=message.channel, status=message.status,
                         recipient=message.recipient, body=message.body, created_at=message.created_at,
                         provider_reference=message.provider_reference, author_name=name, author_email=email)


def references_in_use(mad, references):
    """Of the provider references ``references``, the set already stored against some message.

    Called by a channel's ``lookup`` so that a provider record already matched to one message is
    never taken as proof that a different message (same text, same victim) was sent.
    """
    references = [r for r in references if r]
    if not references:
        return set()
    with mad.session() as session:
        return set(session.scalars(select(Message.provider_reference)
                                   .where(Message.provider_reference.in_(references))).all())


def _failure_reason(status, reason):
    """The reason stored for a failed report (the provider's, or a plain one); None otherwise."""
    if status != MessageStatus.FAILED:
        return None
    return reason or "The provider reported that the message was not delivered"


def _take(session, message):
    """Move ``message`` into ``sending`` from the status it was read in; True if this caller won."""
    if message.status == MessageStatus.SENDING:
        return True
    result = session.execute(
        update(Message)
        .where(Message.id == message.id, Message.status == message.status)
        .values(status=MessageStatus.SENDING, claimed_at=utcnow())
    )
    return result.rowcount == 1


def record_delivery_status(mad, message_id, status, reason=None, provider_reference=None):
    """Store what a provider reported about message ``message_id``.

    Called by channel plugins' delivery-status callbacks. ``status`` is ``sent``, ``delivered``
    or ``failed`` (then ``reason``, readable by an officer, says why). A message already
    delivered or failed is left alone, as is ``sent`` for a message already sent. Fires
    ``message_sent`` or ``message_failed`` and, on failure, marks the records entry NOT
    DELIVERED. A message whose outcome was ``unknown`` is settled by
    :func:`core.messaging.late_receipts.settle_unknown` (a follow-up records entry says so). Returns True when this call stored ``status``, False when the report was ignored
    or lost a race to another report or to the dispatcher. The send time already stored is kept.
    """
    if status not in REPORTABLE:
        raise ValueError(f"status must be one of {REPORTABLE}, not {status!r}")
    with mad.session() as session:
        message = session.get(Message, message_id)
        if message is None or message.status in MessageStatus.FINAL:
            return False
        if status == MessageStatus.SENT and message.status == MessageStatus.SENT:
            return False
        if message.status == MessageStatus.UNKNOWN:  # the answer to "may have been delivered"
            return settle_unknown(mad, message_id, status, reason=_failure_reason(status, reason),
                                  provider_reference=provider_reference)
        if not _take(session, message):
            return False
    reference = provider_reference or message.provider_reference
    if status == MessageStatus.FAILED:
        stored = mark_failed(mad, message, _failure_reason(status, reason))
    else:
        stored = mark_sent(mad, message, SendResult(provider_reference=reference,
                                                    delivered=status == MessageStatus.DELIVERED))
    log.info("delivery status recorded" if stored else "delivery status not stored",
             extra={"message_id": message_id, "status": status})
    return stored
