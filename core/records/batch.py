"""Records writes in batches: one transaction to claim many, one to store their outcomes.

Each write still goes to its writer on its own; what the batch saves is database commits (on
SQLite each commit waits for the disk). Correctness is the single-write path's: a write is
claimed (``pending`` → ``writing``) before it is attempted, an outcome is stored only while the
write is still ``writing``, and a crash between the two leaves writes in ``writing`` for the
sweeper to return, to be written again and de-duplicated by the writer by entry id.
"""

import time

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from core.constants import WriteStatus
from core.db import utcnow
from core.events import fire
from core.models.records import RecordsWrite
from core.records.details import entry_details
from core.records.outbox import attempt, chronology_entry

#: While a batch is being written, outcomes are stored at least this often.
STORE_EVERY_SECONDS = 1.0


def claim(mad, write_ids):
    """Claim every pending write of ``write_ids``; return ``[(write id, writer, entry, attempts)]``."""
    now = utcnow()
    with mad.session() as session:
        claimed = session.scalars(
            update(RecordsWrite)
            .where(RecordsWrite.id.in_(write_ids), RecordsWrite.status == WriteStatus.PENDING)
            .values(status=WriteStatus.WRITING, claimed_at=now, attempts=RecordsWrite.attempts + 1)
            .returning(RecordsWrite.id)
        ).all()
        rows = session.scalars(select(RecordsWrite).options(joinedload(RecordsWrite.entry))
                               .where(RecordsWrite.id.in_(claimed)).order_by(RecordsWrite.id)).all()
        return [(row.id, row.writer, chronology_entry(row.entry, entry_details(mad, session, row.entry)), row.attempts)
                for row in rows]


def _store_all(mad, outcomes):
    """Store ``[(write id, values)]`` in one transaction, each only while still ``writing``.

    Outcomes with the same columns go in one executemany, so a batch is a few round trips.
    """
    table = RecordsWrite.__table__
    groups = {}
    for write_id, values in outcomes:
        groups.setdefault(tuple(sorted(values)), []).append(
            {"b_write_id": write_id, **{f"b_{name}": value for name, value in values.items()}})
    with mad.session() as session:
        for names, rows in groups.items():
            statement = (table.update()
                         .where(table.c.id == bindparam("b_write_id"), table.c.status == WriteStatus.WRITING)
                         .values({name: bindparam(f"b_{name}", type_=table.c[name].type) for name in names}))
            session.connection().execute(statement, rows)


def write_batch(mad, write_ids):
    """Claim, write and store ``write_ids`` as one batch; return how many this call claimed.

    Called by the dispatcher with the ids from ``due_write_ids``. Writes not attempted before
    half the lease has passed are handed back as pending, so the sweeper never finds a write this
    call still means to do.
    """
    if not write_ids:
        return 0
    claimed = claim(mad, list(write_ids))
    half_lease = mad.config.dispatcher["lease_seconds"] / 2
    started = time.monotonic()
    outcomes, events, stored_at = [], [], started
    for index, (write_id, writer_name, entry, attempts) in enumerate(claimed):
        if time.monotonic() - started > half_lease:
            outcomes.extend((w[0], {"status": WriteStatus.PENDING, "attempts": w[3] - 1}) for w in claimed[index:])
            break
        values, event_name, event = attempt(mad, writer_name, entry, attempts)
        outcomes.append((write_id, values))
        if event_name:
            events.append((event_name, event))
        if time.monotonic() - stored_at > STORE_EVERY_SECONDS:  # slow writers: keep the pages up to date
            _flush(mad, outcomes, events)
            stored_at = time.monotonic()
    _flush(mad, outcomes, events)
    return len(claimed)


def _flush(mad, outcomes, events):
    """Store the outcomes so far in one transaction, then fire their events; empties both lists."""
    if outcomes:
        _store_all(mad, outcomes)
    for event_name, event in events:
        fire(mad.pm, event_name, **event)
    outcomes.clear()
    events.clear()
