"""A delivery receipt that arrives for a message already marked "may have been delivered".

When the dispatcher could not tell whether a channel had a message (:func:`core.messaging.outbox.mark_unknown`),
the message's status is ``unknown`` and its records entry, perhaps already written into the
force's records system, says ``MAY HAVE BEEN DELIVERED``. A provider's receipt arriving later
(Twilio's status callback, hours after the crash) is the answer: :func:`settle_unknown` stores
the outcome and adds a *follow-up* chronology entry stating it, through the records outbox, so the
records system learns the outcome too. The entry already written is never rewritten (a records
system keeps what it was first given for an entry id).

Nothing doubled: the status change is conditional on the message still being ``unknown``, so of
two receipts (or a receipt and an officer's "Send again", which stores a new message) only one
settles it, and the follow-up entry is stored in the same transaction as the status. Nothing
lost: the follow-up's writes are pending rows the records outbox retries until they land.
"""

import logging
import uuid

from sqlalchemy import func, literal, select

from core.constants import EntryTypes, MessageStatus
from core.db import utcnow
from core.events import MessageFailed, MessageSent
from core.messaging.outbox import UNKNOWN_ENTRY_NOTE
from core.models.messages import Message
from core.models.records import RecordsEntry, RecordsWrite

log = logging.getLogger(__name__)

#: The first line of the follow-up entry, by the outcome the receipt reported.
FOLLOW_UP_NOTES = {
    MessageStatus.DELIVERED: "DELIVERED: the delivery receipt has come in for the message recorded earlier as "
                             "MAY HAVE BEEN DELIVERED. The victim received it; do not send it again.",
    MessageStatus.SENT: "SENT: the provider has confirmed it sent the message recorded earlier as "
                        "MAY HAVE BEEN DELIVERED. Do not send it again.",
    MessageStatus.FAILED: "NOT DELIVERED: {reason}. This settles the message recorded earlier as "
                          "MAY HAVE BEEN DELIVERED: the victim did not receive it.",
}


def follow_up_text(status, original_text, reason=None):
    """The follow-up entry's text: the outcome, then the message as the original entry gave it."""
    note = FOLLOW_UP_NOTES[status].format(reason=(reason or "the provider reported it was not delivered").rstrip("."))
    prefix = f"{UNKNOWN_ENTRY_NOTE}\n"
    body = original_text[len(prefix):] if original_text.startswith(prefix) else original_text
    return f"{note}\n{body}"


def settle_unknown(mad, message_id, status, reason=None, provider_reference=None):
    """Store ``status`` (``sent``, ``delivered`` or ``failed``) for ``unknown`` message ``message_id``.

    Called by :func:`core.messaging.status_updates.record_delivery_status` when a receipt arrives
    for a message whose status is ``unknown``. In one transaction: the message takes the outcome
    (failed with ``reason``), and a follow-up records entry stating it is stored with a pending
    write per records writer. Then fires ``message_sent`` or ``message_failed`` and wakes the
    dispatcher to write the entry. Returns True when this call settled the message, False when it
    was no longer ``unknown`` (another receipt settled it first).
    """
    now = utcnow()
    messages = Message.__table__
    values = {"status": status, "failure_reason": reason if status == MessageStatus.FAILED else None}
    if status == MessageStatus.FAILED:
        values["failed_at"] = now
    else:
        values["sent_at"] = func.coalesce(messages.c.sent_at, literal(now, messages.c.sent_at.type))
        values["failed_at"] = None
        if status == MessageStatus.DELIVERED:
            values["delivered_at"] = now
    if provider_reference:
        values["provider_reference"] = provider_reference
    entry_type = EntryTypes.MESSAGE_FAILED if status == MessageStatus.FAILED else EntryTypes.MESSAGE_SENT
    with mad.session() as session:
        settled = session.execute(
            messages.update().where(messages.c.id == message_id, messages.c.status == MessageStatus.UNKNOWN)
            .values(**values)
        ).rowcount == 1
        if not settled:
            return False
        message = session.get(Message, message_id)
        original = session.scalar(select(RecordsEntry).where(RecordsEntry.message_id == message_id)
                                  .order_by(RecordsEntry.created_at).limit(1))
        if original is not None:
            entry = RecordsEntry(id=str(uuid.uuid4()), crime_reference=original.crime_reference, entry_type=entry_type,
                                 text=follow_up_text(status, original.text, reason),
                                 english_text=original.english_text, author=original.author, message_id=message_id)
            session.add(entry)
            session.flush()
            session.add_all(RecordsWrite(entry_id=entry.id, writer=name) for name in mad.writers)
        crime_reference = message.crime_reference
    log.info("unknown outcome settled by a delivery receipt", extra={"message_id": message_id, "status": status})
    if status == MessageStatus.FAILED:
        mad.track_event(MessageFailed(message_id=message_id, crime_reference=crime_reference,
                                      status=MessageStatus.FAILED, reason=reason))
    else:
        mad.track_event(MessageSent(message_id=message_id, crime_reference=crime_reference, status=status))
    mad.wake_dispatcher()
    return True
