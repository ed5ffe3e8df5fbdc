"""What failed and needs a person: messages that failed or may have been delivered, records writes given up.

Failures are loud: the officer who sent the message sees it on their home page, supervisors and
admins see the force's list (``/attention``), and ``/healthz`` reports the count and the oldest
age (:func:`summary`). Messages count for :data:`RECENT_DAYS` after they failed (the officer has
then acted or decided not to); a failed records write counts until an admin retries it.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from core.constants import MessageStatus, WriteStatus
from core.db import utcnow
from core.models.messages import Message
from core.models.records import RecordsEntry, RecordsWrite

#: How long a failed message stays on the lists and in the health count.
RECENT_DAYS = 7


@dataclass(frozen=True)
class Attention:
    """The failures one page shows: ``messages`` (Message rows) and ``writes`` ((RecordsWrite, RecordsEntry) pairs)."""

    messages: list
    writes: list

    def __bool__(self):
        return bool(self.messages or self.writes)


def _since(now):
    return (now or utcnow()) - timedelta(days=RECENT_DAYS)


def for_officer(session, user_id, now=None, limit=20):
    """The failures of messages ``user_id`` sent: called by the home page; returns :class:`Attention`."""
    messages = session.scalars(
        select(Message).where(Message.created_by_id == user_id, Message.status.in_(MessageStatus.NEEDS_ATTENTION),
                              Message.failed_at >= _since(now))
        .order_by(Message.failed_at.desc()).limit(limit)).all()
    writes = session.execute(
        select(RecordsWrite, RecordsEntry).join(RecordsEntry, RecordsEntry.id == RecordsWrite.entry_id)
        .join(Message, Message.id == RecordsEntry.message_id)
        .where(Message.created_by_id == user_id, RecordsWrite.status == WriteStatus.FAILED)
        .order_by(RecordsEntry.created_at.desc()).limit(limit)).all()
    return Attention(list(messages), list(writes))


def for_force(session, now=None, limit=200):
    """Every failure in the force: called by the supervisors' and admins' list; returns :class:`Attention`."""
    messages = session.scalars(
        select(Message).where(Message.status.in_(MessageStatus.NEEDS_ATTENTION), Message.failed_at >= _since(now))
        .order_by(Message.failed_at.desc()).limit(limit)).all()
    writes = session.execute(
        select(RecordsWrite, RecordsEntry).join(RecordsEntry, RecordsEntry.id == RecordsWrite.entry_id)
        .where(RecordsWrite.status == WriteStatus.FAILED)
        .order_by(RecordsEntry.created_at.desc()).limit(limit)).all()
    return Attention(list(messages), list(writes))


def summary(session, now=None):
    """Counts and the oldest age (seconds) of what needs attention, for ``/healthz``: ids and numbers only."""
    now = now or utcnow()
    recent = (Message.status.in_(MessageStatus.NEEDS_ATTENTION), Message.failed_at >= _since(now))
    failed = session.scalar(select(func.count()).where(Message.status == MessageStatus.FAILED, *recent[1:])) or 0
    unknown = session.scalar(select(func.count()).where(Message.status == MessageStatus.UNKNOWN, *recent[1:])) or 0
    oldest_message = session.scalar(select(func.min(Message.failed_at)).where(*recent))
    writes_failed = session.scalar(select(func.count()).where(RecordsWrite.status == WriteStatus.FAILED)) or 0
    oldest_write = session.scalar(
        select(func.min(RecordsEntry.created_at)).join(RecordsWrite, RecordsWrite.entry_id == RecordsEntry.id)
        .where(RecordsWrite.status == WriteStatus.FAILED))
    oldest = min((t for t in (oldest_message, oldest_write) if t is not None), default=None)
    return {
        "count": failed + unknown + writes_failed,
        "messages_failed": failed,
        "messages_outcome_unknown": unknown,
        "records_writes_failed": writes_failed,
        "oldest_seconds": round((now - oldest).total_seconds(), 1) if oldest is not None else None,
        "messages_counted_for_days": RECENT_DAYS,
    }
