"""Records writes that need attention: what is still waiting or has failed, and retrying one now.

The admin page (``core.web.records_admin``) is a thin face over these two functions.
"""

from sqlalchemy import case, select, update

from core.constants import WriteStatus
from core.db import utcnow
from core.models.records import RecordsEntry, RecordsWrite

#: Writes shown on the page: not yet written, or given up on.
NEEDING_ATTENTION = (WriteStatus.PENDING, WriteStatus.WRITING, WriteStatus.FAILED)
#: Writes an admin may send back to the outbox ("writing" is in hand and is left alone).
RETRYABLE = (WriteStatus.PENDING, WriteStatus.FAILED)


def writes_needing_attention(session, limit=500):
    """Failed writes first, then waiting ones, oldest first: ``[(RecordsWrite, RecordsEntry)]``.

    Called by the records writes page. Returns at most ``limit`` rows.
    """
    failed_first = case((RecordsWrite.status == WriteStatus.FAILED, 0), else_=1)
    return session.execute(
        select(RecordsWrite, RecordsEntry)
        .join(RecordsEntry, RecordsEntry.id == RecordsWrite.entry_id)
        .where(RecordsWrite.status.in_(NEEDING_ATTENTION))
        .order_by(failed_first, RecordsEntry.created_at, RecordsWrite.id)
        .limit(limit)
    ).all()


def retry_now(mad, write_id):
    """Send write ``write_id`` back to the outbox, due now, with its attempts counted afresh.

    Called by the "Retry now" button. Writers de-duplicate by entry id, so retrying a write that
    in fact landed makes no second entry. Returns True if the write was pending or failed (and
    is now pending), False otherwise; wakes the dispatcher.
    """
    with mad.session() as session:
        changed = session.execute(
            update(RecordsWrite)
            .where(RecordsWrite.id == write_id, RecordsWrite.status.in_(RETRYABLE))
            .values(status=WriteStatus.PENDING, next_attempt_at=utcnow(), attempts=0)
        ).rowcount == 1
    if changed:
        mad.wake_dispatcher()
    return changed
