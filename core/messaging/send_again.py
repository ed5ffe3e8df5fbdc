"""Sending a failed message, or one that may have been delivered, again with one press.

Called by the "Send again" button on the message's status page. The new message is the old one
rendered afresh (same template, fields, language, recipient and leaflets) through the usual
:func:`~core.messaging.service.prepare` and :func:`~core.messaging.service.queue`, so it is checked,
stored with its own records entry and delivered like any other. Its idempotency key is derived
from the old message's id, so pressing the button twice sends once.
"""

from dataclasses import replace

from core.constants import MessageStatus
from core.messaging.delivery import Attachment
from core.messaging.service import prepare, queue
from core.models.messages import Message


class CannotSendAgain(Exception):
    """The message cannot be sent again from the toolkit; ``reason`` tells the officer why."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def again_key(message_id):
    """The idempotency key of the message that sends ``message_id`` again (the same on every press)."""
    return "again-" + message_id.replace("-", "")


def send_again(mad, message_id, user):
    """Store a new copy of message ``message_id`` for delivery; return ``(new message, created)``.

    Only a message that failed or whose delivery is unknown may be sent again, and only while its
    recipient is still stored (retention clears it). Raises :class:`CannotSendAgain`, or
    :class:`~core.messaging.service.SendInvalid` if the message no longer passes the checks (the
    crime reference, say).
    """
    with mad.session() as session:
        old = session.get(Message, message_id)
        if old is None:
            raise CannotSendAgain("There is no such message.")
        attachments = tuple(Attachment(a.filename, a.content_type, a.data) for a in old.attachments)
    if old.status not in MessageStatus.NEEDS_ATTENTION:
        raise CannotSendAgain("Only a message that failed, or may not have been delivered, can be sent again.")
    if not old.recipient:
        raise CannotSendAgain("The victim's details have been cleared by the retention rules: start a new update.")
    prepared = prepare(mad, {
        "crime_reference": old.crime_reference, "kind": old.kind, "recipient": old.recipient,
        "locale": old.locale, "template_id": old.template_id, "fields": dict(old.fields or {}),
        "idempotency_key": again_key(old.id),
    })
    return queue(mad, replace(prepared, attachments=attachments), user)
