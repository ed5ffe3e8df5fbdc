"""The records outbox: write each chronology entry through each records writer until it lands.

A write becomes due once the message it describes has an outcome (sent, delivered or failed), so
the chronology says what really happened. Writers de-duplicate by entry id, so a write retried
after a timeout or a crash never makes a second entry.
"""

import logging
from datetime import timedelta

from sqlalchemy import or_, select, update

from core.constants import MessageStatus, WriteStatus
from core.db import utcnow
from core.events import RecordsEntryFailed, RecordsEntryWritten
from core.messaging.retry import RECORDS_WRITE, decide
from core.models.messages import Message
from core.models.records import RecordsEntry, RecordsWrite
from core.records.types import ChronologyEntry, PermanentRecordsError, RecordsError

log = logging.getLogger(__name__)

MESSAGE_HAS_OUTCOME = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.UNKNOWN)
#: Longest reason stored from a writer (a plugin's text is shown on admin pages).
REASON_MAX = 300


def due_write_ids(session, now, limit, message_ids=None):
    """Ids of pending writes that are due and whose message (if any) has an outcome.

    Called by the dispatchers; with ``message_ids`` (a Celery delivery task that has just finished
    those messages) only the writes of their records entries.
    """
    query = (
        select(RecordsWrite.id)
        .join(RecordsEntry, RecordsEntry.id == RecordsWrite.entry_id)
        .outerjoin(Message, Message.id == RecordsEntry.message_id)
        .where(
            RecordsWrite.status == WriteStatus.PENDING,
            RecordsWrite.next_attempt_at <= now,
            or_(RecordsEntry.message_id.is_(None), Message.status.in_(MESSAGE_HAS_OUTCOME)),
        )
    )
    if message_ids is not None:
        query = query.where(RecordsEntry.message_id.in_(message_ids))
    return session.scalars(query.order_by(RecordsWrite.next_attempt_at).limit(limit)).all()


def chronology_entry(entry, details=None):
    """The :class:`ChronologyEntry` a writer receives for a stored entry (``details``: see core.records.details)."""
    return ChronologyEntry(
        id=entry.id, crime_reference=entry.crime_reference, entry_type=entry.entry_type, text=entry.text,
        author=entry.author, occurred_at=entry.created_at, english_text=entry.english_text, details=details or {},
    )


def entry_event(entry, writer_name):
    """The fields every records event for ``entry`` and writer ``writer_name`` carries: ids only."""
    return {"entry_id": entry.id, "crime_reference": entry.crime_reference, "writer": writer_name}


def written(result, written_at):
    """The values stored for a write its writer accepted (``result``: its WriteResult, or None)."""
    return {"status": WriteStatus.WRITTEN, "written_at": written_at, "last_error": None,
            "external_id": result.external_id if result else None}


def attempt(mad, writer_name, entry, attempts):
    """Hand ``entry`` to writer ``writer_name``; return ``(values to store, event to fire or None)``.

    Called by the batch path (:func:`core.records.batch.write_batch`) for a claimed write;
    stores nothing itself.
    """
    writer = mad.writers.get(writer_name)
    event = entry_event(entry, writer_name)
    try:
        if writer is None:
            raise RecordsError(f"The records writer {writer_name} is not enabled")
        result = writer.write(entry)
    except PermanentRecordsError as exc:
        reason = _short(exc.reason)
        return ({"status": WriteStatus.FAILED, "last_error": reason},
                RecordsEntryFailed(reason=reason, status=WriteStatus.FAILED, **event))
    except Exception as exc:  # temporary (or unforeseen, treated as temporary): retried for the window
        reason = _short(exc.reason) if isinstance(exc, RecordsError) else f"{type(exc).__name__} from the records writer"
        log.warning("records write failed", extra={"entry_id": entry.id, "writer": writer_name})
        now = utcnow()
        decision = decide(mad.config.dispatcher, RECORDS_WRITE, entry.occurred_at, attempts, reason, now)
        if decision.next_attempt_at is None:
            gave_up_after = round((now - entry.occurred_at).total_seconds())
            return ({"status": WriteStatus.FAILED, "last_error": decision.reason},
                    RecordsEntryFailed(reason=decision.reason, status=WriteStatus.FAILED,
                                       extra={"gave_up_after_seconds": gave_up_after}, **event))
        return {"status": WriteStatus.PENDING, "last_error": reason,
                "next_attempt_at": decision.next_attempt_at}, None
    return written(result, utcnow()), RecordsEntryWritten(**event)


def _short(reason):
    """A writer's reason, cut to :data:`REASON_MAX` characters (it is stored and shown to admins)."""
    reason = " ".join(str(reason).split())
    return reason if len(reason) <= REASON_MAX else reason[:REASON_MAX - 1] + "…"


def sweep_stuck(mad, now):
    """Return writes left in ``writing`` past ``records_lease_seconds`` to pending.

    The lease is short (a batch renews it as it works, :func:`core.records.batch._renew`), so a
    worker killed mid-batch delays its writes by well under a minute; writers de-duplicate by
    entry id, so even a write still in flight being taken again makes no second entry.
    """
    lease = timedelta(seconds=mad.config.dispatcher["records_lease_seconds"])
    with mad.session() as session:
        result = session.execute(
            update(RecordsWrite)
            .where(RecordsWrite.status == WriteStatus.WRITING, RecordsWrite.claimed_at < now - lease)
            .values(status=WriteStatus.PENDING)
        )
    return result.rowcount
