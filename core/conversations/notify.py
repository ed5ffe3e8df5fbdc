"""Tell the officer in charge that a victim replied: an email that never carries the reply's words.

The email says which crime and asks the officer to read the reply in the toolkit, where it is
shown to signed-in users only. It goes through the force's email channel (the sandbox in the
demo); a failure is stored on the reply and retried by :func:`retry_due`, never dropped.
"""

import logging

from sqlalchemy import select

from core.constants import ChannelKinds
from core.db import utcnow
from core.messaging.delivery import DeliveryError, OutboundMessage
from core.models.conversations import InboundReply
from core.models.people import User

log = logging.getLogger(__name__)

#: Give up retrying a notification after this many attempts (the reply is still on the home page).
MAX_ATTEMPTS = 10


def notification(reply, officer, force_name):
    """The :class:`OutboundMessage` telling ``officer`` about ``reply``: ids and the crime only."""
    about = f"crime {reply.crime_reference}" if reply.crime_reference else "one of your crimes"
    body = (f"Hello {officer.display_name},\n\nA victim has replied about {about}. Sign in to the MaD Toolkit and "
            f"open the crime's page to read the reply.\n\nThe reply is not copied into this email because it is "
            f"the victim's personal information.\n\n{force_name}")
    return OutboundMessage(id=reply.id, kind=ChannelKinds.EMAIL, recipient=officer.email,
                           subject=f"A victim replied about {about}", body=body, locale="en",
                           crime_reference=reply.crime_reference)


def notify(mad, reply_id):
    """Email the officer in charge of reply ``reply_id``; True when sent (or nothing to send).

    Called by :func:`core.conversations.inbound.receive` after the reply is stored, and by
    :func:`retry_due`.
    """
    channel = mad.channels.get(ChannelKinds.EMAIL)
    with mad.session() as session:
        reply = session.get(InboundReply, reply_id)
        officer = session.get(User, reply.officer_id) if reply and reply.officer_id else None
        if reply is None or officer is None or reply.notified_at is not None:
            return True
        reply.notify_attempts += 1
        if channel is None:
            reply.notify_error = "No email channel is enabled for this force"
            return False
        try:
            channel.send(notification(reply, officer, mad.config.force["name"]))
        except Exception as exc:  # stored and retried: never dropped silently
            reply.notify_error = exc.reason if isinstance(exc, DeliveryError) else type(exc).__name__
            log.warning("reply notification failed", extra={"reply_id": reply_id})
            return False
        reply.notified_at, reply.notify_error = utcnow(), None
    log.info("reply notification sent", extra={"reply_id": reply_id})
    return True


def retry_due(mad, limit=50):
    """Retry notifications that failed earlier; return how many were sent.

    Called on the conversations schedule (:func:`core.conversations.schedule.run_due`).
    """
    with mad.session() as session:
        ids = session.scalars(select(InboundReply.id).where(
            InboundReply.notified_at.is_(None), InboundReply.officer_id.is_not(None),
            InboundReply.notify_attempts > 0, InboundReply.notify_attempts < MAX_ATTEMPTS).limit(limit)).all()
    return sum(1 for reply_id in ids if notify(mad, reply_id))
