"""What ``/healthz`` says about the outboxes, whichever dispatcher runs them."""

from sqlalchemy import func, select

from core.constants import MessageStatus, WriteStatus
from core.db import utcnow
from core.models.messages import Message
from core.models.records import RecordsWrite


def outbox_depths(mad):
    """Messages and records writes still pending, and the age of the oldest pending message.

    Called by :meth:`core.dispatcher.Dispatcher.state` and
    :meth:`core.celery_app.CeleryDispatcher.state`; returns a dict for ``/healthz``.
    """
    with mad.session() as session:
        queued = session.scalar(select(func.count()).where(Message.status.in_(MessageStatus.PENDING))) or 0
        oldest = session.scalar(select(func.min(Message.created_at)).where(Message.status.in_(MessageStatus.PENDING)))
        pending_writes = session.scalar(
            select(func.count()).where(RecordsWrite.status.in_((WriteStatus.PENDING, WriteStatus.WRITING)))
        ) or 0
    return {
        "messages_pending": queued,
        "oldest_pending_seconds": round((utcnow() - oldest).total_seconds(), 1) if oldest else None,
        "records_writes_pending": pending_writes,
    }
